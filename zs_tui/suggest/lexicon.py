"""Exact-match lexicons: places, regions, industries, fairs, learned entries."""
from __future__ import annotations

from collections import defaultdict

from . import resources
from .script import to_simplified
from .types import Candidate


class Lexicon:
    """Finds the longest entry starting at each position of a text."""

    def __init__(self, entries: dict[str, tuple[str, str]] | None = None) -> None:
        self.entries: dict[str, tuple[str, str]] = {}
        self._lengths: dict[str, set[int]] = defaultdict(set)
        for text, (label, source) in (entries or {}).items():
            self.add(text, label, source)

    def add(self, text: str, label: str, source: str) -> None:
        if len(text) < 1:
            return
        self.entries[text] = (label, source)
        self._lengths[text[0]].add(len(text))

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, s: str, priority: int = 2) -> list[Candidate]:
        out: list[Candidate] = []
        lengths = self._lengths
        entries = self.entries
        for i, ch in enumerate(s):
            ls = lengths.get(ch)
            if not ls:
                continue
            for n in sorted(ls, reverse=True):
                hit = entries.get(s[i : i + n])
                if hit:
                    out.append(Candidate(i, i + n, hit[0], hit[1], priority))
                    break
        return out


def builtin_lexicon() -> Lexicon:
    from .segment import jieba_tags

    common = jieba_tags()
    lex = Lexicon()
    for name, level in resources.places().items():
        # A short form that is also an everyday word (合作, 资源, 前进: short
        # for 合作市, 资源县, 前进区) is a place only when written in full.
        if level != "region" and not _is_full(name) and common.get(name, "ns") != "ns":
            continue
        lex.add(name, "LOC", "places")
    for w in resources.words("industries.txt"):
        lex.add(w, "INDUSTRY", "industries")
    for w in resources.words("fairs.txt"):
        lex.add(w, "EVENT", "fairs")
    return lex


def learned_lexicon(accepted: dict[tuple[str, str], int]) -> Lexicon:
    """Spans reviewers accepted, matched in Simplified form."""
    lex = Lexicon()
    for (text, label), _n in sorted(accepted.items()):
        text = text.strip()
        if len(text) >= 2:
            lex.add(to_simplified(text), label, "learned")
    return lex


def _is_full(name: str) -> bool:
    return name.endswith(("省", "市", "区", "县", "州", "旗", "盟", "自治区"))
