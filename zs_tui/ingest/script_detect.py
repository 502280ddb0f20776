"""Which script an article is written in: simplified, traditional or mixed."""
from __future__ import annotations

import re
from functools import cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")
# Every Han character _kind can tell apart (the BMP blocks); outside them it says 0.
_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))


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
    traditional-only ones: built once per process
    from _kind over the Han blocks (0.3 s), so that an article is counted by
    the regex engine in C rather than character by character in Python (a
    quarter of the time of storing an article before)."""
    trad: list[str] = []
    simp: list[str] = []
    for lo, hi in _HAN_RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            k = _kind(ch)
            if k:
                (trad if k > 0 else simp).append(ch)
    return re.compile("[" + "".join(trad + simp) + "]+"), re.compile("[" + "".join(trad) + "]+")


def detect_script(text: str, sample: int = 50000) -> str:
    """'simplified', 'traditional', 'mixed', or 'none' (no distinctive Han).

    A handful of stray forms (a quoted name, an OCR slip) does not make an
    article mixed: one script must exceed 90% of the distinctive characters.
    """
    either, traditional = _tables()
    distinctive = "".join(either.findall(text[:sample]))
    total = len(distinctive)
    trad = sum(map(len, traditional.findall(distinctive)))  # long runs: an article keeps to its script
    simp = total - trad
    if total == 0:
        return "none"
    if trad / total >= 0.9:
        return "traditional"
    if simp / total >= 0.9:
        return "simplified"
    return "mixed"
