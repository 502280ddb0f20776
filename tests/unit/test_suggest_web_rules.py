"""Error classes seen on real articles from other sites (issue 11), each on
sentences written for these tests, in Simplified and Traditional script."""
import pytest
from suggest_checks import assert_spans, both, found


# -- media outlets and bylines ----------------------------------------------------------
def test_the_outlet_a_page_credits_is_an_org(sug):
    assert_spans(sug, "来源:江南日报\n2023-05-06 08:30\n", [("江南日报", "ORG"), ("2023-05-06 08:30", "DATE")])


def test_outlet_before_xun_and_the_reporter_after_it(sug):
    assert_spans(sug, "海东网讯 记者李文华报道:日前,我市召开会议。", [("海东网", "ORG"), ("李文华", "PER")])


def test_a_news_agency_dateline_names_the_agency(sug):
    assert_spans(sug, "中新社武汉5月3日电(记者 王海涛)3日,全省重点项目集中开工。",
                 [("中新社", "ORG"), ("王海涛", "PER"), ("3日", "DATE")])


def test_a_site_name_heading_a_line_before_a_separator(sug):
    assert_spans(sug, "江南经济网-江南日报(记者 周文)近日,", [("江南经济网", "ORG"), ("江南日报", "ORG"), ("周文", "PER")])
    for t, _ in both("全市建成5G基站网络,覆盖城乡。"):
        assert not [x for x, lab in found(sug, t) if lab == "ORG"]


def test_generic_outlets_and_empty_sources_are_not_orgs(sug):
    for t, _ in both("本报讯 近日,全市召开大会。来源:浏览次数:"):
        assert not [x for x, lab in found(sug, t) if lab == "ORG"]


# -- place + government body -----------------------------------------------------------------
def test_place_and_body_ending_form_one_org(sug):
    assert_spans(sug, "湖州市商务局、浙江省商务厅、宁波市发改委和梅山新区管委会有关负责人参加,开化县政府作了介绍。",
                 [("湖州市商务局", "ORG"), ("浙江省商务厅", "ORG"), ("宁波市发改委", "ORG"), ("梅山新区管委会", "ORG"),
                  ("开化县政府", "ORG")])


def test_a_preposition_glued_to_the_place_stays_out_of_the_org(sug):
    assert_spans(sug, "据湖南省发展改革委有关负责人介绍,项目进展顺利。", [("湖南省发展改革委", "ORG")],
                 absent=[("据湖南省发展改革委", "ORG")])


def test_a_bare_level_and_function_is_generic(sug):
    for t, _ in both("市政府、省商务厅和区政府高度重视。"):
        assert not [x for x, lab in found(sug, t) if lab == "ORG"]


# -- officials' names after titles --------------------------------------------------------------
def test_names_after_titles_with_rare_surnames_and_titles_inside_words(sug):
    assert_spans(sug, "会见了恒信集团董事长傅建平、首席执行官竺明远,宁波商会会长甘雨晴以及客商代表。",
                 [("傅建平", "PER"), ("竺明远", "PER"), ("甘雨晴", "PER")])


def test_a_three_character_name_is_whole_when_it_stands_whole_elsewhere(sug):
    text = "公司董事长罗振山毕业于名校。罗振山表示,将加快投资。"
    for t, conv in both(text):
        spans = [s for s in sug.suggest(t) if s["label"] == "PER"]
        assert [s["text"] for s in spans] == [conv("罗振山"), conv("罗振山")]


# -- firm short names --------------------------------------------------------------------------
def test_a_short_name_after_yu_before_a_deal_is_a_firm(sug):
    assert_spans(sug, "市政府与比亚迪签约,并与腾讯达成合作,与上海电气签订协议。",
                 [("比亚迪", "COMPANY"), ("腾讯", "COMPANY"), ("上海电气", "COMPANY")])


def test_people_places_and_generic_partners_are_not_firms(sug):
    for t, _ in both("区长与张伟座谈,并与深圳签约,与企业洽谈,与中科院合作,与会嘉宾共同见证。"):
        assert not [x for x, lab in found(sug, t) if lab == "COMPANY"]


def test_a_firm_named_in_full_is_found_by_its_short_name_later(sug):
    assert_spans(sug, "恒远精工科技股份有限公司落户园区。恒远精工将建设研发中心。",
                 [("恒远精工科技股份有限公司", "COMPANY"), ("恒远精工", "COMPANY")])


def test_a_country_in_front_of_a_firm_is_its_own_place(sug):
    assert_spans(sug, "会见了德国巴斯夫集团中国区总裁。", [("德国", "LOC"), ("巴斯夫集团", "COMPANY")],
                 absent=[("德国巴斯夫集团", "COMPANY")])


