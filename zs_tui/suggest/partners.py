"""COMPANY: firms named short as the other party of a deal.

``与比亚迪签约``, ``与华为、腾讯达成合作``: after 与/同/和 and before a verb of
dealing, a short unknown name (jieba tags it as an organisation, an
abbreviation or a word it does not know) is a firm. Places, people, bodies
(by their ORG endings) and generic words are not.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .shortforms import FIRM_WORDS
from .tokens import is_han
from .types import SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

DEAL = r"(?:签约|签订|签署|合作|达成|共建|洽谈|会谈|座谈|对接|携手|联手|合资|共同|开展|就)"
NAME = r"[\u4e00-\u9fffA-Za-z]{2,8}?"
PARTNERS = re.compile(rf"(?<=[与同和跟])((?:{NAME}、)*{NAME})(?={DEAL})")
PEOPLE_WORDS = ("团队", "一行", "代表", "领导", "同志", "先生", "女士", "书记", "主任", "市长", "县长", "区长")
# One-character endings of bodies and schools (中科院, 北大, 省农科所 ...).
BODY_CHARS = ("院", "所", "局", "委", "办", "会", "部", "厅", "校", "社", "大", "站")
FIRM_TAGS = {"nt", "nz", "j", "eng"}
GENERIC = {"企业", "公司", "集团", "客商", "对方", "双方", "该企业", "该公司", "外商", "投资方", "投资商", "政府", "市政府",
           "省政府", "区政府", "县政府", "高校", "银行", "院校", "央企", "国企", "民企", "外企", "园区", "我市", "我区", "我县"}


class Partners:
    labels = frozenset({"COMPANY"})

    def __init__(self) -> None:
        self.places = resources.places()
        self.surnames = resources.word_set("surnames.txt")
        cfg = resources.suffix_config()
        self.org_endings = tuple(cfg["ORG"]["endings"])
        self.industries = resources.industry_words()

    def find(self, a: Analysis) -> list[Candidate]:
        s = a.s
        out = []
        for m in PARTNERS.finditer(s):
            pos = m.start(1)
            for item in m.group(1).split("、"):
                if self._firm(a, pos, pos + len(item)):
                    out.append(Candidate(pos, pos + len(item), "COMPANY", "partner", SUPPORTED))
                pos += len(item) + 1
        return out

    def _firm(self, a: Analysis, i: int, j: int) -> bool:
        s = a.s
        name = s[i:j]
        if i not in a.starts or j not in a.ends or name in GENERIC or name in self.places or name in self.industries:
            return False
        if name.endswith(self.org_endings) or name.endswith(BODY_CHARS) or any(name.startswith(p) and len(p) >= 2 for p in ("市", "省", "区", "县")):
            return False
        if name.endswith(PEOPLE_WORDS) or len(name) <= 3 and name[0] in self.surnames and name[:2] not in self.places:
            return False  # 与张伟座谈, 与罗振山团队座谈: people
        toks = a.tokens[a.tok_at[i] : a.tok_at[j - 1] + 1]
        if len(toks) > 2:
            return False
        tags = {t.tag for t in toks}
        if tags & FIRM_TAGS:
            return True
        if len(toks) == 2 and toks[0].tag == "ns" and (toks[1].word in FIRM_WORDS or toks[1].word in self.industries):
            return True  # 上海电气, 江苏银行: a place and a trade name a firm
        # 比亚迪/nr: a "person" whose first character is no common surname
        return len(toks) == 1 and toks[0].tag in ("nr", "nrt") and name[0] not in self.surnames and len(name) >= 3 \
            and all(is_han(c) for c in name)
