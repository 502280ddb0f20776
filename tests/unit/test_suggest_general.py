"""General rules from a third dev set's error classes (issue 11 item 2),
each on sentences written for these tests, in Simplified and Traditional."""

from suggest_checks import T, assert_spans, labels_of


# -- amounts -----------------------------------------------------------------------------
def test_a_range_with_the_unit_on_both_ends_is_one_amount(sug):
    assert_spans(sug, "其中,5亿元~8亿元项目6个,3亿元至6亿元项目2个。",
                 [("5亿元~8亿元", "MONEY"), ("3亿元至6亿元", "MONEY")], [("8亿元", "MONEY"), ("6亿元", "MONEY")])


# -- media lines -------------------------------------------------------------------------
def test_an_outlet_opening_a_story_with_its_date_or_with_xiaoxi(sug):
    assert_spans(sug, "东岭网10月12日讯 昨日,我县举行项目签约。", [("东岭网", "ORG"), ("10月12日", "DATE")])
    assert_spans(sug, "江城网消息(记者赵明 通讯员孙丽)近日,我市召开会议。", [("江城网", "ORG"), ("赵明", "PER"), ("孙丽", "PER")])
    assert_spans(sug, "南岭网5月3日河口消息 昨天,河口区签约项目8个。", [("南岭网", "ORG")])


def test_the_outlet_a_byline_names_and_every_reporter_after_it(sug):
    # the clean text glues the names of a byline (spaces between CJK are removed)
    assert_spans(sug, "(南岭导报记者李红梅通讯员张强)昨日,我区签约项目3个。",
                 [("南岭导报", "ORG"), ("李红梅", "PER"), ("张强", "PER")])


def test_glued_byline_names_split_where_common_surnames_open_them(sug):
    # 王凯王 + 文静 is also a split into surname-led names; 王 is the common surname
    assert_spans(sug, "(记者刘洋 通讯员王凯王文静)", [("王凯", "PER"), ("王文静", "PER")], [("文静", "PER")])


def test_a_name_after_a_title_ends_before_what_the_person_does(sug):
    assert_spans(sug, "县商务局副局长孙小千向考察团介绍了园区情况。", [("孙小千", "PER")])


# -- projects ----------------------------------------------------------------------------
def test_projects_named_only_by_their_kind_are_not_projects(sug):
    for text in ("其中,协议项目4个,总投资3000万美元;意向项目2个。",
                 "积极跟踪在谈项目,储备项目30个,专业招商重点项目集中签约。"):
        for t in (text, T.convert(text)):
            assert labels_of(sug, t, "PROJECT") == [], t


def test_a_firm_and_its_unnamed_cooperation_project(sug):
    assert_spans(sug, "除本市与东方海运(集团)股份有限公司合作项目外,其他项目均在高新区。",
                 [("东方海运(集团)股份有限公司", "COMPANY")], [("东方海运(集团)股份有限公司合作项目", "PROJECT")])


def test_a_park_projects_settle_in_is_a_place(sug):
    assert_spans(sug, "拟入驻中原国际食品加工产业园的项目5个,总投资12亿元。", [("中原国际食品加工产业园", "LOC")],
                 [("中原国际食品加工产业园", "PROJECT")])
    assert_spans(sug, "其中云岭产业园项目13个,计划投资额23亿元。", [("云岭产业园", "LOC")],
                 [("云岭产业园项目", "PROJECT"), ("云岭产业园", "PROJECT")])
    assert_spans(sug, "各县区、云岭产业园(江北高新区)达成签约项目30个。", [("云岭产业园", "LOC"), ("江北高新区", "LOC")])


def test_industries_that_projects_belong_to_are_industries(sug):
    assert_spans(sug, "一季度签约文旅、工业、商贸等产业项目12个,协议引资40亿元。",
                 [("文旅", "INDUSTRY"), ("工业", "INDUSTRY"), ("商贸", "INDUSTRY")], [("工业", "PROJECT")])


# -- events ------------------------------------------------------------------------------
def test_a_meeting_with_an_ordinal_is_also_called_by_its_first_two_characters(sug):
    text = "第十五届江海经贸洽谈会在南通开幕。本次江海会共签约项目20个,第十五届江海会成果丰硕。"
    assert_spans(sug, text, [("第十五届江海经贸洽谈会", "EVENT"), ("江海会", "EVENT"), ("第十五届江海会", "EVENT")])


def test_a_short_form_alone_is_not_enough(sug):
    # without the full name spelled out, 江海会 could be anything
    for t in ("本次江海会共签约项目20个。",):
        assert labels_of(sug, t, "EVENT") == []


def test_an_ordinal_opens_a_fair_short_form_with_a_longer_stem(sug):
    assert_spans(sug, "9月5日,第二十届中国农产品投洽会召开在即。", [("第二十届中国农产品投洽会", "EVENT")],
                 [("中国", "LOC"), ("投洽会", "EVENT")])


def test_the_opening_ceremony_of_a_named_meeting_is_part_of_it(sug):
    assert_spans(sug, "代表团参加了“第五届江海经贸洽谈会开幕式”等活动。", [("第五届江海经贸洽谈会开幕式", "EVENT")],
                 [("第五届江海经贸洽谈会", "EVENT")])


def test_a_counted_meeting_is_described_not_named(sug):
    assert_spans(sug, "本次推介会是河口市2024年首场大型招商推介会,旨在深化合作。", [("2024年", "DATE")],
                 [("2024年首场大型招商推介会", "EVENT")])


