"""LOC: two places named together by their first characters (深莞, 成渝).

The guidelines make a two-place combination one LOC.  Fixed pairs are in
the regions list; this rule finds the ones an article coins from places it
names in full: ``新会……台山……新台两地``, ``深圳……江门……推动深江产业协作``.
Both characters must open places the article names as whole words, and
the pair must be followed by what such pairs are said to do together.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .types import RULE, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

TOGETHER = re.compile(r"两地|两市|两县|两区|两省|产业|合作|协作|一体化|同城|区域|联动|共建|协同")


class PlacePairs:
    labels = frozenset({"LOC"})

    def __init__(self) -> None:
        self.places = resources.places()

    def find(self, a: Analysis) -> list[Candidate]:
        s = a.s
        named: dict[str, set[str]] = {}  # first character -> places the article names with it
        for t in a.tokens:
            if len(t.word) >= 2 and t.word in self.places:
                named.setdefault(t.word[0], set()).add(t.word)
        if len(named) < 2:
            return []
        out = []
        for t in a.tokens:
            w = t.word
            if len(w) == 2 and w[0] != w[1] and w[0] in named and w[1] in named and w not in self.places \
                    and TOGETHER.match(s, t.end) and not any(p.startswith(w) for p in named[w[0]]):
                out.append(Candidate(t.start, t.end, "LOC", "pair", RULE))
        return out
