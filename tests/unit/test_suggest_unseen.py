"""General rules from the error classes of a fifth dev set (six articles
from other sites, annotated before the suggester's output on them was
read), each on sentences written for these tests, in Simplified and
Traditional."""

from suggest_checks import assert_spans


# -- amounts and dates -------------------------------------------------------------------
def test_an_amount_written_in_several_magnitudes_is_one_amount(sug):
    assert_spans(sug, "全年签约金额达48亿306万2千元,另有12亿5千元在谈。",
                 [("48亿306万2千元", "MONEY"), ("12亿5千元", "MONEY")], [("2千元", "MONEY"), ("5千元", "MONEY")])


def test_a_space_between_number_and_unit_stays_inside_the_amount(sug):
    assert_spans(sug, "总投资 35 亿元的电池项目落户。", [("35 亿元", "MONEY")])


def test_a_currency_in_front_opens_the_amount(sug):
    assert_spans(sug, "合同金额为人民币8000万元,折合新台币3亿元。",
                 [("人民币8000万元", "MONEY"), ("新台币3亿元", "MONEY")], [("8000万元", "MONEY")])


def test_a_day_right_after_the_subject_of_a_sentence_is_a_date(sug):
    assert_spans(sug, "青山县政府12日召开招商会。", [("12日", "DATE")])
    # a count of days or a deadline is no date
    assert_spans(sug, "工程历时5日完工,手续7日内办结,每月15日公布。", absent=[("5日", "DATE"), ("7日", "DATE"), ("15日", "DATE")])


# -- places and bodies -------------------------------------------------------------------
def test_taiwans_cities_and_counties_are_places(sug):
    assert_spans(sug, "来自台湾台中的客商与屏东县代表团洽谈。", [("台湾台中", "LOC"), ("屏东县", "LOC")])


def test_a_city_government_written_short_is_one_org(sug):
    assert_spans(sug, "台南市府昨日宣布,新一轮招商启动。", [("台南市府", "ORG")])


def test_national_ministries_are_orgs_with_their_departments(sug):
    assert_spans(sug, "项目获得商务部支持,国家发展改革委和农业农村部市场信息司派员指导。",
                 [("商务部", "ORG"), ("国家发展改革委", "ORG"), ("农业农村部市场信息司", "ORG")])
    assert_spans(sug, "国家科技部火炬中心的专家到场。", [("国家科技部火炬中心", "ORG")])


def test_a_ministry_joined_to_another_body_by_a_function_word_stays_alone(sug):
    assert_spans(sug, "商务部与省政府合作中心签约。", [("商务部", "ORG")], [("商务部与省政府合作中心", "ORG")])


def test_a_generic_kind_of_firm_is_no_company(sug):
    assert_spans(sug, "世界500强、跨国公司、央企负责人出席。", absent=[("跨国公司", "COMPANY")])


# -- media -------------------------------------------------------------------------------
def test_an_outlet_then_the_place_filed_from_then_the_date(sug):
    assert_spans(sug, "东岭网青川5月8日消息(记者赵明)青川县签约项目6个。",
                 [("东岭网", "ORG"), ("青川", "LOC"), ("5月8日", "DATE"), ("赵明", "PER")])


def test_an_outlet_in_a_bracketed_dateline_and_its_byline(sug):
    assert_spans(sug, "【星光时讯2021年03月02日讯】(星光时讯记者王小红报道)全县招商成绩斐然。",
                 [("星光时讯", "ORG"), ("2021年03月02日", "DATE"), ("王小红", "PER")])


# -- events ------------------------------------------------------------------------------
def test_a_quoted_theme_inside_a_meetings_name_stays_inside(sug):
    assert_spans(sug, "5月8日上午,青川招商引资推进“千企入川”专场推介会在成都举办。",
                 [("青川招商引资推进“千企入川”专场推介会", "EVENT")], [("专场推介会", "EVENT")])


def test_a_quoted_slogan_in_front_of_a_meeting_is_no_part_of_it(sug):
    spans = {s["text"] for s in sug.suggest("“山海同心 共赢未来”2024青川县产业招商推介会在成都举行。")}
    assert not any("山海同心" in t for t in spans), spans


def test_the_first_session_of_a_fair_named_short(sug):
    assert_spans(sug, "自2008年首届川洽会举办以来,川洽会已办16届。", [("首届川洽会", "EVENT"), ("川洽会", "EVENT")])


def test_dialogues_and_showcases_are_meetings(sug):
    assert_spans(sug, "与会嘉宾参加了青川县企业家高层对话会和成都营商环境展示会。",
                 [("青川县企业家高层对话会", "EVENT"), ("成都营商环境展示会", "EVENT")])


