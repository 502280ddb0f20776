"""The suggester's general rules, on sentences written for these tests.

Each test names the rule a reviewer would notice: a span suggested (one key
to accept) or a span not suggested (no key wasted on a reject).
"""
import pytest
from opencc import OpenCC

from zs_tui.ingest.inputs import read_inputs
from zs_tui.suggest import Suggester


@pytest.fixture(scope="module")
def sug():
    return Suggester(model=None)  # the rules alone; with the trained layer: tests/functional/test_suggest_model.py


def found(sug, text):
    return {(s["text"], s["label"]) for s in sug.suggest(text)}


def labelled(sug, text, label):
    return [s["text"] for s in sug.suggest(text) if s["label"] == label]


# -- INDUSTRY ---------------------------------------------------------------
def test_unknown_items_of_an_industry_enumeration_are_industries(sug):
    text = "开发区聚焦新能源、新材料、兽用疫苗、海洋牧场等产业精准招商。"
    assert labelled(sug, text, "INDUSTRY") == ["新能源", "新材料", "兽用疫苗", "海洋牧场"]


def test_enumeration_closed_by_a_count_of_fields(sug):
    text = "签约项目涵盖现代农业、精细化工、氢能装备、冷链物流四大领域,总投资20亿元。"
    assert labelled(sug, text, "INDUSTRY") == ["现代农业", "精细化工", "氢能装备", "冷链物流"]


def test_enumeration_starts_after_the_words_leading_into_it(sug):
    text = "各县区、各部门瞄准新能源汽车、移动智能终端、卫星互联网三大新兴产业,实施精准招商。"
    assert labelled(sug, text, "INDUSTRY") == ["新能源汽车", "移动智能终端", "卫星互联网"]


def test_a_list_of_places_is_not_a_list_of_industries(sug):
    spans = found(sug, "招商小分队走访了长三角、珠三角、成渝地区等重点区域。")
    assert not [t for t, lab in spans if lab == "INDUSTRY"]
    assert {("长三角", "LOC"), ("珠三角", "LOC")} <= spans


def test_modifier_and_industry_word_form_one_industry(sug):
    text = "全县围绕高端服装、绿色冶金与精密铸造等领域培育龙头企业。"
    assert labelled(sug, text, "INDUSTRY") == ["高端服装", "绿色冶金", "精密铸造"]


def test_adjacent_industry_words_form_one_industry(sug):
    assert "新能源汽车零部件" in labelled(sug, "园区重点发展新能源汽车零部件产业。", "INDUSTRY")


def test_a_product_word_outside_an_industry_context_is_not_an_industry(sug):
    text = "车间里新建了两条陶瓷生产线,电力桥架已经安装完毕。"
    assert not labelled(sug, text, "INDUSTRY")


def test_a_product_word_before_chanye_is_an_industry(sug):
    assert labelled(sug, "当地陶瓷产业发展迅速。", "INDUSTRY") == ["陶瓷"]


def test_one_industry_named_as_what_a_place_is_built_on(sug):
    assert "海工装备" in labelled(sug, "该市以海工装备为特色,打造沿海产业带。", "INDUSTRY")


def test_a_closer_word_inside_the_last_item_does_not_close_an_industry_list(sug):
    # 产业 here is inside a platform's name; the list (of firms and platforms)
    # ends at 等, so its items are not industries.
    text = "举办华清新材、远能电气、医疗器械产业全生命周期服务平台等签约活动。"
    industries = labelled(sug, text, "INDUSTRY")
    assert "华清新材" not in industries and "远能电气" not in industries


# -- LOC ----------------------------------------------------------------------
def test_a_county_renamed_to_a_city_is_still_a_place(sug):
    # The division table knows 邹平县; the county became 邹平市 in 2018.
    assert ("邹平市", "LOC") in found(sug, "邹平市与深圳企业签约。")


def test_short_forms_of_cities_are_places_even_when_jieba_calls_them_nouns(sug):
    spans = found(sug, "考察团先后到合肥、烟台、大连对接企业。")
    assert {("合肥", "LOC"), ("烟台", "LOC"), ("大连", "LOC")} <= spans


def test_everyday_words_that_are_also_short_place_names_are_not_places(sug):
    spans = found(sug, "与会来宾参观了老城区的新建项目,双方合作友好。")
    assert not [t for t, lab in spans if lab == "LOC"]


def test_town_rule_needs_a_town_name(sug):
    spans = found(sug, "用好专业镇招商,在他乡举办恳谈会;柳泉镇签约两个项目。")
    locs = [t for t, lab in spans if lab == "LOC"]
    assert locs == ["柳泉镇"]


def test_a_place_at_the_very_end_of_the_text_stays_inside_it(sug):
    for text in ("项目落户朔州", "签约地点在合肥", "来自徐州"):
        spans = sug.suggest(text)
        assert spans and all(0 <= s["start"] < s["end"] <= len(text) for s in spans)
        assert spans[-1]["text"] == text[spans[-1]["start"]:]


# -- MONEY / DATE ---------------------------------------------------------------
def test_a_chinese_numeral_word_before_yuan_is_not_money(sug):
    assert not labelled(sug, "年产5万吨三元前驱体项目,实行一元化管理。", "MONEY")
    assert labelled(sug, "奖励资金五千元,注册资本三千万元。", "MONEY") == ["五千元", "三千万元"]


def test_a_bare_lunar_day_after_punctuation_is_a_date(sug):
    assert labelled(sug, "正月初八开工,初九全员到岗。", "DATE") == ["正月初八", "初九"]
    assert not labelled(sug, "他是初三学生。", "DATE")


