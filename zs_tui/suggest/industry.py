"""INDUSTRY beyond the lexicon: the words before 产业/行业/领域.

``新能源汽车零部件产业`` gives ``新能源汽车零部件``; categories such as
战略性新兴产业 are not industries and are dropped.
"""
from __future__ import annotations

import re

from . import resources
from .segment import Token
from .tokens import STOP_TAGS, is_han
from .types import Candidate

ENDINGS = re.compile("产业|行业|领域")
MAX_LEN = 8


class IndustryPhrases:
    def __init__(self) -> None:
        self.categories = resources.word_set("industry_categories.txt")
        self.stop = resources.word_set("stopwords.txt")
        self.generic = set(resources.suffix_config()["generic_stems"])
        self.heads = resources.word_set("industries.txt") | resources.word_set("industry_heads.txt")

    def find(self, s: str, tokens: list[Token], tok_at: list[int], ends: set[int]) -> list[Candidate]:
        out = []
        for m in ENDINGS.finditer(s):
            es = m.start()
            if es == 0 or es not in ends:
                continue
            start = es
            while start > 0:
                t = tokens[tok_at[start - 1]]
                piece = s[t.start : start]
                if (t.tag in STOP_TAGS or t.tag == "v" or piece in self.stop or piece in self.categories
                        or not all(is_han(c) or c.isascii() and c.isalpha() for c in piece) or es - t.start > MAX_LEN):
                    break
                start = t.start
            stem = s[start:es]
            # The head of the phrase must be an industry word: 汽车零部件产业
            # yes, 地区产业 / 金融服务中心产业结构 no.
            last = tokens[tok_at[es - 1]] if es > start else None
            if last is None or last.word not in self.heads:
                continue
            if len(stem) < 2 or stem in self.generic or stem in self.categories or any(stem.endswith(c) for c in ("新兴", "高新技术", "主导")):
                continue
            out.append(Candidate(start, es, "INDUSTRY", "phrase", 2))
        return out
