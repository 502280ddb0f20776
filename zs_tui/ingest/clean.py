"""Clean text: strip scraping noise from a raw article, keeping a map back.

Only the noise listed in GUIDELINES.md ("Clean text") is removed: pinyin
glosses after a CJK character, spaces between two CJK characters (PDF line
breaks), and the CR of CRLF. Everything else, script and typos included, stays.

The map is stored as segments ``(clean_start, raw_start, length)``: runs of
characters copied verbatim.  A per-character list would cost ~8 bytes a
character in the database; segments cost a few per removed gloss.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from itertools import accumulate

# Han ideographs, including extension A, compatibility and the astral planes.
CJK_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{CJK_CLASS}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü" + _TONED
# A gloss is a bracketed run of pinyin letters carrying at least one tone
# mark, immediately after a Han character.  Requiring a tone mark keeps
# legitimate bracketed Latin such as "(ICT)" or "(app)".  A doubled gloss
# goes as a whole, so that cleaning clean text changes nothing.
_ONE_GLOSS = f"\\([{_PINYIN_LETTERS}]*[{_TONED}][{_PINYIN_LETTERS}]*\\)"
# Written to start with the bracket and to look back from it (the same
# matches as a look-behind first): the regex engine then jumps from bracket to
# bracket instead of testing every character of the article.
_GLOSS = re.compile(f"\\((?<=[{CJK_CLASS}]\\()[{_PINYIN_LETTERS}]*[{_TONED}][{_PINYIN_LETTERS}]*\\)(?:{_ONE_GLOSS})*")
# The CR of a line ending (also the doubled CR of a twice-converted file).
_CR = re.compile("\r+(?=\n)")
# Spaces left by PDF line breaks inside a Chinese word, found in the raw text:
# a run of spaces with a Han character after it and, before it, a Han
# character or a gloss (once the gloss is gone, a Han character precedes).
# Started at the space for the same reason as _GLOSS.
_GAP = re.compile(f"[ \\t\\u00a0](?<=[{CJK_CLASS})][ \\t\\u00a0])[ \\t\\u00a0]*(?=[{CJK_CLASS}])")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


@dataclass(frozen=True)
class CharMap:
    """Maps clean-text offsets to raw-text offsets."""

    segments: tuple[tuple[int, int, int], ...]  # (clean_start, raw_start, length)
    clean_len: int
    raw_len: int

    def to_raw(self, i: int) -> int:
        """Raw offset of clean offset ``i``; ``clean_len`` maps to ``raw_len``."""
        if i == self.clean_len:
            return self.raw_len
        if not 0 <= i < self.clean_len:
            raise IndexError(f"clean offset {i} outside 0..{self.clean_len}")
        k = bisect.bisect_right(self.segments, (i, float("inf"), 0)) - 1
        c, r, _ = self.segments[k]
        return r + (i - c)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering clean ``[start, end)``."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def to_json(self) -> str:
        return json.dumps(
            {"segments": self.segments, "clean_len": self.clean_len, "raw_len": self.raw_len},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, s: str) -> CharMap:
        d = json.loads(s)
        return cls(tuple(tuple(x) for x in d["segments"]), d["clean_len"], d["raw_len"])


def _removals(raw: str) -> list[tuple[int, int]]:
    """Sorted, disjoint raw ranges to delete: glosses, CRs, and the spaces
    between two Han characters once the glosses are gone."""
    glosses = [m.span() for m in _GLOSS.finditer(raw)] if "(" in raw else []
    cuts = glosses + ([m.span() for m in _CR.finditer(raw)] if "\r" in raw else [])
    ends = {b for _, b in glosses}  # a bracket closing a gloss: a Han character before it once cleaned
    cuts += [m.span() for m in _GAP.finditer(raw) if raw[m.start() - 1] != ")" or m.start() in ends]
    cuts.sort()
    return cuts


def clean_text(raw: str) -> tuple[str, CharMap]:
    """Return the clean text and its map back to ``raw``.

    A gap that only becomes CJK-to-CJK once a gloss is gone (``網(wǎng) 絡``)
    goes too. Every cut is found in the raw text, so the text is copied once
    and the map's segments are the runs between cuts.
    """
    clean, segs = _apply(raw, _removals(raw))
    return clean, CharMap(tuple(segs), len(clean), len(raw))


def _apply(text: str, cuts: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` without the ``cuts`` (sorted, disjoint) and the runs kept, as
    (clean_start, raw_start, length)."""
    runs = [(a, b - a) for a, b in zip([0, *(b for _, b in cuts)], [*(a for a, _ in cuts), len(text)]) if b > a]
    segs = [(c, r, n) for c, (r, n) in zip(accumulate((n for _, n in runs), initial=0), runs)]
    return "".join([text[r:r + n] for r, n in runs]), segs
