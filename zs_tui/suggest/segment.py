"""Word segmentation (jieba) with the domain vocabulary, plus POS lookup.

``jieba.tokenize`` (no POS) is ~60x faster than ``jieba.posseg``; tags come
from jieba's dictionary by lookup, and a word jieba discovered on its own
(not in the dictionary) is tagged ``nz``: usually part of a proper name.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import jieba

from . import resources

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int
    tag: str


# Frequencies jieba's own dictionary gave the domain words before they were
# added with a high one (a place short form's own frequency tells whether it
# is an everyday word).
_ORIGINAL_FREQ: dict[str, int] = {}


def _domain_words() -> list[tuple[str, int, str]]:
    words = [(w, 2000, "n") for name in ("industries.txt", "industry_products.txt") for w in resources.words(name)]
    words += [(w, 2000, "ns") for w in resources.places() if len(w) >= 2]
    words += [(w, 2000, "nz") for w in resources.words("fairs.txt")]
    words += [(w, 5000, "n") for w in resources.words("titles.txt")]
    return words


@cache
def _tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    for w, freq, tag in _domain_words():
        _ORIGINAL_FREQ.setdefault(w, tk.FREQ.get(w, 0))
        tk.add_word(w, freq, tag)
    return tk


@cache
def jieba_tags() -> dict[str, str]:
    """Tags from jieba's own dictionary, before the domain vocabulary."""
    tags: dict[str, str] = {}
    f = jieba.get_dict_file()
    try:
        for raw in f:
            parts = (raw.decode("utf-8") if isinstance(raw, bytes) else raw).split()
            if len(parts) >= 3:
                tags[parts[0]] = sys.intern(parts[2])  # ~30 distinct tags for 350,000 words
    finally:
        f.close()
    return tags


class JiebaWords:
    """Frequency and tag of every word of jieba's own dictionary, read from
    the tokenizer's frequency table and the tag table, so that the 350,000
    words are held once more at most, not three times."""

    def __init__(self) -> None:
        self.freq = _tokenizer().FREQ
        self.tags = jieba_tags()

    def get(self, word: str, default: tuple[int, str] | None = None) -> tuple[int, str] | None:
        tag = self.tags.get(word)
        if tag is None:
            return default
        return _ORIGINAL_FREQ.get(word, self.freq.get(word, 0)), tag

    def items(self) -> Iterator[tuple[str, tuple[int, str]]]:
        for word, tag in self.tags.items():
            yield word, (_ORIGINAL_FREQ.get(word, self.freq.get(word, 0)), tag)


@cache
def jieba_entries() -> JiebaWords:
    return JiebaWords()


@cache
def _domain_tags() -> dict[str, str]:
    """Tags of the domain vocabulary, over jieba's."""
    tags = {w: "n" for name in ("industries.txt", "industry_products.txt") for w in resources.words(name)}
    tags.update((w, "ns") for w in resources.places())
    return tags


def warm_up() -> None:
    _tokenizer()
    jieba_tags()
    _domain_tags()


def tokenize(simplified: str) -> list[Token]:
    domain, base = _domain_tags(), jieba_tags()
    return [Token(w, s, e, domain.get(w) or base.get(w) or ("nz" if _is_wordlike(w) else "x"))
            for w, s, e in _tokenizer().tokenize(simplified)]


def _is_wordlike(w: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in w)
