"""Token helpers shared by the name finders."""
from __future__ import annotations

from .segment import Token

# jieba frequency from which a dictionary word is everyday vocabulary, not a
# name (公司, 供图; 合作 for 合作市): shared by every finder that asks.
EVERYDAY_FREQ = 100
# 第三届, 第26届: the ordinal of a recurring meeting, written once for every
# rule that reads one (a name's start, a fair's short form, a list item).
ORDINAL = r"第[一二三四五六七八九十百\d]+届"
# jieba's tags for a person's name
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})

# POS tags that never occur inside a name: prepositions, conjunctions,
# particles, adverbs, pronouns, classifiers, localisers, interjections,
# numerals, time words and non-words.
STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "q", "f", "y", "e", "o", "x", "m", "t", "zg", "mq", "rr", "rz", "tg"}


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def token_index(tokens: list[Token], n: int) -> list[int]:
    """For each character position, the index of the token covering it."""
    idx = [0] * n
    for k, t in enumerate(tokens):
        idx[t.start:t.end] = [k] * (t.end - t.start)  # a slice in C, not a loop per character
    return idx


def boundaries(tokens: list[Token]) -> tuple[set[int], set[int]]:
    return {t.start for t in tokens}, {t.end for t in tokens}