# -- lists of firms and lists of projects, descriptors ----------------------------------------------
def test_a_list_of_firms_with_descriptors_in_front(sug):
    assert_spans(sug, "与世界500强企业西门子、头部企业宁德时代等企业深化合作。",
                 [("西门子", "COMPANY"), ("宁德时代", "COMPANY")],
                 absent=[("头部企业宁德时代", "COMPANY"), ("世界500强企业西门子", "COMPANY")])


def test_a_descriptor_before_a_firm_name_is_trimmed(sug):
    assert_spans(sug, "引进龙头企业华晨集团投资建厂。", [("华晨集团", "COMPANY")], absent=[("龙头企业华晨集团", "COMPANY")])


def test_items_before_n_jia_yaoqi_are_firms_and_before_n_ge_xiangmu_projects(sug):
    assert_spans(sug, "产品供应给华远药业、康宁制药等多家知名药企。签约了锦程新材料、恒达精密轴承等6个项目。",
                 [("华远药业", "COMPANY"), ("康宁制药", "COMPANY"), ("锦程新材料", "PROJECT"), ("恒达精密轴承", "PROJECT")],
                 absent=[("锦程新材料", "COMPANY"), ("华远药业", "PROJECT")])


def test_capacity_and_product_items_of_a_project_list(sug):
    assert_spans(sug, "开工建设,年产5万吨锂电铜箔、8吉瓦光伏组件(二期)、3000吨特种纤维等12项重点项目有序推进。",
                 [("8吉瓦光伏组件(二期)", "PROJECT"), ("3000吨特种纤维", "PROJECT")])


def test_a_list_announced_as_projects_after_a_colon_or_a_comma(sug):
    assert_spans(sug, "此次推介的“八大文旅招商项目”分别为:青山湖滨度假区、云岭茶文化园、古镇民宿集群。",
                 [("青山湖滨度假区", "PROJECT"), ("云岭茶文化园", "PROJECT"), ("古镇民宿集群", "PROJECT")])
    assert_spans(sug, "考察了一批优质项目,智慧物流园、光学镜片生产项目和储能电池项目有望落地。",
                 [("智慧物流园", "PROJECT"), ("光学镜片生产项目", "PROJECT"), ("储能电池项目", "PROJECT")])


def test_size_classes_abbreviations_and_descriptions_are_not_projects(sug):
    text = "其中50亿级项目2个,双方就在渝投资项目洽谈,该县已成为全国重要的茶叶加工基地。"
    for t, _ in both(text):
        assert not [x for x, lab in found(sug, t) if lab == "PROJECT"]


def test_a_zone_in_front_of_a_project_is_its_own_place(sug):
    assert_spans(sug, "着重推动临港新区海翼无人机研发综合体项目建设。", [("海翼无人机研发综合体项目", "PROJECT")],
                 absent=[("临港新区海翼无人机研发综合体项目", "PROJECT")])


# -- events -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,event", [
    ("4月2日,2023年重点项目建设推进会召开。", "2023年重点项目建设推进会"),
    ("在省茶博会项目说明会上,总投资8亿元的项目签约。", "省茶博会项目说明会"),
    ("举办粤港澳大湾区产业合作恳谈会,", "粤港澳大湾区产业合作恳谈会"),
    ("参加第五届西部投资洽谈会,", "第五届西部投资洽谈会"),
    ("启动滨江科技活动周,", "滨江科技活动周"),
    ("在第七届中博会上签约", "第七届中博会"),
    ("客商参加农博会期间", "农博会"),
    ("开展2024台商江西行活动,", "2024台商江西行活动"),
])
def test_named_meetings_with_their_year_and_short_forms_of_fairs(sug, text, event):
    assert_spans(sug, text, [(event, "EVENT")])


def test_quoted_campaigns_counting_days_or_naming_a_theme_year(sug):
    assert_spans(sug, "以项目建设“百日冲刺”为抓手,是我县“营商环境提升年”的重点。",
                 [("百日冲刺", "EVENT"), ("营商环境提升年", "EVENT")])
    for t, _ in both("落实“一号工程”,当好“店小二”。"):
        assert not [x for x, lab in found(sug, t) if lab == "EVENT"]


# -- money and dates ----------------------------------------------------------------------------------
def test_amounts_without_yuan_where_the_sentence_counts_money(sug):
    assert_spans(sug, "项目总投资32亿,签约额4.5亿,实际到位资金6000万,总投资达120亿多元。",
                 [("32亿", "MONEY"), ("4.5亿", "MONEY"), ("6000万", "MONEY"), ("120亿多元", "MONEY")])


