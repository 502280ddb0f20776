"""PER: the reporter a story signs off with, in brackets at a paragraph's end
or right after its dateline (``本报讯(林晓芸)``).

``……已签约落户。(林晓芸)`` or ``(刘蓉 万兴峰)``: one to four names of two
or three Han characters, each opening with a common surname; names the
clean text glued together are split as bylines are (三 before 二).  Only at
the end of a paragraph, so a bracketed firm or place inside a sentence is
never read as a person.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .segment import jieba_entries
from .tokens import EVERYDAY_FREQ, PERSON_TAGS
from .types import RULE, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

SIGNOFF = re.compile(r"[(（]([\u4e00-\u9fff]{2,12}(?:[ 　][\u4e00-\u9fff]{2,3}){0,3})[)）]\s*(?=\n|$)")
# 本报讯(王某某 李某): the same bracket right after a story's dateline word,
# which opens its paragraph: 风电(万千瓦) inside a sentence is no dateline.
LEAD = re.compile(r"(?<=讯|电)[(（]([\u4e00-\u9fff]{2,12}(?:[ 　][\u4e00-\u9fff]{2,3}){0,3})[)）]")
DATELINE_CHARS = 24  # X社北京5月8日电, 本报讯, X日报全媒体记者…讯: how far into its paragraph


class SignOff:
    labels = frozenset({"PER"})

    def __init__(self) -> None:
        self.surnames = resources.word_set("surnames.txt")
        self.known = jieba_entries()

    def find(self, a: Analysis) -> list[Candidate]:
        out: list[Candidate] = []
        leads = [m for m in LEAD.finditer(a.s) if m.start() - (a.s.rfind("\n", 0, m.start()) + 1) <= DATELINE_CHARS]
        for m in [*SIGNOFF.finditer(a.s), *leads]:
            pos = m.start(1)
            found: list[Candidate] = []
            for part in re.split(r"([ 　])", m.group(1)):
                if part.strip():
                    names = self._split(part)
                    if names is None:
                        found = []
                        break
                    k = pos
                    for n in names:
                        found.append(Candidate(k, k + len(n), "PER", "signoff", RULE))
                        k += len(n)
                pos += len(part)
            out += found
        return out

    def _split(self, run: str) -> list[str] | None:
        """The run as names that each open with a surname, or None."""
        if not run:
            return []
        for n in (3, 2):
            head = run[:n]
            if len(head) == n and head[0] in self.surnames and self._name_like(head):
                rest = self._split(run[n:])
                if rest is not None:
                    return [head, *rest]
        return None

    def _name_like(self, w: str) -> bool:
        got = self.known.get(w)
        freq, tag = got if got is not None else (0, "nr")
        return tag in PERSON_TAGS or freq < EVERYDAY_FREQ
