"""Clean text (GUIDELINES.md, "Clean text") and the map back to the raw text."""
from __future__ import annotations

import random
import re

import pytest

from zs_tui.ingest.clean import CJK_CLASS, CharMap, clean_text

_CJK_GAP = re.compile(f"[{CJK_CLASS}][ \\t\\u00a0]+[{CJK_CLASS}]")


def check_map(raw: str, clean: str, cmap: CharMap) -> None:
    """Every clean character comes from the same character of the raw text,
    in order, and only noise (glosses, CR, inter-CJK spaces) is dropped."""
    assert cmap.clean_len == len(clean)
    assert cmap.raw_len == len(raw)
    positions = [cmap.to_raw(i) for i in range(len(clean))]
    for i, r in enumerate(positions):
        assert clean[i] == raw[r], (i, r, clean[i], raw[r])
    assert positions == sorted(set(positions)), "map must be strictly increasing"
    assert cmap.to_raw(len(clean)) == len(raw)
    kept = set(positions)
    dropped = "".join(ch for r, ch in enumerate(raw) if r not in kept)
    # noise only: pinyin letters, brackets, CR, spaces
    assert re.fullmatch(r"[a-zü\u00c0-\u024f\u1e00-\u1eff()\r \t\u00a0]*", dropped), repr(dropped)
    # the map survives the database round trip
    again = CharMap.from_json(cmap.to_json())
    assert [again.to_raw(i) for i in range(len(clean) + 1)] == positions + [len(raw)]


# -- the rules, one by one -------------------------------------------------

@pytest.mark.parametrize(
    "raw, clean",
    [
        ("網(wǎng)", "網"),
        ("新華網(wǎng)記者", "新華網記者"),
        ("日報(bào)報(bào)道", "日報報道"),
        ("綠(lǜ)色", "綠色"),  # ü with a tone mark
        ("區(qū)委", "區委"),
    ],
)
def test_pinyin_gloss_removed(raw: str, clean: str) -> None:
    got, cmap = clean_text(raw)
    assert got == clean
    check_map(raw, got, cmap)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("南京金基控股(集團(tuán))有限公司", "南京金基控股(集團)有限公司"),
        ("信息通信技術(ICT)產業", "信息通信技術(ICT)產業"),  # no tone mark: not pinyin
        ("手機(app)下載", "手機(app)下載"),
        ("(通訊員 王貴珍)3月20日", "(通訊員王貴珍)3月20日"),
        ("徐州(2023)年", "徐州(2023)年"),
        ("生物医药(含医疗器械)产业", "生物医药(含医疗器械)产业"),
        ("wǎng (wǎng)", "wǎng (wǎng)"),  # gloss not after a Han character
    ],
)
def test_legitimate_brackets_kept(raw: str, clean: str) -> None:
    got, cmap = clean_text(raw)
    assert got == clean
    check_map(raw, got, cmap)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("招商 引资", "招商引资"),  # PDF line-break space inside a word
        ("招商\t \u00a0引资", "招商引资"),
        ("Q1 招商", "Q1 招商"),  # Latin on one side
        ("招商 Q1", "招商 Q1"),
        ("2023年 3月", "2023年 3月"),
        ("完成。 招商", "完成。 招商"),  # after punctuation
        ("“招商” 引资", "“招商” 引资"),
        ("招商\n引资", "招商\n引资"),  # a newline is not a space
        ("  主要领导进京", "  主要领导进京"),  # paragraph indent
        ("記者 鄭", "記者鄭"),
        ("技術(ICT) 產業", "技術(ICT) 產業"),  # after a bracket that is not a gloss
        ("網(wǎng)(wǎng) \t絡", "網絡"),  # after a doubled gloss
        ("網(wǎng) (wǎng)絡", "網 (wǎng)絡"),  # a gloss after a space is text
    ],
)
def test_spaces_removed_only_between_cjk(raw: str, clean: str) -> None:
    got, cmap = clean_text(raw)
    assert got == clean
    check_map(raw, got, cmap)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("第一段\r\n第二段\r\n", "第一段\n第二段\n"),
        ("a\r\nb", "a\nb"),
        ("第一段\r\r\n第二段", "第一段\n第二段"),  # a doubly converted line ending
        ("第一段\n第二段", "第一段\n第二段"),
    ],
)
def test_crlf_becomes_lf(raw: str, clean: str) -> None:
    got, cmap = clean_text(raw)
    assert got == clean
    check_map(raw, got, cmap)


def test_nothing_else_changes() -> None:
    # Script, typos, full-width punctuation and digits stay as they are.
    raw = "蘇州工业园区 2023年签约项目３０个，總投資超過五十亿元!! (ICT)"
    got, cmap = clean_text(raw)
    assert got == raw
    assert cmap.segments == ((0, 0, len(raw)),)