# -- projects ----------------------------------------------------------------------------
def test_a_list_of_projects_announced_as_a_batch_or_with_their_state(sug):
    assert_spans(sug, "青川县引进了绿源农庄、云顶光伏电站等一批重大项目,洽谈了竹海康养基地、溪口电子材料等在谈项目。",
                 [("绿源农庄", "PROJECT"), ("云顶光伏电站", "PROJECT"), ("竹海康养基地", "PROJECT"), ("溪口电子材料", "PROJECT")])


def test_list_items_each_introduced_by_their_amount(sug):
    assert_spans(sug, "总投资30亿元的恒远新材料年产5万吨铜箔、总投资12亿元的星河科技第6代显示模组等项目集中签约。",
                 [("恒远新材料年产5万吨铜箔", "PROJECT"), ("星河科技第6代显示模组", "PROJECT")])


def test_ji_inside_a_listed_projects_name_joins_its_products(sug):
    assert_spans(sug, "恒远集团轴承系列、星河科技年产800万片触控模组及器件等一批项目投产。",
                 [("星河科技年产800万片触控模组及器件", "PROJECT"), ("恒远集团轴承系列", "PROJECT")], [("器件", "PROJECT")])


def test_a_capacity_inside_a_project_name_after_the_firm(sug):
    assert_spans(sug, "县政府与恒远能源签约的恒远青川200MW渔光互补项目落地。", [("恒远青川200MW渔光互补项目", "PROJECT")])


def test_a_code_name_opens_a_project_name(sug):
    assert_spans(sug, "签约的S12智造园投资运营项目总投资10亿元。", [("S12智造园投资运营项目", "PROJECT")])


def test_two_partners_joined_by_a_hyphen_name_one_project(sug):
    assert_spans(sug, "四川光电-恒远高科航空材料产业基地成功签约。", [("四川光电-恒远高科航空材料产业基地", "PROJECT")])


def test_a_verb_ending_the_first_of_two_conjuncts_stays_in_the_project(sug):
    assert_spans(sug, "青川县引进恒远绿色食品加工及国际康养产业园。", [("恒远绿色食品加工及国际康养产业园", "PROJECT")])


def test_a_name_runs_on_before_a_bracketed_place_and_the_verb_after_it(sug):
    assert_spans(sug, "县政府与恒远集团签约的恒远绿谷(青川)包装产业园项目落地。", [("恒远绿谷(青川)包装产业园项目", "PROJECT")])


# -- bodies, people, places, industries ----------------------------------------------------
def test_an_investment_service_centre_with_its_place_is_one_org(sug):
    assert_spans(sug, "青川县投资促进服务中心于成都召开推介会。", [("青川县投资促进服务中心", "ORG")], [("青川县", "LOC")])


def test_the_reporter_a_story_signs_off_with_in_brackets(sug):
    assert_spans(sug, "多个项目已签约落户青川。(林晓芸)\n", [("林晓芸", "PER")])
    assert_spans(sug, "多个项目已签约落户青川。(刘蓉万兴峰)", [("刘蓉", "PER"), ("万兴峰", "PER")])
    # inside a sentence, or a firm in brackets, is no sign-off
    assert_spans(sug, "签约方(林晓芸)出席。合作方为本地银行(中国银行)", absent=[("林晓芸", "PER"), ("中国", "PER")])


def test_a_ranking_is_no_place(sug):
    spans = [(s["text"], s["label"]) for s in sug.suggest("世界500强、中国500强企业纷纷落户中国。")]
    assert spans.count(("中国", "LOC")) == 1, spans


def test_industries_listed_as_the_scope_of_projects(sug):
    assert_spans(sug, "签约项目触及医疗康养、节能环保、现代制造业等范畴。",
                 [("医疗康养", "INDUSTRY"), ("节能环保", "INDUSTRY"), ("现代制造业", "INDUSTRY")], [("触及医疗康养", "INDUSTRY")])


def test_yiji_joins_two_listed_projects(sug):
    assert_spans(sug, "其中,青川农谷、S12智造园运营项目以及恒远光伏玻璃生产项目等6个项目投资额过10亿元。",
                 [("青川农谷", "PROJECT"), ("S12智造园运营项目", "PROJECT"), ("恒远光伏玻璃生产项目", "PROJECT")])


def test_two_places_the_article_names_combined_by_their_first_characters(sug):
    text = "青川县与江油市签约,推动青江两地产业协作,青江合作再上台阶。"
    assert_spans(sug, text, [("青江", "LOC")])
    # without both places named in full, two characters are no place
    assert_spans(sug, "推动青江两地产业协作。", absent=[("青江", "LOC")])