# -- EVENT ----------------------------------------------------------------------
def test_an_event_joined_with_ji_is_one_event(sug):
    text = "县政府在西安举办文化旅游推介暨“秦岭山货”品牌推广活动,反响热烈。"
    assert "文化旅游推介暨“秦岭山货”品牌推广活动" in labelled(sug, text, "EVENT")


def test_a_quoted_campaign_name_before_zhuanxiang_huodong_is_an_event(sug):
    text = "全区开展“双招双引”“百企进园”专项活动,同时“请进来”活动办了12场。"
    assert labelled(sug, text, "EVENT") == ["双招双引", "百企进园"]


# -- lists and names ----------------------------------------------------------------
def test_items_of_a_list_of_projects_are_projects(sug):
    text = "全力推进华晟光电二期、天成智能装备、蓝海生物等5个重点项目建设。"
    assert labelled(sug, text, "PROJECT") == ["华晟光电二期", "天成智能装备", "蓝海生物"]


def test_a_firm_name_holding_a_conjunction_character_stays_whole(sug):
    text = "签约企业包括中信银行、仁和药业、同和科技等8家企业。"
    assert labelled(sug, text, "COMPANY") == ["中信银行", "仁和药业", "同和科技"]


def test_a_capacity_opening_a_project_name_is_part_of_it(sug):
    # as the gold keeps capacity + product whole in a list of projects
    assert labelled(sug, "年产300吨香精香料项目签约。", "PROJECT") == ["年产300吨香精香料项目"]
    assert labelled(sug, "洽谈了8万吨电解铜箔项目、青禾食品项目等。", "PROJECT")[0] == "8万吨电解铜箔项目"


def test_a_project_named_after_a_firm_with_a_verb_inside(sug):
    assert labelled(sug, "在开发区的恒远降解新材料项目现场,工人正在施工。", "PROJECT") == ["恒远降解新材料项目"]


def test_generic_kinds_of_projects_are_not_projects(sug):
    text = "签约项目中有6000万美元韩资项目1个,另有多个基础设施项目,吸引更多大项目落户。"
    assert not labelled(sug, text, "PROJECT")


# -- scripts ------------------------------------------------------------------------
def test_traditional_seed_articles_get_the_spans_of_their_simplified_twin(sug, seeds_dir):
    """Every seed, converted both ways character by character: identical spans."""
    s2t, t2s = OpenCC("s2t"), OpenCC("t2s")

    def convert(cc, text):
        return "".join(c if len(cc.convert(c)) != 1 else cc.convert(c) for c in text)

    items, _ = read_inputs([str(seeds_dir)])
    for it in items:
        trad, simp = convert(s2t, it.article.clean), convert(t2s, it.article.clean)
        assert trad != simp
        key = lambda spans: [(s["start"], s["end"], s["label"]) for s in spans]  # noqa: E731
        assert key(sug.suggest(trad)) == key(sug.suggest(simp)), it.article.source


# -- PER ------------------------------------------------------------------------
def test_a_person_named_before_what_people_say_in_news(sug):
    text = "会上,李国强表示,将全力支持项目建设。张晓梅、刘志远等陪同考察。"
    assert labelled(sug, text, "PER") == ["李国强", "张晓梅", "刘志远"]
    assert not labelled(sug, text, "PROJECT")  # 全力支持项目 is no project


def test_a_list_of_places_before_deng_is_not_a_list_of_people(sug):
    assert not labelled(sug, "游客涌向王府井、西单等商圈。", "PER")


def test_names_listed_after_a_title_are_people_not_firms(sug):
    text = "县领导王振东、刘海峰、陈立及华信集团、力玄科技等10家企业负责人参加签约仪式。"
    assert labelled(sug, text, "PER") == ["王振东", "刘海峰", "陈立"]
    assert labelled(sug, text, "COMPANY") == ["华信集团", "力玄科技"]


def test_a_name_cut_short_by_jieba_is_whole_before_what_people_do(sug):
    assert labelled(sug, "县委书记李俊伟主持签约仪式。", "PER") == ["李俊伟"]


def test_a_given_name_that_is_also_a_place_stays_in_the_person(sug):
    spans = found(sug, "一级巡视员陈金秀出席活动。")
    assert ("陈金秀", "PER") in spans and not [t for t, lab in spans if lab == "LOC"]


def test_sectors_before_n_jia_qiye_are_industries_not_firms(sug):
    text = "邀请了精细化工、智能装备制造、食品深加工等157家企业代表、在宁校友、战友代表参加。"
    assert labelled(sug, text, "INDUSTRY") == ["精细化工", "智能装备制造", "食品深加工"]
    assert not labelled(sug, text, "COMPANY")


def test_a_place_before_jituan_or_yinhang_names_a_firm(sug):
    assert labelled(sug, "江苏银行与吴中集团签约,全市企业集团参加。", "COMPANY") == ["江苏银行", "吴中集团"]


def test_rivers_bays_and_ports_jieba_knows_are_places(sug):
    spans = found(sug, "项目位于胶州湾畔,产品经洋山港出口,城市面貌一新。")
    assert {t for t, lab in spans if lab == "LOC"} == {"胶州湾", "洋山港"}


def test_named_venues_are_places(sug):
    spans = found(sug, "推介会在合肥滨湖国际会展中心举行,签约仪式在该酒店和市民广场举办。")
    assert {t for t, lab in spans if lab == "LOC"} == {"合肥滨湖国际会展中心"}


def test_bureaus_and_bank_branches_are_named_by_their_endings(sug):
    spans = found(sug, "合肥市投资促进局与建设银行合肥分行签约,市文化和旅游局参加。")
    assert {("合肥市投资促进局", "ORG"), ("建设银行合肥分行", "COMPANY")} <= spans
    assert not [t for t, lab in spans if lab == "ORG" and t.startswith("市文化")]  # bare 市: generic
