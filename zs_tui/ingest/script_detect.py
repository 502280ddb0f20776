"""Which script an article is written in: simplified, traditional or mixed."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")


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


def detect_script(text: str, sample: int = 50000) -> str:
    """'simplified', 'traditional', 'mixed', or 'none' (no distinctive Han).

    A handful of stray forms (a quoted name, an OCR slip) does not make an
    article mixed: one script must exceed 90% of the distinctive characters.
    """
    trad = simp = 0
    # Each distinct character looked at once (Counter counts in C): a loop
    # over every character was the costliest step of storing an article.
    for ch, n in Counter(text[:sample]).items():
        k = _kind(ch)
        if k > 0:
            trad += n
        elif k < 0:
            simp += n
    total = trad + simp
    if total == 0:
        return "none"
    if trad / total >= 0.9:
        return "traditional"
    if simp / total >= 0.9:
        return "simplified"
    return "mixed"
