"""One analysis of an article, shared by every rule.

Built once per text: the clean text as stored, its length-preserving
Simplified copy (every offset is valid for both), jieba's tokens with the
token covering each character, word boundaries, and the ranges MONEY and
DATE grammar found, which no name may run across.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import numbers
from .segment import Token, tokenize
from .simplify import to_simplified
from .tokens import boundaries, token_index


@dataclass
class Analysis:
    clean: str
    s: str  # the Simplified copy every rule reads
    tokens: list[Token]
    tok_at: list[int]  # index of the token covering each character
    starts: set[int]  # offsets where a token starts
    ends: set[int]  # offsets where a token ends
    money: list[tuple[int, int]]
    dates: list[tuple[int, int]]
    blocked: list[bool] = field(repr=False)  # inside a MONEY or DATE range

    @classmethod
    def of(cls, clean: str) -> Analysis:
        s = to_simplified(clean)
        tokens = tokenize(s)
        starts, ends = boundaries(tokens)
        money, dates = numbers.find_money(s), numbers.find_dates(s)
        blocked = [False] * len(s)
        for a, b in (*money, *dates):
            blocked[a:b] = [True] * (b - a)
        return cls(clean, s, tokens, token_index(tokens, len(s)), starts, ends, money, dates, blocked)
