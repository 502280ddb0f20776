"""Enumerations that say what their items are.

- ``A、B、C等16家企业`` (N家企业 / 公司 / 集团 / 金融机构): every item is a
  COMPANY, short names included (an invented 中和电气 or 恒远集团);
- ``A、B、C等4个(重点)项目``: every item is a PROJECT, short names included.

Items already recognised as something longer or better supported keep
their label through overlap resolution.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from . import resources
from .tokens import ORDINAL, is_han
from .types import STATED, SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

ITEM = r"[^、,，。;；:：\s“”\"()（）《》等\d]{2,20}"
# A project's item may be capacity plus product (5万吨锂电铜箔) and carry
# its phase in brackets (储能机柜(一期)).
# Up to 32 characters: an item may open with its amount (总投资150亿元的X), which _items cuts off.
# A firm's place may stand in brackets inside the item (某集团(成都)食品基地).
PROJECT_ITEM = r"[^、,，。;；:：\s“”\"()（）《》等]{2,32}(?:[(（][^()（）、,，。]{1,6}[)）][^、,，。;；:：\s“”\"()（）《》等]{0,24})?"
COUNT = r"(?:\d+|[一二三四五六七八九十两几数多]+)"
# What a list of firms may say of them before the noun: 等多家知名药企,
# 等头部企业, 等世界500强企业.
FIRM_DESCRIPTORS = r"(?:世界500强|中国500强|全国500强|国内外|国内|国际|全球|行业|知名|头部|龙头|领军|骨干|重点|优质|大型|上市|科技型|高新技术)*"
FIRM_NOUN = r"(?:企业|公司|集团|机构|银行|[药车房央国民外私]企)"
FIRM_ITEM = rf"(?:{FIRM_DESCRIPTORS}(?:企业|公司|[央国民外私]企))?{ITEM}"
# 等一批重大项目, 等多个在谈项目: a plural without a number.
BATCH = r"(?:一批|一系列|多个|若干|系列)"
# 等一批超5亿元的大项目: the size said of the batch.
BATCH_SIZE = r"(?:(?:超|逾|近|过)?\d[\d.]*\s*(?:万|亿)元?(?:以上|级)?的?)?"
# 等8个重点项目, 等在谈项目, 等拟落地项目: what is said of the projects before the noun.
PROJECT_QUALIFIERS = r"(?:重点|重大|签约|优质|招商|合作|在建|新建|续建|拟建|在谈|意向|储备|拟落地|落地|投产|开工|新签约|产业性|产业|大)*"
# 等第十二届西博会签约项目: the fair the projects were signed at.
FAIR_NAMED = r"(?:" + ORDINAL + r"[\u4e00-\u9fff]{1,8}?会)"
LISTS = {
    "COMPANY": re.compile(
        rf"((?:{FIRM_ITEM}、)+{FIRM_ITEM})(?:(?:等)?{COUNT}(?:余|多)?家[^,，。；;、\s]{{0,4}}?|等){FIRM_DESCRIPTORS}{FIRM_NOUN}"),
    "PROJECT": re.compile(
        rf"((?:{PROJECT_ITEM}、)+{PROJECT_ITEM})等(?:{COUNT}(?:余|多)?[个项]|{BATCH}{BATCH_SIZE})?{FAIR_NAMED}?{PROJECT_QUALIFIERS}项目"),
}
# A list announced as projects: “十大招商场景”分别为:A、B、C。 / 一批优质项目,A、B和C
INTRO = re.compile(r"(?:项目|场景)[”\"]?(?:分别|主要|依次)?(?:有|包括|为|是|如)?([:：,，])\s*")
PLURAL_BEFORE = re.compile(rf"(?:一批|批|多个|{COUNT}[个项大]|等)[^,，。;；:：]{{0,8}}$")
CLAUSE_END = re.compile(r"[。;；\n]")
CONJ = "与和及同"
# Inside a project's name 及 joins its products (显示模组及器件), not two projects.
PROJECT_CONJ = "与和同"
# 总投资150亿元的 / 投资5亿元的: an amount before 的 opening a list item.
AMOUNT_OF = re.compile(r"(?:总投资|计划投资|投资|总额|投资额)?[^、的]{0,3}\d[\d.]*\s*(?:万|亿)[^、的]{0,3}的")
MAX_FIRST = 8
# A descriptor in front of a firm's name is not part of it (世界500强企业西门子).
LEAD_DESCRIPTOR = re.compile(rf"(?:^|(?<=[与和同及跟]))(?:世界500强|中国500强|全国500强|{FIRM_DESCRIPTORS})(?:企业|公司|[央国民外私]企)")


class NamedLists:
    labels = frozenset(LISTS)

    def find(self, a: Analysis) -> list[Candidate]:
        return find_named_lists(a.s, a) + _announced_projects(a.s)


# No part of either list pattern matches a comma or a full stop, and each
# match holds a 、: only the clauses between them that hold one are searched
# (the patterns tried every position of the article: a sixth of the suggester's time).
CLAUSE = re.compile(r"[^,，。]+")


# What a clause must hold for each pattern to match in it, each group by one
# of its words (the pattern's noun, and 等 or 家 before it): a clause without
# them is not searched, where the pattern would fail at each of its positions.
NEEDS = {
    "COMPANY": (("等", "家"), ("企", "公司", "集团", "机构", "银行")),
    "PROJECT": (("等",), ("项目",)),
}


def list_matches(s: str, label: str) -> Iterator[re.Match[str]]:
    """``LISTS[label].finditer(s)``, searched only where it can match."""
    needs, pattern = NEEDS[label], LISTS[label]
    for clause in CLAUSE.finditer(s):
        c = clause.group()
        if "、" in c and all(any(w in c for w in group) for group in needs):
            yield from pattern.finditer(s, *clause.span())


def find_named_lists(s: str, a: Analysis | None = None) -> list[Candidate]:
    out = []
    for label in LISTS:
        for m in list_matches(s, label):
            pos, items = m.start(1), m.group(1).split("、")
            # 县领导A、B及华信集团、…等10家企业: the list of firms starts after
            # the last conjunction that joins two groups.
            conj = PROJECT_CONJ if label == "PROJECT" else CONJ
            k = max((i for i, it in enumerate(items[:-1]) if _conjunction(it, conj) >= 0), default=0)
            pos += sum(len(it) + 1 for it in items[:k])
            found = _items(s, pos, items[k:], label, a)
            if label == "PROJECT" and _kinds_of_projects(m.group(0)[len(m.group(1)):], [s[c.start:c.end] for c in found]) \
                    or label == "COMPANY" and _sectors_of_firms([s[c.start:c.end] for c in found]):
                continue
            out += [c for c in found if not _is_other_kind(s[c.start:c.end], label)]
    return out


def _announced_projects(s: str) -> list[Candidate]:
    """Items of a list that a plural of projects announces. After a colon
    the list runs to the clause end; after a comma its last item must end
    as a project does (…和储能电池项目有望落地 ends at 项目)."""
    out = []
    for m in INTRO.finditer(s):
        if not PLURAL_BEFORE.search(s, max(0, m.start() - 14), m.start()):
            continue
        a = m.end()
        end_m = CLAUSE_END.search(s, a)
        b = end_m.start() if end_m else len(s)
        if m.group(1) in ",，":
            comma = re.search(r"[,，]", s[a:b])
            b = a + comma.start() if comma else b
        items = s[a:b].split("、")
        if len(items) < 2 or any(not it for it in items):
            continue
        tail = _split_last(items[-1])
        if m.group(1) in ",，" and "等" in tail[-1]:
            continue  # 一批项目,洽谈了A、B等在谈项目: the clause is a list of its own
        if m.group(1) in ",，":
            e = _project_end(tail[-1])
            if e < 0:
                continue
            tail[-1] = tail[-1][:e]
        pos = a
        for item in [*items[:-1], *tail]:
            if 2 <= len(item) <= 30 and all(is_han(c) or c.isalnum() or c in "()（）" for c in item) and not _industry_only(item):
                out.append(Candidate(pos, pos + len(item), "PROJECT", "list", STATED))
            pos += len(item) + 1
    return out


def _kinds_of_projects(noun: str, items: list[str]) -> bool:
    """文旅、工业、商贸等产业项目: a list of industries that projects belong
    to, not of projects; said by the noun (产业项目) or by most items."""
    return "产业项目" in noun or 2 * sum(_industry_only(it) for it in items) > len(items)


# 世界500强、上市公司等优质项目: what the investors are, no project's name.
DESCRIPTOR_ONLY = re.compile(rf"(?:(?:世界|中国|全国|民营|制造业)\d+强(?:企业)?|{FIRM_DESCRIPTORS}(?:企业|公司))")
BODY_ENDINGS = ("大学", "学院", "研究院", "研究所", "局", "部", "委员会", "协会", "商会", "医院")


def _sectors_of_firms(items: list[str]) -> bool:
    """精细化工、智能装备制造、食品深加工等157家企业: the firms' sectors,
    not their names, when most items are industries."""
    return 2 * sum(_is_other_kind(it) for it in items) > len(items)


def _project_end(item: str) -> int:
    ends = [item.find(e) + len(e) for e in PROJECT_ENDINGS if e in item]
    return min(ends) if ends else -1


def _split_last(item: str) -> list[str]:
    cut = _conjunction(item)
    return [item[:cut], item[cut + 1:]] if cut >= 0 else [item]


PROJECT_ENDINGS = tuple(sorted(resources.suffix_config()["PROJECT"]["endings"], key=len, reverse=True))


def _industry_only(item: str) -> bool:
    """新能源、新材料等项目: kinds of projects, not projects."""
    words = _industry_words()
    return item in words or item.endswith(("产业", "行业", "领域", "类"))


def _is_other_kind(item: str, label: str = "COMPANY") -> bool:
    """An item that names an industry (智能装备制造, 食品深加工: the 157家
    企业 are of these sectors) or a person (李磊), not a firm or project.
    A project may well open with its industry (光学镜片生产项目)."""
    if label == "PROJECT":
        return _industry_only(item) or DESCRIPTOR_ONLY.fullmatch(item) is not None or 2 <= len(item) <= 3 and item[0] in _surnames() and _person_like(item)
    words = _industry_words()
    if any(item[:n] in words for n in range(1, len(item) + 1)):
        return True
    if item.endswith(BODY_ENDINGS):
        return True  # X大学、Y局等多家机构: bodies, not firms
    return 2 <= len(item) <= 3 and item[0] in _surnames() and _person_like(item)


@cache
def _industry_words() -> frozenset[str]:
    return resources.industry_words() \
        | resources.word_set("industry_modifiers.txt")


def _surnames() -> frozenset[str]:
    return resources.word_set("surnames.txt")


def _person_like(item: str) -> bool:
    from .segment import jieba_entries

    tag = jieba_entries().get(item, (0, "nr"))[1]
    return tag in ("nr", "nrfg", "nrt")


def _items(s: str, pos: int, items: list[str], label: str, a: Analysis | None = None) -> list[Candidate]:
    out = []
    # The first item runs back into the sentence ("先后拜访了X"): keep it
    # only after punctuation or a conjunction (与/和/及).
    first = items[0]
    bounded = False
    if "的" in first[:-1]:  # 投资亿元以上的5万吨锂电铜箔: the item follows 的
        cut = first.rindex("的") + 1
        pos += cut
        first = items[0] = first[cut:]
        bounded = True
    lead = _lead_word(first)
    while lead:  # 紧盯恒远三期, 全力推进X: the words that introduce the list
        pos += len(lead)
        first = first[len(lead) :]
        if first[:1] in ("了", "着", "过") and len(first) > 3:  # 谋划了X
            pos += 1
            first = first[1:]
        items[0] = first
        bounded = True
        lead = _lead_word(first)
        if len(lead) < 2:
            break  # 成为/新远制药: one character after a lead word is the name's
    if not bounded and label == "COMPANY" and (d := LEAD_DESCRIPTOR.search(first)) and len(first) - d.end() >= 2:
        pos += d.start()  # 与世界500强企业西门子: the descriptor opens the item
        first = items[0] = first[d.start():]
        bounded = True
    if a is not None and (k := _after_verb(a, pos, pos + len(first), label)) > pos:
        # 供应给/华远药业: the item starts after the verb or preposition that introduces it
        first = items[0] = first[k - pos:]
        pos = k
        bounded = True
    cut = _conjunction(first, PROJECT_CONJ if label == "PROJECT" else CONJ)
    if cut >= 0 and a is not None and not _joins(a, pos + cut):
        cut = -1  # 协和 holds 和 inside a name: it joins nothing
    if not bounded and label == "PROJECT" and cut < 0 and pos > 0 and not is_han(s[pos - 1]) \
            and first.endswith(_project_endings()):
        bounded = True  # ,某集团(成都)食品研发基地、…等28个项目: a first item ending as projects do is whole
    if cut >= 0:
        pos += cut + 1
        items[0] = first[cut + 1 :]
    elif not bounded and (pos > 0 and is_han(s[pos - 1]) or len(first) > MAX_FIRST and not first[0].isdigit()):
        pos += len(first) + 1
        items = items[1:]
    for n, item in enumerate(items):
        if n and label == "PROJECT" and (d := AMOUNT_OF.match(item)) and len(item) - d.end() >= 2:
            pos += d.end()  # 、总投资150亿元的X: what the project costs introduces it
            item = item[d.end():]
        cut = _conjunction(item, PROJECT_CONJ if label == "PROJECT" else CONJ)
        if cut >= 0 and a is not None and not _joins(a, pos + cut):
            cut = -1
        if cut >= 0:  # "金融服务中心与华夏信托": the firm is after 与
            pos += cut + 1
            item = item[cut + 1 :]
        if label == "COMPANY" and (d := LEAD_DESCRIPTOR.match(item)) and len(item) - d.end() >= 2:
            pos += d.end()  # 头部企业宁德时代: the descriptor is not the name
            item = item[d.end():]
        # 第8.6代, 江西电子-中南高科: a decimal point or a hyphen inside a project's name
        inner = "()（）.-·" if label == "PROJECT" else "()（）"
        if len(item) >= 2 and all(is_han(c) or c.isalnum() or c in inner for c in item):
            out.append(Candidate(pos, pos + len(item), label, "list", STATED if label == "PROJECT" else SUPPORTED))
        pos += len(item) + 1
    return out


INTRO_TAGS = {"p", "v", "c"}
PARTICLE_TAGS = {"ul", "uj", "u", "uz", "ug"}


def _after_verb(a: Analysis, i: int, j: int, label: str = "COMPANY") -> int:
    """Where the first item starts after a verb or preposition inside it, or i."""
    k = a.tok_at[j - 1]
    while k >= 0 and a.tokens[k].start > i:
        if label == "PROJECT" and a.tokens[k - 1].word == "及":
            pass  # 触控模组及器件: 及 joins a project's products, it introduces nothing
        elif a.tokens[k - 1].tag in INTRO_TAGS | PARTICLE_TAGS and a.tokens[k - 1].start >= i and j - a.tokens[k].start >= 2 \
                and a.tokens[k].tag not in PARTICLE_TAGS:
            return a.tokens[k].start  # 拜访了/杭州恒远集团: past the verb and its particle
        k -= 1
    return i


def _joins(a: Analysis, i: int) -> bool:
    """The conjunction character at ``i`` is a word of its own (与, 和, 以及), not part of one (协和, 中和)."""
    t = a.tokens[a.tok_at[i]]
    return t.end - t.start == 1 or a.s[t.start:t.end] == "以及"


@cache
def _project_endings() -> tuple[str, ...]:
    return tuple(resources.suffix_config()["PROJECT"]["endings"]) + ("创业园", "产业园", "科技园", "工业园", "物流园")  # not 家园, 校园, 花园


def _conjunction(item: str, conj: str = CONJ) -> int:
    """Where a conjunction joins two names in ``item``, or -1.

    Both sides need two characters: 中和电气 holds 和 inside a name.
    """
    if conj == PROJECT_CONJ and (k := item.rfind("以及")) >= 2 and len(item) - k - 2 >= 2:
        return k + 1  # A项目以及B项目: 以及 joins two projects where 及 alone does not
    for i in range(len(item) - 1, -1, -1):
        if item[i] in conj and i >= 2 and len(item) - i - 1 >= 2:
            return i
    return -1


@cache
def _lead_words() -> frozenset[str]:
    return resources.word_set("lead_trim.txt") | resources.word_set("stopwords.txt")


def _lead_word(item: str) -> str:
    words = _lead_words()
    return next((item[:n] for n in range(min(4, len(item) - 2), 0, -1) if item[:n] in words), "")