def test_a_place_s_collective_signing_ceremony_is_an_event(sug):
    assert_spans(sug, "12月5日,河口市重点项目集中签约仪式在城区举行。", [("河口市重点项目集中签约仪式", "EVENT")])
    for t in ("开发区举行项目集中签约仪式。", "開發區舉行項目集中簽約儀式。"):
        assert labels_of(sug, t, "EVENT") == []


# -- bodies ------------------------------------------------------------------------------
def test_zonghui_and_taiban_bodies(sug):
    assert_spans(sug, "江南纺织总会秘书长王强到会致辞,东海市台办主任李明主持。",
                 [("江南纺织总会", "ORG"), ("东海市台办", "ORG"), ("王强", "PER")])
    assert labels_of(sug, "市台办主任李明主持会议。", "ORG") == []


def test_every_body_of_a_kind_is_no_one_body(sug):
    for t in ("各县区政府和市直有关部门负责同志参加。", "各縣區政府和市直有關部門負責同志參加。"):
        assert labels_of(sug, t, "ORG") == []


# -- lists -------------------------------------------------------------------------------
def test_a_modifier_before_an_industry_head_shows_a_list_is_of_industries(sug):
    assert_spans(sug, "此次签约项目涉及高端制造、塑胶科技等产业领域。",
                 [("高端制造", "INDUSTRY"), ("塑胶科技", "INDUSTRY")])


def test_a_list_of_firms_sectors_names_no_firm(sug):
    assert_spans(sug, "推介会邀请了珠三角地区精细化工、智能装备制造、食品深加工和数字经济等120家知名企业代表参会。",
                 [("智能装备制造", "INDUSTRY"), ("食品深加工", "INDUSTRY")],
                 [("珠三角地区精细化工", "COMPANY"), ("智能装备制造", "COMPANY"), ("食品深加工", "COMPANY")])


def test_projects_listed_before_the_fair_they_were_signed_at(sug):
    assert_spans(sug, "调研组先后深入华光电子(二期)、长明微晶玻璃等第十届西博会签约项目进行考察。",
                 [("华光电子(二期)", "PROJECT"), ("长明微晶玻璃", "PROJECT"), ("第十届西博会", "EVENT")])


def test_named_items_of_a_list_of_industrial_projects_are_projects(sug):
    assert_spans(sug, "积极跟踪洽谈恒锐传感器、东湖智能制造产业园、南山冷链物流园等产业性项目。",
                 [("恒锐传感器", "PROJECT"), ("东湖智能制造产业园", "PROJECT"), ("南山冷链物流园", "PROJECT")])


# -- more bodies, places, people -----------------------------------------------------------
def test_a_taiwan_investment_zone_is_a_place(sug):
    assert_spans(sug, "一季度,江北台商投资区推进9个项目签约落地。", [("江北台商投资区", "LOC")], [("江北", "LOC")])


def test_an_editor_s_byline(sug):
    assert_spans(sug, "今年以来成效显著。\n审校:王丽华", [("王丽华", "PER")])


def test_an_everyday_word_after_a_title_is_no_name(sug):
    for t in ("多家机构负责人应邀出席会议。", "多家機構負責人應邀出席會議。"):
        assert labels_of(sug, t, "PER") == [], t


def test_an_opening_quote_opens_a_joined_meeting_name(sug):
    assert_spans(sug, "我市在北京成功举办了“江城市重点项目签约暨合作恳谈会”,邀请了200多位企业家。",
                 [("江城市重点项目签约暨合作恳谈会", "EVENT")])


def test_a_meeting_named_with_its_districts_in_brackets(sug):
    assert_spans(sug, "昨日,“山海同心”东岭市(南湖·北山)招商推介会在广州举行。", [("东岭市(南湖·北山)招商推介会", "EVENT")],
                 [("南湖", "LOC")])


def test_bodies_listed_as_institutions_are_not_firms(sug):
    for t in ("清远大学、省统计局等多家机构负责人出席会议。", "清遠大學、省統計局等多家機構負責人出席會議。"):
        assert labels_of(sug, t, "COMPANY") == [], t


def test_generic_kinds_of_firms_and_projects(sug):
    for t in ("其中,世界500强、上市公司等优质项目58个。", "第二批次为两地东西部区域产业协作招商项目。"):
        for x in (t, T.convert(t)):
            assert labels_of(sug, x, "COMPANY") == [] and labels_of(sug, x, "PROJECT") == [], x


def test_an_industry_word_inside_a_foreign_firm_s_name_is_no_industry(sug):
    for t in ("签约项目包括德国霍夫曼智能产业创新中心。", "簽約項目包括德國霍夫曼智能產業創新中心。"):
        assert not any("霍夫曼" in x for x in labels_of(sug, t, "INDUSTRY")), t


def test_a_project_s_signing_ceremony_is_no_event_the_project_is_the_name(sug):
    for t in ("日前,东岭县华强光伏组件项目签约仪式举行。", "日前,東嶺縣華強光伏組件項目簽約儀式舉行。"):
        spans = sug.suggest(t)
        assert not any(x["label"] == "EVENT" for x in spans), t
        assert any(x["label"] == "PROJECT" and x["text"].endswith(("华强光伏组件项目", "華強光伏組件項目")) for x in spans), t
