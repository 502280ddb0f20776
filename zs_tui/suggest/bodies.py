"""National government bodies (ORG) that news names without a place.

``财政部``, ``商务部``, ``国家发改委`` from ``bodies.txt``; a department
named after its ministry is one ORG with it (``国家工业和信息化部运行监测
协调局``), ``国家`` in front included.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .lexicon import Lexicon
from .tokens import is_han
from .types import RULE, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

# A department of the body right after its name: up to the next break.
DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:局|司|处|办公室|中心|研究院|研究所)")

FUNCTION_CHARS = set("与和及在的对向从同将把被为等了于是")


class Bodies:
    labels = frozenset({"ORG"})

    def __init__(self) -> None:
        self.lexicon = Lexicon({w: ("ORG", "bodies") for w in resources.words("bodies.txt")})

    def find(self, a: Analysis) -> list[Candidate]:
        s = a.s
        out = []
        for c in self.lexicon.find(s):
            if c.start not in a.starts and not s.startswith("国家", c.start - 2):
                continue  # 中国家电: a body's name must open a word
            start, end = c.start, c.end
            if s.startswith("国家", start - 2) and not s.startswith("国家", start):
                start -= 2
            if (m := DEPARTMENT.match(s, end)) and not FUNCTION_CHARS & set(m.group()) \
                    and (m.end() in a.ends or m.end() == len(s) or not is_han(s[m.end()])):
                end = m.end()  # not 商务部与市政府合作中心: a function word joins two names
            out.append(Candidate(start, end, "ORG", "bodies", RULE))
        return out
