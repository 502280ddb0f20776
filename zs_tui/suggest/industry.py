"""INDUSTRY: industry words, their compounds, ``X产业`` phrases and enumerations.

Four sources, all driven by data files in ``zs_tui/data/suggest/``:

- terms: words of ``industries.txt`` stand on their own; words of
  ``industry_products.txt`` also name products (陶瓷生产线, 电力桥架) and
  count only in an industry context (the two cases below);
- compounds: adjacent terms and a modifier before a term form one name
  (新能源汽车 + 零部件, 高端 + 纺织服装);
- phrases: the words before 产业/行业/领域 whose last word is an industry
  head (新能源汽车零部件产业 -> 新能源汽车零部件), categories excluded
  (战略性新兴产业 is not an industry);
- enumerations: in ``A、B与C等六大领域`` every item is an industry once the
  list is shown to be one of industries (two known items, or one and a
  closing ``等…产业/领域`` or ``为主导``), so names no lexicon holds
  (兽用药械) are found from the company they keep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import resources
from .lexicon import Lexicon
from .segment import Token
from .tokens import STOP_TAGS, is_han
from .types import SUPPORTED, WEAK, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

ENDINGS = re.compile("产业|行业|领域")
# Tags of a person's or a transliterated name (not places: 江苏 + 新能源产业).
NAME_TAGS = {"nr", "nrt", "nrfg", "nt"}
PHRASE_MAX = 8
ITEM_MAX = 8
# What may follow the last item of an industry enumeration.
LIST_CLOSER = re.compile(
    r"\s*(?:等\s*)?(?:[\d一二三四五六七八九十两几数多]+\s*[大个项类]\s*)?"
    r"(?:重点|主导|优势|新兴|细分|相关|特色|支柱|战略性新兴|传统)?\s*(?:产业|行业|领域|产业链|范畴|板块)"
    r"|\s*为(?:主导|特色|重点|主|核心|支撑|引领|龙头|方向)"
)
# Where the last item stops: a closer word, a count, a particle.
LAST_ITEM_END = re.compile(r"等|为|的|产业|行业|领域|[\d一二三四五六七八九十两几数多]+\s*[大个项类家]|\s")
CLAUSE_BREAK = re.compile(r"[,，。;；:：!！?？\n“”\"'‘’()（）《》【】]")
CONJ = "与和及"
# 主要生产A、B、C等零部件: what a firm makes, listed; products, not industries
# (unless the list closes on 产业/领域, which LIST_CLOSER checks after 等).
PRODUCTS = re.compile(r"(?:(?<=[要专从只可用并])|(?<=^)|(?<=[,，。;；:：\s]))(?:生产|研制|主营|主要产品有|产品有)([\u4e00-\u9fff][^,，。;；:：\n]{0,40}?、[^,，。;；:：\n]{1,40}?)等")
# 医疗器械项目3项: a kind of project, then how many (the kind runs back at most 6 characters).
COUNTED_KIND = re.compile(r"(?:^|(?<=[,，、:：]))([\u4e00-\u9fff]{2,6}?)项目\s*(?:\d+|[一二三四五六七八九十两]+)\s*[个项]")
# A term opening with these names a field of its own (新能源 + 新材料 are two
# fields, not one compound as 新能源 + 汽车 is).
FIELD_OPENERS = ("新",)


def _sector(text: str) -> bool:
    """A generic word that still names a sector when listed among industries
    (文旅、工业、商贸等产业): 工业, 制造业; not 社会事业."""
    return text.endswith("业") and not text.endswith("事业")


@dataclass(frozen=True)
class _Term:
    start: int
    end: int
    strong: bool


class Industries:
    labels = frozenset({"INDUSTRY"})

    def __init__(self) -> None:
        self.strong = resources.word_set("industries.txt")
        self.weak = resources.word_set("industry_products.txt")
        self.modifiers = resources.word_set("industry_modifiers.txt")
        self.tails = sorted(resources.word_set("industry_tails.txt"), key=len, reverse=True)
        self._endings = ("产业链", "产业", "行业", "领域", *self.tails)  # _trim's, in the order it tries them
        self.categories = resources.word_set("industry_categories.txt")
        self.heads = self.strong | self.weak | resources.word_set("industry_heads.txt")
        self._heads = tuple(self.heads)  # str.endswith over a tuple: one call in C, not one per head
        self.stop = resources.word_set("stopwords.txt") | resources.word_set("lead_trim.txt")
        self.generic = set(resources.suffix_config()["generic_stems"])
        self.lexicon = Lexicon()
        for w in self.strong:
            self.lexicon.add(w, "INDUSTRY", "strong")
        for w in self.weak:
            self.lexicon.add(w, "INDUSTRY", "weak")

    def find(self, a: Analysis) -> list[Candidate]:
        s, tokens, tok_at, starts, ends = a.s, a.tokens, a.tok_at, a.starts, a.ends
        terms = self._terms(s, tokens, tok_at, starts, ends)
        out = [Candidate(t.start, t.end, "INDUSTRY", "industries", SUPPORTED) for t in terms if t.strong]
        out += self._phrases(s, tokens, tok_at, ends)
        out += self._enumerations(s, tokens, tok_at, terms)
        out += self._counted(s, tokens, tok_at, terms)
        made = [m.span(1) for m in PRODUCTS.finditer(s) if not LIST_CLOSER.match(s, m.end())]
        return [c for c in out if not any(a <= c.start and c.end <= b for a, b in made)]

    # -- 医疗器械项目3项,跨境电商项目2项 -------------------------------------------------
    def _counted(self, s: str, tokens: list[Token], tok_at: list[int], terms: list[_Term]) -> list[Candidate]:
        """Projects counted by kind, two kinds or more in one sentence: once one
        kind is an industry word, every kind counted so is an industry."""
        known = {(t.start, t.end) for t in terms}
        strong = {(t.start, t.end) for t in terms if t.strong}  # already suggested on their own
        out: list[Candidate] = []
        for sent in re.finditer(r"[^。;；\n]+", s):
            kinds = []
            for m in COUNTED_KIND.finditer(s, sent.start(), sent.end()):
                a = self._kind_start(s, tokens, tok_at, m.start(1), m.end(1))
                if a is not None:
                    kinds.append((a, m.end(1)))
            if len(kinds) >= 2 and any(k in known for k in kinds):
                out += [Candidate(a, b, "INDUSTRY", "counted", WEAK) for a, b in kinds if (a, b) not in strong]
        return out

    def _kind_start(self, s: str, tokens: list[Token], tok_at: list[int], a: int, b: int) -> int | None:
        """Where the kind before 项目 starts: the words back to punctuation or a stop word."""
        start = b
        while start > a:
            t = tokens[tok_at[start - 1]]
            piece = s[max(t.start, a):start]
            if piece in self.stop or t.tag in STOP_TAGS or t.tag in ("v", "p", "c") or t.start < a:
                break
            start = t.start
        text = s[start:b]
        if not 2 <= len(text) <= 6 or text in self.generic or text in self.categories or not all(is_han(c) for c in text):
            return None
        return start

    # -- terms and compounds -------------------------------------------------
    def _terms(self, s: str, tokens: list[Token], tok_at: list[int], starts: set[int], ends: set[int]) -> list[_Term]:
        hits = [c for c in self.lexicon.find(s) if c.start in starts and c.end in ends]
        hits.sort(key=lambda c: (c.start, -c.end))
        merged: list[_Term] = []
        for c in hits:
            strong = c.source == "strong"
            if merged and c.start < merged[-1].end:
                continue  # a shorter word inside a longer one
            if merged and c.start == merged[-1].end and not s.startswith(FIELD_OPENERS, c.start):
                prev = merged.pop()
                merged.append(_Term(prev.start, c.end, prev.strong or strong))
            else:
                merged.append(_Term(c.start, c.end, strong))
        out = []
        for t in merged:
            start = t.start
            while start > 0:
                prev = tokens[tok_at[start - 1]]
                if s[prev.start:start] not in self.modifiers:
                    break
                start = prev.start
            out.append(_Term(start, t.end, t.strong))
        return out

    # -- X产业 ------------------------------------------------------------------
    def _phrases(self, s: str, tokens: list[Token], tok_at: list[int], ends: set[int]) -> list[Candidate]:
        out = []
        for m in ENDINGS.finditer(s):
            es = m.start()
            if es == 0 or es not in ends:
                continue
            start = es
            named = False
            while start > 0:
                t = tokens[tok_at[start - 1]]
                piece = s[t.start : start]
                if t.tag in NAME_TAGS:
                    named = True  # 罗克韦尔智能产业联创中心: the phrase is inside a firm's name
                    break
                if (t.tag in STOP_TAGS or t.tag in ("v", "l", "i") or piece in self.stop or piece in self.categories
                        or piece in self.generic
                        or not all(is_han(c) or c.isascii() and c.isalpha() for c in piece) or es - t.start > PHRASE_MAX):
                    break
                start = t.start
            if named:
                continue
            stem = s[start:es]
            # The head of the phrase must be an industry word: 汽车零部件产业
            # yes, 地区产业 / 金融服务中心产业结构 no.
            last = tokens[tok_at[es - 1]] if es > start else None
            if last is None or last.word not in self.heads:
                continue
            if len(stem) < 2 or stem in self.generic or stem in self.categories or any(stem.endswith(c) for c in ("新兴", "高新技术", "主导")):
                continue
            out.append(Candidate(start, es, "INDUSTRY", "phrase", SUPPORTED))
        return out

    # -- A、B与C等N大领域 ----------------------------------------------------------
    def _enumerations(self, s: str, tokens: list[Token], tok_at: list[int], terms: list[_Term]) -> list[Candidate]:
        known = {(t.start, t.end) for t in terms}
        out: list[Candidate] = []
        pos = 0
        for m in [*CLAUSE_BREAK.finditer(s), None]:
            if m and s[m.start()] in ",，" and s[m.start() + 1 : m.start() + 2] == "、":
                continue  # 农产品加工,、医疗器械: scraping noise, the list runs on
            end = m.start() if m else len(s)
            if "、" in s[pos:end] or "为" in s[pos:end]:
                out += self._clause(s, tokens, tok_at, pos, end, known)
            pos = end + 1
        return out

    def _clause(self, s: str, tokens: list[Token], tok_at: list[int], a: int, b: int,
                known: set[tuple[int, int]]) -> list[Candidate]:
        # Parts between 、, then conjuncts inside each part.
        parts: list[tuple[int, int]] = []
        start = a
        while True:
            i = s.find("、", start, b)
            i = b if i < 0 else i
            parts.append((start, i))
            if i == b or s.find("等", start, i) >= 0:
                break  # 等 closes the list; what follows is another one
            start = i + 1
        b = parts[-1][1]
        # The list starts in the last part that has words leading into it
        # (各板块、各部门瞄准新能源汽车、…: the list starts at 新能源汽车).
        begin = 0
        for k in range(len(parts) - 2, 0, -1):
            first = self._first_item(s, tokens, tok_at, *self._conjuncts(s, *parts[k], tokens, tok_at)[0], known)
            if first is not None and first[0] > parts[k][0]:
                begin = k
                break
        items: list[tuple[int, int] | None] = []
        for pa, pb in parts[begin:]:
            k = s.find("等", pa, pb)
            # 旅游业等行业和领域: the list ends at 等; 和 joins the closer's words
            items += self._conjuncts(s, pa, k if k > pa else pb, tokens, tok_at)
        if not items:
            return []
        # The last item ends at its closer (等六大领域, 为主导); the first one
        # runs back into the sentence. With one item, it is both.
        last, rest = self._last_item(s, *items[-1])  # type: ignore[misc]
        if last is not None and items[-1] is not None and items[-1][1] < b:
            rest = s[last[1]:b]
        items[-1] = last
        if items[0] is not None:
            items[0] = self._first_item(s, tokens, tok_at, *items[0], known)
        items = [self._trim(s, it) for it in items if it]
        items = [part for it in items for part in self._fields(it, known)]
        items = [it for it in items if it and self._valid(s, it)]
        if not items:
            return []
        # A closer followed later by 等 was a word inside the last item
        # (新材料產業一站式服務平臺等): the list ends at 等, not there.
        closed = bool(LIST_CLOSER.match(rest)) and not ("等" in rest and not rest.lstrip().startswith("等"))
        if len(items) == 1:
            # 以安全应急装备为特色: one item, named as what the place is built on
            if not (closed and rest.lstrip().startswith("为") and self._headed(s, items[0])):
                return []
        else:
            # an item opening with an industry word counts too (食品深加工)
            starts = {x for x, _ in known}
            # and so does a modifier before an industry head (高端制造, 智能家居)
            n_known = sum(1 for it in items if it in known or it[0] in starts
                          or self._headed(s, it) and any(s.startswith(m, it[0]) for m in self.modifiers))
            if not (n_known >= 2 or n_known >= 1 and closed):
                return []
        return [Candidate(x, y, "INDUSTRY", "industries" if (x, y) in known else "list", SUPPORTED if (x, y) in known else WEAK)
                for x, y in items]

    def _fields(self, it: tuple[int, int], known: set[tuple[int, int]]) -> list[tuple[int, int]]:
        """An item made of two known fields side by side is two items (新能源新材料)."""
        a, b = it
        parts = []
        while a < b:
            nxt = next(((x, y) for x, y in known if x == a and y <= b), None)
            if nxt is None:
                return [it]
            parts.append(nxt)
            a = nxt[1]
        return parts if len(parts) >= 2 else [it]

    def _conjuncts(self, s: str, a: int, b: int, tokens: list[Token] | None = None,
                   tok_at: list[int] | None = None) -> list[tuple[int, int]]:
        """Split 生物医药与大健康 into its two names (each side two characters or more).

        A conjunction character inside a word (涉及, 普及) joins nothing."""
        out = []
        start = a
        for i in range(a, b):
            if tokens is not None and tok_at is not None and tokens[tok_at[i]].start != i:
                continue
            if s[i] in CONJ and i - start >= 2 and b - i - 1 >= 2:
                out.append((start, i))
                start = i + 1
        out.append((start, b))
        return out

    def _first_item(self, s: str, tokens: list[Token], tok_at: list[int], a: int, b: int,
                    known: set[tuple[int, int]]) -> tuple[int, int] | None:
        """The first item runs back into its sentence: stop at a verb of
        introduction, a preposition or a particle (涉及 / 以 / 聚焦 ...)."""
        start = b
        while start > a:
            t = tokens[tok_at[start - 1]]
            piece = s[max(t.start, a) : start]
            if piece in self.stop or t.tag in STOP_TAGS and not piece.isascii():
                break
            if t.tag == "v" and b - start >= 2 and t.start >= a:
                break  # 聚焦/装备与新材料: the verb introducing the list is no part of its first item
            start = max(t.start, a)
        if b - start > ITEM_MAX or start == b:
            # 各部门瞄准新能源汽车: the sentence runs on, but a known term
            # closing the part is the item.
            return next(((x, y) for x, y in known if y == b and x >= a), None)
        return start, b

    def _last_item(self, s: str, a: int, b: int) -> tuple[tuple[int, int] | None, str]:
        m = LAST_ITEM_END.search(s, a, b)
        end = m.start() if m else b
        while end > a and s[end - 1].isspace():
            end -= 1
        return ((a, end) if end > a else None), s[end:b]

    def _trim(self, s: str, it: tuple[int, int]) -> tuple[int, int]:
        a, b = it
        while a < b and (s[a].isspace() or s[a] in ",，"):
            a += 1
        while b > a and (s[b - 1].isspace() or s[b - 1] in ",，"):
            b -= 1
        text = s[a:b]
        if not text.endswith(self._endings):
            return a, b
        for ending in self._endings:
            if text.endswith(ending) and b - a - len(ending) >= 2:
                b -= len(ending)
                break
        return a, b

    def _valid(self, s: str, it: tuple[int, int]) -> bool:
        a, b = it
        text = s[a:b]
        return (2 <= len(text) <= ITEM_MAX and all(is_han(c) or c.isascii() and c.isalnum() for c in text)
                and (text not in self.generic or _sector(text)) and text not in self.categories and text not in self.stop)

    def _headed(self, s: str, it: tuple[int, int]) -> bool:
        return s[it[0]:it[1]].endswith(self._heads)