def test_gloss_then_gap() -> None:
    # The gap only becomes CJK-to-CJK once the gloss is gone.
    raw = "招商網(wǎng) 絡平臺(tái)"
    got, cmap = clean_text(raw)
    assert got == "招商網絡平臺"
    check_map(raw, got, cmap)


def test_repeated_gloss_removed() -> None:
    raw = "新華網(wǎng)(wǎng)記者"
    got, cmap = clean_text(raw)
    assert got == "新華網記者"
    check_map(raw, got, cmap)


def test_empty_and_astral() -> None:
    assert clean_text("")[0] == ""
    raw = "𠀀 𠀁(jí)企业"  # extension B characters
    got, cmap = clean_text(raw)
    assert got == "𠀀𠀁企业"
    check_map(raw, got, cmap)


# -- span_to_raw ------------------------------------------------------------

def test_span_to_raw() -> None:
    raw = "南京金基控股(集團(tuán))有限公司在網(wǎng) 絡上"
    clean, cmap = clean_text(raw)
    assert clean == "南京金基控股(集團)有限公司在網絡上"
    # a span over the whole firm name covers the gloss inside it in the raw text
    s, e = clean.index("南京"), clean.index("公司") + 2
    rs, re_ = cmap.span_to_raw(s, e)
    assert raw[rs:re_] == "南京金基控股(集團(tuán))有限公司"
    # a span ending right before a gloss does not take the gloss
    s = clean.index("集團")
    rs, re_ = cmap.span_to_raw(s, s + 2)
    assert raw[rs:re_] == "集團"
    # a span across a removed space
    s = clean.index("網絡")
    rs, re_ = cmap.span_to_raw(s, s + 2)
    assert raw[rs:re_] == "網(wǎng) 絡"
    # empty span and end of text
    assert cmap.span_to_raw(3, 3) == (3, 3)
    assert cmap.span_to_raw(len(clean), len(clean)) == (len(raw), len(raw))
    with pytest.raises(IndexError):
        cmap.to_raw(len(clean) + 1)
    with pytest.raises(IndexError):
        cmap.to_raw(-1)


# -- the seeds --------------------------------------------------------------

def _seed_texts(seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    assert len(files) == 5
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def test_map_over_all_seeds(seeds_dir) -> None:
    for name, raw in _seed_texts(seeds_dir):
        clean, cmap = clean_text(raw)
        check_map(raw, clean, cmap)
        assert not re.search(f"[{CJK_CLASS}]\\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\\)", clean), name
        assert not _CJK_GAP.search(clean), name
        assert "\r" not in clean
        assert clean_text(clean)[0] == clean, f"{name}: cleaning is not idempotent"


def test_seed_glosses(seeds_dir) -> None:
    texts = dict(_seed_texts(seeds_dir))
    raw = texts["001_29fb5b71ec975258.txt"]
    assert "網(wǎng)" in raw
    clean, _ = clean_text(raw)
    assert "(wǎng)" not in clean and "(bào)" not in clean
    raw4 = texts["004_90e1908df8659d19.txt"]
    clean4, _ = clean_text(raw4)
    assert "控股(集團)有限公司" in clean4
    # a simplified seed without noise is left exactly as it was
    raw0 = texts["000_a3eb56ffbb372eba.txt"]
    assert clean_text(raw0)[0] == raw0


# -- property check on generated strings ------------------------------------

PIECES = [
    "招", "商", "引", "资", "網", "報", "集", "團", "项", "目", "𠀀",
    "(wǎng)", "(bào)", "(lǜ)", "(tuán)", "(ICT)", "(app)", "(集團)", "(2023)", "（全角）",
    "(", ")", "ǎ", "a",
    " ", "  ", "\t", "\u00a0", "\u3000",
    "\r\n", "\n", "\r", "\r\r\n",
    "Q1", "ICT", "3", "。", "，", "“", "”", ":",
]


@pytest.mark.parametrize("seed", range(40))
def test_map_property_generated(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        raw = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        clean, cmap = clean_text(raw)
        check_map(raw, clean, cmap)
        assert "\r\n" not in clean
        assert not _CJK_GAP.search(clean), repr(raw)
        assert clean_text(clean)[0] == clean, f"not idempotent on {raw!r}"
        # any clean span maps to a raw span that starts and ends on the same characters
        if clean:
            a = rng.randrange(len(clean))
            b = rng.randint(a + 1, len(clean))
            ra, rb = cmap.span_to_raw(a, b)
            assert raw[ra] == clean[a] and raw[rb - 1] == clean[b - 1]
            # and the raw span, cleaned on its own, gives the clean span back
            assert clean_text(raw[ra:rb])[0] == clean[a:b], (raw, a, b)
