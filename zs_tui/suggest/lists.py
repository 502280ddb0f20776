"""Enumerations that say what their items are: "A、B、C等16家企业".

Every item of a 、-separated list closed by a count of enterprises
(N家企业 / 公司 / 集团 / 金融机构) is a COMPANY, short names included
(华润电力, 仁和人寿).  Items already recognised as something longer or
better supported keep their label through overlap resolution.
"""
from __future__ import annotations

import re

from .tokens import is_han
from .types import Candidate

ITEM = r"[^、,，。;；:：\s“”\"()（）《》等\d]{2,16}"
LIST_OF_FIRMS = re.compile(
    rf"((?:{ITEM}、)+{ITEM})(?:等)?(?:\d+|[一二三四五六七八九十两几数]+)家[^,，。；;、\s]{{0,4}}?(?:企业|公司|集团|机构|银行)"
)


def find_firm_lists(s: str) -> list[Candidate]:
    out = []
    for m in LIST_OF_FIRMS.finditer(s):
        pos = m.start(1)
        items = m.group(1).split("、")
        # The first item runs back into the sentence ("先后拜访了X"): keep it
        # only after punctuation or a conjunction (与/和/及).
        first = items[0]
        cut = max(first.rfind(c) for c in "与和及同")
        if cut >= 0:
            pos += cut + 1
            items[0] = first[cut + 1 :]
        elif pos > 0 and is_han(s[pos - 1]) or len(first) > 8:
            pos += len(first) + 1
            items = items[1:]
        for item in items:
            cut = max(item.rfind(c) for c in "与和及同")
            if cut >= 0:  # "金融服务中心与招商银行": the firm is after 与
                pos += cut + 1
                item = item[cut + 1 :]
            if len(item) >= 2 and all(is_han(c) or c.isalnum() for c in item):
                out.append(Candidate(pos, pos + len(item), "COMPANY", "list", 2))
            pos += len(item) + 1
    return out
