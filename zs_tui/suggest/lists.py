"""Enumerations that say what their items are.

- ``A、B、C等16家企业`` (N家企业 / 公司 / 集团 / 金融机构): every item is a
  COMPANY, short names included (华润电力, 仁和人寿);
- ``A、B、C等4个(重点)项目``: every item is a PROJECT, short names included.

Items already recognised as something longer or better supported keep
their label through overlap resolution.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import resources
from .tokens import is_han
from .types import SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

ITEM = r"[^、,，。;；:：\s“”\"()（）《》等\d]{2,20}"
COUNT = r"(?:\d+|[一二三四五六七八九十两几数多]+)"
LISTS = {
    "COMPANY": re.compile(
        rf"((?:{ITEM}、)+{ITEM})(?:等)?{COUNT}家[^,，。；;、\s]{{0,4}}?(?:企业|公司|集团|机构|银行)"),
    "PROJECT": re.compile(
        rf"((?:{ITEM}、)+{ITEM})等(?:{COUNT}个)?(?:重点|重大|签约|优质|招商|合作|在建|新建|大)*项目"),
}
CONJ = "与和及同"
MAX_FIRST = 8


class NamedLists:
    labels = frozenset(LISTS)

    def find(self, a: "Analysis") -> list[Candidate]:
        return find_named_lists(a.s)


def find_named_lists(s: str) -> list[Candidate]:
    out = []
    for label, pattern in LISTS.items():
        for m in pattern.finditer(s):
            pos, items = m.start(1), m.group(1).split("、")
            # 县领导A、B及华信集团、…等10家企业: the list of firms starts after
            # the last conjunction that joins two groups.
            k = max((i for i, it in enumerate(items[:-1]) if _conjunction(it) >= 0), default=0)
            pos += sum(len(it) + 1 for it in items[:k])
            out += [c for c in _items(s, pos, items[k:], label) if not _is_other_kind(s[c.start:c.end])]
    return out


def _is_other_kind(item: str) -> bool:
    """An item that names an industry (智能装备制造, 食品深加工: the 157家
    企业 are of these sectors) or a person (李磊), not a firm or project."""
    words = _industry_words()
    if any(item[:n] in words for n in range(1, len(item) + 1)):
        return True
    return 2 <= len(item) <= 3 and item[0] in _surnames() and _person_like(item)


@lru_cache(maxsize=None)
def _industry_words() -> frozenset[str]:
    return resources.word_set("industries.txt") | resources.word_set("industry_products.txt") \
        | resources.word_set("industry_modifiers.txt")


def _surnames() -> frozenset[str]:
    return resources.word_set("surnames.txt")


def _person_like(item: str) -> bool:
    from .segment import jieba_entries

    tag = jieba_entries().get(item, (0, "nr"))[1]
    return tag in ("nr", "nrfg", "nrt")


def _items(s: str, pos: int, items: list[str], label: str) -> list[Candidate]:
    out = []
    # The first item runs back into the sentence ("先后拜访了X"): keep it
    # only after punctuation or a conjunction (与/和/及).
    first = items[0]
    lead = _lead_word(first)
    if lead:  # 紧盯泉为二期: the verb that introduces the list
        pos += len(lead)
        first = items[0] = first[len(lead) :]
    cut = _conjunction(first)
    if cut >= 0:
        pos += cut + 1
        items[0] = first[cut + 1 :]
    elif pos > 0 and is_han(s[pos - 1]) or len(first) > MAX_FIRST:
        pos += len(first) + 1
        items = items[1:]
    for item in items:
        cut = _conjunction(item)
        if cut >= 0:  # "金融服务中心与招商银行": the firm is after 与
            pos += cut + 1
            item = item[cut + 1 :]
        if len(item) >= 2 and all(is_han(c) or c.isalnum() for c in item):
            out.append(Candidate(pos, pos + len(item), label, "list", SUPPORTED))
        pos += len(item) + 1
    return out


def _conjunction(item: str) -> int:
    """Where a conjunction joins two names in ``item``, or -1.

    Both sides need two characters: 仁和人寿 holds 和 inside a name.
    """
    for i in range(len(item) - 1, -1, -1):
        if item[i] in CONJ and i >= 2 and len(item) - i - 1 >= 2:
            return i
    return -1


@lru_cache(maxsize=None)
def _lead_words() -> frozenset[str]:
    return resources.word_set("lead_trim.txt") | resources.word_set("stopwords.txt")


def _lead_word(item: str) -> str:
    words = _lead_words()
    return next((item[:n] for n in range(min(4, len(item) - 2), 0, -1) if item[:n] in words), "")
