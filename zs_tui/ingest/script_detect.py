"""Which script an article is written in: simplified, traditional or mixed."""
from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")
# Every Han character _kind can tell apart (the BMP blocks); outside them it says 0.
_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
# Characters counted one by one before the regexes are built: building them
# (0.3 s) pays for itself over about 1,500 articles, and a small import or the
# seeding of a first database should not wait for it.
_SMALL = 500_000
_seen = 0


@lru_cache(maxsize=65536)
def _kind(ch: str) -> int:
    """1: traditional-only form, -1: simplified-only form, 0: shared or not Han."""
    if ch.isascii() or not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
        return 0
    if _T2S.convert(ch) != ch:
        return 1
    if _S2T.convert(ch) != ch:
        return -1
    return 0


@cache
def _tables() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for runs of distinctive characters (either script) and of
    traditional-only ones, from _kind over the Han blocks, so that a large
    import counts an article in the regex engine (C) instead of character
    by character in Python (a quarter of the time of storing an article)."""
    trad: list[str] = []
    simp: list[str] = []
    for lo, hi in _HAN_RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            k = _kind(ch)
            if k:
                (trad if k > 0 else simp).append(ch)
    return re.compile("[" + "".join(trad + simp) + "]+"), re.compile("[" + "".join(trad) + "]+")


def _count_by_character(text: str) -> tuple[int, int]:
    """(traditional-only, simplified-only) characters of ``text``, each distinct one looked at once."""
    trad = simp = 0
    for ch, n in Counter(text).items():
        k = _kind(ch)
        if k > 0:
            trad += n
        elif k < 0:
            simp += n
    return trad, simp


def _count_by_regex(text: str) -> tuple[int, int]:
    """The same counts as _count_by_character, by the regexes of _tables."""
    either, traditional = _tables()
    distinctive = "".join(either.findall(text))
    trad = sum(map(len, traditional.findall(distinctive)))  # long runs: an article keeps to its script
    return trad, len(distinctive) - trad


def detect_script(text: str, sample: int = 50000) -> str:
    """'simplified', 'traditional', 'mixed', or 'none' (no distinctive Han).

    A handful of stray forms (a quoted name, an OCR slip) does not make an
    article mixed: one script must exceed 90% of the distinctive characters.
    """
    global _seen
    text = text[:sample]
    _seen += len(text)
    trad, simp = (_count_by_character if _seen <= _SMALL else _count_by_regex)(text)
    total = trad + simp
    if total == 0:
        return "none"
    if trad / total >= 0.9:
        return "traditional"
    if simp / total >= 0.9:
        return "simplified"
    return "mixed"
