"""Exact-match lexicons: places, regions, fairs, learned entries."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import resources
from .simplify import to_simplified
from .tokens import EVERYDAY_FREQ
from .types import SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis


class Lexicon:
    """Finds the longest entry starting at each position of a text.

    The search is an Aho-Corasick automaton (pyahocorasick, in C): one pass
    over the text reports every entry it holds, where a loop in Python
    looked up each character's slices in turn.  It is built on first use
    after an entry was added (the learned lexicon grows while reviewing)."""

    def __init__(self, entries: dict[str, tuple[str, str]] | None = None) -> None:
        self.entries: dict[str, tuple[str, str]] = {}
        self._automaton: Any = None
        for text, (label, source) in (entries or {}).items():
            self.add(text, label, source)

    def add(self, text: str, label: str, source: str) -> None:
        if len(text) < 1:
            return
        self.entries[text] = (label, source)
        self._automaton = None

    def __len__(self) -> int:
        return len(self.entries)

    def _built(self) -> Any:
        import ahocorasick

        ac = ahocorasick.Automaton()
        for text, (label, source) in self.entries.items():
            ac.add_word(text, (len(text), label, source))
        ac.make_automaton()
        self._automaton = ac
        return ac

    def find(self, s: str, priority: int = SUPPORTED) -> list[Candidate]:
        if not self.entries:
            return []
        longest: dict[int, tuple[int, str, str]] = {}
        for end, hit in (self._automaton or self._built()).iter(s):
            start = end + 1 - hit[0]
            if start not in longest or hit[0] > longest[start][0]:
                longest[start] = hit
        return [Candidate(i, i + n, label, source, priority) for i, (n, label, source) in sorted(longest.items())]


# jieba tags of proper names: a short form tagged so is read as a place.
PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "j", "nt"}
# A county's short form that jieba knows as an everyday word (EVERYDAY_FREQ:
# 合作 for 合作市, 前进 for 前进区) is a place only when written in full.
COUNTY_RENAMES = ("市", "县", "区")
# jieba frequency under which an ns-tagged geographic word is a real name.
GEO_MAX_FREQ = 1000


def builtin_lexicon() -> Lexicon:
    from .segment import jieba_entries

    known = jieba_entries()
    everyday = resources.word_set("place_everyday.txt")
    lex = Lexicon()
    for name, level in resources.places().items():
        if name in everyday or not _is_full(name) and not _short_form_is_place(name, level, known, everyday):
            continue
        lex.add(name, "LOC", "places")
    for name, level in resources.places().items():
        # Counties are often renamed (怀仁县 -> 怀仁市, 铜山县 -> 铜山区) after
        # the division table was made: the stem with another ending is the
        # same place.
        if level == "county" and _is_full(name) and name not in everyday:
            stem = _stem(name)
            if len(stem) >= 2 and stem not in everyday:
                for end in COUNTY_RENAMES:
                    # 大城县 must not make 大城市 ("big city") a place
                    if stem + end not in lex.entries and known.get(stem + end, (0, ""))[0] < EVERYDAY_FREQ:
                        lex.add(stem + end, "LOC", "places")
    for w in _geographic_names(known):
        if w not in lex.entries:
            lex.add(w, "LOC", "places")
    for w in resources.words("fairs.txt"):
        lex.add(w, "EVENT", "fairs")
    return lex


# 中国500强, 世界100强: a ranking names a class of firms, its place is no place.
RANKING = re.compile(r"\d+强")


class Places:
    """Places and well-known fairs from the built-in lexicon."""

    labels = frozenset({"LOC", "EVENT"})

    def __init__(self) -> None:
        self.lexicon = builtin_lexicon()

    def find(self, a: Analysis) -> list[Candidate]:
        # A lexicon word must be a whole word (汽车 in 汽车站 is not); a
        # full place name (怀仁市) may be split by jieba but stays whole.
        s = a.s
        return [c for c in self.lexicon.find(s)
                if ((c.start in a.starts and c.end in a.ends) or (c.label == "LOC" and c.length >= 3 and c.start in a.starts))
                and not (c.label == "LOC" and RANKING.match(s, c.end))]


def _geographic_names(known: dict[str, tuple[int, str]]) -> list[str]:
    """Rivers, bays, mountains... that jieba's dictionary knows as places.

    Only rare words (a frequent "place" such as 城市 or 上市 is jieba's
    mistake) of three characters or more, not starting with a function word
    that jieba glued on (和澳洲).
    """
    endings = tuple(resources.words("geo_endings.txt"))
    return [w for w, (freq, tag) in known.items()
            if tag == "ns" and len(w) >= 3 and freq < GEO_MAX_FREQ and w.endswith(endings)
            and known.get(w[0], (0, ""))[1] not in ("p", "c", "u", "uj", "d", "r", "v")]


def _short_form_is_place(name: str, level: str, known: dict[str, tuple[int, str]], everyday: frozenset[str]) -> bool:
    if name in everyday:
        return False
    if level != "county":
        # Provinces, prefecture cities and regions: jieba's tags for them are
        # unreliable (合肥/n, 大连/d) but their short forms are read as places.
        return True
    freq, tag = known.get(name, (0, "ns"))
    return tag in PROPER_TAGS or freq < EVERYDAY_FREQ and tag in ("n", "nz", "ns")


def _stem(name: str) -> str:
    return name[:-1] if name.endswith(("市", "县", "区")) else name


def learned_lexicon(accepted: dict[tuple[str, str], int]) -> Lexicon:
    """Spans reviewers accepted, matched in Simplified form."""
    lex = Lexicon()
    for (text, label), _n in sorted(accepted.items()):
        text = text.strip()
        if len(text) >= 2 and not (label == "INDUSTRY" and _sector_word(to_simplified(text))):
            lex.add(to_simplified(text), label, "learned")
    return lex


def _sector_word(text: str) -> bool:
    """农业, 工业: a sector is an industry only where a list says so (the rules
    read the list); learned as a word it would be suggested in every sentence
    (工业用地, 农业农村局) and cost more than it finds (learning curve)."""
    return len(text) == 2 and text.endswith("业")


def _is_full(name: str) -> bool:
    return name.endswith(("省", "市", "区", "县", "州", "旗", "盟", "自治区"))
