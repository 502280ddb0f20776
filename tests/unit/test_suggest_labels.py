"""Each label on sentences written for these tests (not taken from the seeds)."""
import pytest

from zs_tui.suggest import Suggester


@pytest.fixture(scope="module")
def sug():
    return Suggester(model=None)  # the rules alone; with the trained layer: tests/functional/test_suggest_model.py


def found(sug, text):
    return {(s["text"], s["label"]) for s in sug.suggest(text)}


def test_spans_are_sorted_flat_and_point_into_the_text(sug):
    text = "2024年6月8日,合肥市人民政府与比亚迪股份有限公司签约,总投资120亿元的新能源汽车零部件项目落户合肥经济技术开发区。"
    spans = sug.suggest(text)
    assert spans == sorted(spans, key=lambda s: s["start"])
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"]
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]


@pytest.mark.parametrize("text,span", [
    ("项目总投资约35.6亿元,其中", "35.6亿元"),
    ("计划投资近百亿元建设", "百亿元"),
    ("引进外资8000万美元以上", "8000万美元"),
    ("预计投资20~30亿元", "20~30亿元"),
    ("注册资本三千万元", "三千万元"),
])
def test_money(sug, text, span):
    assert (span, "MONEY") in found(sug, text)


@pytest.mark.parametrize("text,span", [
    ("2024年7月12日上午,签约仪式举行", "2024年7月12日上午"),
    ("9月3日至5日,代表团赴广东考察", "9月3日至5日"),
    ("今年1—8月份,全市实际利用外资", "今年1—8月份"),
    ("今年二季度以来", "今年二季度"),
    ("正月初八一早", "正月初八"),
])
def test_date(sug, text, span):
    assert (span, "DATE") in found(sug, text)


def test_durations_and_bare_relative_words_are_not_dates(sug):
    spans = found(sug, "项目用时8个月建成,今年将继续推进,去年底完成了任务。")
    assert not [t for t, lab in spans if lab == "DATE"]


def test_person_after_title_and_in_byline(sug):
    spans = found(sug, "(记者 刘晓东)市委书记王建国带队考察,总经理陈思远介绍了情况。")
    assert {("刘晓东", "PER"), ("王建国", "PER"), ("陈思远", "PER")} <= spans


def test_org_company_loc(sug):
    spans = found(sug, "成都市人民政府与四川长虹电器股份有限公司在成都高新区签署协议,贵州省贵阳市南明区委负责同志出席。")
    assert ("成都市人民政府", "ORG") in spans
    assert ("四川长虹电器股份有限公司", "COMPANY") in spans
    assert ("成都高新区", "LOC") in spans
    assert ("贵州省贵阳市南明区委", "ORG") in spans


def test_project_event_industry(sug):
    text = "总投资30亿元的宏图高端装备制造产业园项目在2024贵阳投资推介会上签约,涉及生物医药与大健康产业。"
    spans = found(sug, text)
    assert ("宏图高端装备制造产业园项目", "PROJECT") in spans
    assert ("2024贵阳投资推介会", "EVENT") in spans
    assert {("生物医药", "INDUSTRY"), ("大健康", "INDUSTRY")} <= spans


def test_generic_references_are_not_entities(sug):
    spans = found(sug, "我市重大项目加快推进,该企业在高新区建设项目,市政府高度重视。")
    assert not [t for t, lab in spans if lab in ("PROJECT", "COMPANY", "ORG")]


def test_every_mention_of_a_name_is_suggested(sug):
    text = "副市长赵海峰主持会议。会上,赵海峰强调要抓好落实。"
    assert [s["text"] for s in sug.suggest(text) if s["label"] == "PER"] == ["赵海峰", "赵海峰"]


def test_traditional_with_glosses_reads_like_simplified(sug):
    from zs_tui.ingest.clean import clean_text

    raw = "2024年5月9日,蘇州市人民政府與華東電網(wǎng)有限公司簽約,總投資50億元的光伏項(xiàng)目落戶蘇州工業(yè)園區(qū)。"
    clean, _ = clean_text(raw)
    simp = "2024年5月9日,苏州市人民政府与华东电网有限公司签约,总投资50亿元的光伏项目落户苏州工业园区。"
    assert len(clean) == len(simp)
    trad = [(s["start"], s["end"], s["label"]) for s in sug.suggest(clean)]
    assert trad == [(s["start"], s["end"], s["label"]) for s in sug.suggest(simp)]
    assert ("蘇州市人民政府", "ORG") in {(clean[a:b], lab) for a, b, lab in trad}
