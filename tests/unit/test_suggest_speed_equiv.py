"""Speed-ups of the suggester's hot path change no span: each fast path is
compared, exactly, with the plain algorithm it replaced on every text of
both dev sets."""
import json
from pathlib import Path

import pytest

from zs_tui.suggest.lexicon import builtin_lexicon
from zs_tui.suggest.simplify import to_simplified

DATA = Path(__file__).parents[1] / "data"


def dev_texts():
    out = []
    for name in ("gold_seeds.jsonl", "gold_web.jsonl"):
        out += [json.loads(line)["text"] for line in (DATA / name).open(encoding="utf-8")]
    return out


def plain_longest_match(entries, s):
    """The longest entry starting at each position, tried by every length
    from the longest down (the lexicon matcher before its lengths were
    sorted once per first character)."""
    lengths = {}
    for text in entries:
        lengths.setdefault(text[0], set()).add(len(text))
    out = []
    for i, ch in enumerate(s):
        for n in sorted(lengths.get(ch, ()), reverse=True):
            if i + n <= len(s) and s[i:i + n] in entries:
                out.append((i, i + n, entries[s[i:i + n]][0]))
                break
    return out


@pytest.fixture(scope="module")
def lex():
    return builtin_lexicon()


@pytest.mark.parametrize("k", range(len(dev_texts())))
def test_the_lexicon_matcher_finds_what_the_plain_search_finds(lex, k):
    s = to_simplified(dev_texts()[k])
    fast = [(c.start, c.end, c.label) for c in lex.find(s)]
    assert fast == plain_longest_match(lex.entries, s)
    assert fast  # every dev article names a place or a fair


def test_an_entry_learned_later_is_matched_longest_first():
    from zs_tui.suggest.lexicon import Lexicon

    lex = Lexicon({"青川": ("LOC", "t")})
    lex.add("青川县恒远集团", "COMPANY", "learned")
    assert [(c.start, c.end) for c in lex.find("在青川县恒远集团投资")] == [(1, 8)]


# jieba-rs cuts these otherwise than jieba (one word where jieba makes three
# or five); the segmenter hands such blocks to jieba.  Sentences of our own.
TRICKY = [
    "2023-05-18在某县签约", "版本3.4.1今天发布", "做e-commerce平台的x_y科技", "同比增长7.5%以上",
    "规划期为2026-2030年，共10-20个项目", "投资12.5亿元、2.5.6亿和3.5x倍", "C++与A&B公司的#2号线",
    "㐀鿖豈𠀀混在汉字里的罕见字", "1..2与3.%和100%%", "a.b.c和1.5万-2万元",
]


def test_the_segmenter_cuts_every_dev_text_as_plain_jieba():
    from zs_tui.suggest import segment

    for s in [to_simplified(t) for t in dev_texts()] + TRICKY:
        assert segment._fast_words(s) == segment._plain_words(s), s


def test_the_segmenter_words_are_jiebas_around_dates_versions_and_rare_characters():
    from zs_tui.suggest import segment

    words = [w for w, _, _ in segment._fast_words("版本3.4.1今天发布，2023-05-18签约")]
    assert words == ["版本", "3.4", ".", "1", "今天", "发布", "，", "2023", "-", "05", "-", "18", "签约"]


def test_every_suggestion_on_both_dev_sets_is_that_of_the_plain_segmenter(monkeypatch):
    from zs_tui.suggest import Suggester, segment

    sug = Suggester()
    texts = dev_texts()
    fast = [sug.suggest(t) for t in texts]
    monkeypatch.setattr(segment, "_words", segment._plain_words)
    plain = [sug.suggest(t) for t in texts]
    assert fast == plain
    assert sum(map(len, fast)) > 500  # the dev sets have hundreds of entities


# Lists beside what the clause search must not cut wrongly: commas and full
# stops next to them, a bracket holding a semicolon, a space or a line break
# inside an amount, the noun or 等 in another clause.  Sentences of our own.
LIST_CASES = [
    "与甲乙科技、丙丁电气、戊己集团等12家企业签约。",
    "签约甲乙科技,丙丁电气、戊己集团等多家知名企业，落户园区",
    "引进年产5万吨铜箔、储能机柜(一期；二期)等8个重点项目；",
    "包括甲乙项目、丙丁基地等一批超5 亿元的大项目。另有戊己、庚辛等\n3个项目",
    "甲乙、丙丁等。企业很多", "甲乙、丙丁，等12家企业", "推进锂电、光伏等第三届博览会签约项目",
    "县领导张三、李四及华信集团、恒远公司等10家企业",
]


def test_the_list_patterns_match_in_their_clauses_what_they_match_in_the_whole_text():
    from zs_tui.suggest.lists import LISTS, list_matches

    found = 0
    for s in [to_simplified(t) for t in dev_texts()] + LIST_CASES:
        for label, pattern in LISTS.items():
            fast = [(m.span(), m.groups()) for m in list_matches(s, label)]
            assert fast == [(m.span(), m.groups()) for m in pattern.finditer(s)], (label, s)
            found += len(fast)
    assert found > 10  # the dev sets and the cases hold lists of both kinds
