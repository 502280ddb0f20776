"""General rules from the error classes of a sixth dev set (eight articles
from sites not used before, annotated before the suggester's output on them
was read), each on sentences written for these tests, in Simplified and
Traditional."""

from suggest_checks import assert_spans


# -- people ------------------------------------------------------------------------------
def test_reporters_in_brackets_right_after_the_dateline_are_people(sug):
    assert_spans(sug, "本报讯(柳青山)5月8日,新区签约项目6个。", [("柳青山", "PER")])
    # names the clean text glued together are split, in Traditional too
    assert_spans(sug, "本報訊(陳曉東黃麗萍)近日,園區簽約項目3個。", [("陳曉東", "PER"), ("黃麗萍", "PER")])


def test_a_photo_credit_ends_before_its_verb(sug):
    assert_spans(sug, "签约现场。新华网记者周岚摄\n", [("周岚", "PER")], [("周岚摄", "PER")])
    assert_spans(sug, "簽約現場。記者張立新攝\n", [("張立新", "PER")])


# -- events ------------------------------------------------------------------------------
def test_a_meeting_named_after_two_places_joined_by_a_dot_is_one_event(sug):
    assert_spans(sug, "9月3日,2021中国·青州第五届投资贸易洽谈会开幕。",
                 [("2021中国·青州第五届投资贸易洽谈会", "EVENT")], [("青州第五届投资贸易洽谈会", "EVENT")])


def test_a_fair_called_by_its_number_is_one_event(sug):
    assert_spans(sug, "“十八洽会”是展示城市形象的平台,作为“三十一博会”的一部分。",
                 [("十八洽会", "EVENT"), ("三十一博会", "EVENT")], [("八洽会", "EVENT")])
    assert_spans(sug, "作為“二十五洽會”重要組成部分。", [("二十五洽會", "EVENT")])


# -- projects ----------------------------------------------------------------------------
def test_where_a_project_is_built_is_no_part_of_its_name(sug):
    assert_spans(sug, "该公司计划投资8亿元在宿州市建设精密轴承研发及生产基地项目。",
                 [("宿州市", "LOC"), ("精密轴承研发及生产基地项目", "PROJECT")],
                 [("宿州市建设精密轴承研发及生产基地项目", "PROJECT")])
    assert_spans(sug, "計劃投資5億元在荊門市建設新型建材產業基地項目。",
                 [("荊門市", "LOC"), ("新型建材產業基地項目", "PROJECT")])


def test_projects_counted_by_kind_are_no_named_project(sug):
    assert_spans(sug, "全年签约项目40个,其中制造业项目31个,二是服务业项目多。",
                 absent=[("其中制造业项目", "PROJECT"), ("制造业项目", "PROJECT"), ("二是服务业项目", "PROJECT")])
    # the last item of a list followed by its count is still a name
    assert_spans(sug, "云帆建设项目、海棠数据中心项目2项将集中签约。",
                 [("云帆建设项目", "PROJECT"), ("海棠数据中心项目", "PROJECT")])


# -- industries --------------------------------------------------------------------------
def test_kinds_of_projects_counted_side_by_side_are_industries(sug):
    assert_spans(sug, "在9个项目中,医疗器械项目3项,跨境电商项目2项,文体康养项目4项。",
                 [("医疗器械", "INDUSTRY"), ("跨境电商", "INDUSTRY"), ("文体康养", "INDUSTRY")])
    assert_spans(sug, "在9個項目中,醫療器械項目3項,文體康養項目4項。", [("醫療器械", "INDUSTRY"), ("文體康養", "INDUSTRY")])
    # counts of projects by size or by place name no industry
    assert_spans(sug, "其中,亿元以上项目5个,园区项目3个。", absent=[("亿元以上", "INDUSTRY"), ("园区", "INDUSTRY")])
