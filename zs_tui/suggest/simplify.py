"""A Simplified copy of the text with the same length, for analysis.

OpenCC converts phrase by phrase and may change lengths; converting
character by character keeps every offset valid for the stored text.
"""
from __future__ import annotations

from opencc import OpenCC

_CC = OpenCC("t2s")
_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()


def to_simplified(text: str) -> str:
    new = set(text) - _SEEN
    for ch in new:
        _SEEN.add(ch)
        if ch.isascii():
            continue
        conv = _CC.convert(ch)
        if len(conv) == 1 and conv != ch:
            _TABLE[ord(ch)] = conv
    return text.translate(_TABLE)