def test_size_classes_and_quantities_without_yuan_are_not_money(sug):
    for t, _ in both("其中50亿级项目2个,百亿级企业3家,年产3000万件,建筑面积60万平方米,投资5亿以上大项目4个。"):
        assert not [x for x, lab in found(sug, t) if lab == "MONEY"]


def test_days_named_alone_at_a_clause_head_and_year_to_date_periods(sug):
    assert_spans(sug, "5月10日抵达。11日晚,考察团会见客商。12日、13日,分别洽谈。今年前两个月,签约项目8个。今年前三季度,增长5%。",
                 [("11日晚", "DATE"), ("12日", "DATE"), ("13日", "DATE"), ("今年前两个月", "DATE"), ("今年前三季度", "DATE")])
    for t, _ in both("每月15日召开调度会,用时3个月。"):
        assert not [x for x, lab in found(sug, t) if lab == "DATE"]


def test_a_month_with_a_range_of_days(sug):
    assert_spans(sug, "记者报道:6月17至19日,代表团赴沪考察。", [("6月17至19日", "DATE")])


# -- industries ---------------------------------------------------------------------------------------
def test_two_fields_side_by_side_are_two_industries(sug):
    assert_spans(sug, "涵盖新能源新材料、高端装备制造及人工智能等业态。", [("新能源", "INDUSTRY"), ("新材料", "INDUSTRY")],
                 absent=[("新能源新材料", "INDUSTRY")])
    assert_spans(sug, "重点发展新能源汽车零部件产业。", [("新能源汽车零部件", "INDUSTRY")])


def test_a_conjunction_character_inside_a_word_splits_no_list(sug):
    for t, conv in both("签约项目涉及节能环保、新材料、生物医药等产业。"):
        spans = found(sug, t)
        assert not [x for x, lab in spans if lab == "INDUSTRY" and conv("涉") in x], spans
        assert (conv("节能环保"), "INDUSTRY") in spans


def test_a_list_ending_in_deng_then_closer_words_joined_by_he(sug):
    assert_spans(sug, "涉及农业、文化旅游、旅游业等行业和领域。", [("旅游业", "INDUSTRY"), ("文化旅游", "INDUSTRY")],
                 absent=[("旅游业等", "INDUSTRY")])


def test_an_idiom_before_an_industry_phrase_stays_out(sug):
    assert_spans(sug, "近年来,该县高度重视生物医药产业发展。", [("生物医药", "INDUSTRY")], absent=[("高度重视生物医药", "INDUSTRY")])


# -- parks as places, trips, regions -------------------------------------------------------------------
def test_a_park_where_something_is_held_or_that_is_visited_is_a_place(sug):
    assert_spans(sug, "推进会在滨湖智能制造产业园举行。", [("滨湖智能制造产业园", "LOC")], absent=[("滨湖智能制造产业园", "PROJECT")])
    assert_spans(sug, "先后考察了光谷生物医药产业基地、东湖光电科技园。",
                 [("光谷生物医药产业基地", "LOC"), ("东湖光电科技园", "LOC")])
    assert_spans(sug, "签约了滨湖智能制造产业园等3个项目。", [("滨湖智能制造产业园", "PROJECT")])


def test_a_trip_to_a_place_to_attract_investment_is_no_event(sug):
    assert_spans(sug, "研究近期赴德国、法国招商活动事宜。", [("法国", "LOC")], absent=[("法国招商活动", "EVENT")])


def test_a_region_named_with_diqu_is_one_place(sug):
    assert_spans(sug, "来自苏北地区的项目占比40%。", [("苏北地区", "LOC")], absent=[("苏北", "LOC")])


def test_a_title_is_never_inside_an_org_name(sug):
    for t, conv in both("公司董事长罗振山系行业协会副会长,秘书长陈立新同志出席。"):
        spans = sug.suggest(t)
        assert not [s for s in spans if s["label"] in ("ORG", "COMPANY") and conv("董事长") in s["text"]], spans
        assert (conv("陈立新"), "PER") in {(s["text"], s["label"]) for s in spans}


def test_a_list_of_firms_counted_with_yu_after_a_verb_and_its_particle(sug):
    assert_spans(sug, "本届展会吸引了京东、亚马逊、拼多多等300余家企业参展。",
                 [("京东", "COMPANY"), ("亚马逊", "COMPANY"), ("拼多多", "COMPANY")])


def test_the_verb_that_holds_an_event_and_the_people_before_it_stay_out(sug):
    text = "常务副市长周建明带队参加投洽会,副市长李华出席2024年招商推介会。"
    assert_spans(sug, text, [("周建明", "PER"), ("投洽会", "EVENT"), ("2024年招商推介会", "EVENT")])
    for t, conv in both(text):
        assert not [s for s in sug.suggest(t) if s["label"] == "EVENT" and conv("参加") in s["text"]]
