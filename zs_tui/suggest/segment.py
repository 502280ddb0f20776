"""Word segmentation (jieba) with the domain vocabulary, plus POS lookup.

``jieba.tokenize`` (no POS) is ~60x faster than ``jieba.posseg``; tags come
from jieba's dictionary by lookup, and a word jieba discovered on its own
(not in the dictionary) is tagged ``nz``: usually part of a proper name.

The words themselves come from jieba-rs (``rjieba``, jieba's algorithm,
dictionary and HMM in Rust, ~20x faster than jieba's Python), except in the
blocks where it is known to cut otherwise than jieba: a run of Han and ASCII
word characters that holds anything but the CJK characters U+4E00-U+9FD5
(``2022-02-22`` is one word to jieba-rs, five to jieba).  Those blocks are cut
by jieba itself, so the words are jieba's everywhere
(tests/unit/test_suggest_speed_equiv.py compares both on every dev text).
"""
from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

import jieba

from . import resources

jieba.setLogLevel(logging.WARNING)


class Token(NamedTuple):
    """A word and its offsets (a tuple: built ~3x faster than a frozen
    dataclass, and an article has a thousand of them)."""

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


@cache
def _rust_tokenizer() -> Any:
    import rjieba

    tk = rjieba.Jieba()
    for w, freq, tag in _domain_words():
        tk.add_word(w, freq, tag)
    return tk


# A block as jieba-rs (any version) may read one: the widest Han ranges it
# uses plus jieba's ASCII word characters; blocks end at any other character
# for both segmenters, so a block can be cut by either alone.
_BLOCK = re.compile("[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1Fa-zA-Z0-9+#&._%\\-]+")
# What jieba-rs may cut otherwise than jieba inside a block: a Han character
# outside U+4E00-U+9FD5, any of _-+#&, and a "." or "%" after a letter or a
# number other than a plain decimal (2.5, 3.5%; 1.2.3 and 2.5x are not).
# Found by comparing both on the dev sets and random mixtures of their text
# with these characters; a block without any of them is cut alike.
_OTHER = re.compile("[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1F_+#&\\-]"
                    "|[a-zA-Z][0-9]*[.%]|[0-9]%[a-zA-Z0-9._%+#&\\-]"
                    "|[0-9]\\.(?![0-9]+%?(?![a-zA-Z0-9._%+#&\\-]))")


def _plain_words(simplified: str) -> list[tuple[str, int, int]]:
    """jieba's own words, in Python (the reference the fast path is checked against)."""
    return list(_tokenizer().tokenize(simplified))


def _fast_words(simplified: str) -> list[tuple[str, int, int]]:
    """jieba's words: jieba-rs's, with the blocks it may cut otherwise cut by jieba."""
    words = _rust_tokenizer().tokenize(simplified, "default", True)
    if not _OTHER.search(simplified):
        return words
    out: list[tuple[str, int, int]] = []
    k, n = 0, len(words)
    plain = _tokenizer()
    for m in _BLOCK.finditer(simplified):
        a, b = m.span()
        if not _OTHER.search(simplified, a, b):
            continue
        while k < n and words[k][1] < a:
            out.append(words[k])
            k += 1
        j = k
        while j < n and words[j][1] < b:
            j += 1
        if k == j or words[k][1] != a or words[j - 1][2] != b:
            return _plain_words(simplified)  # jieba-rs cut across the block: not the block we know
        out.extend((w, a + i, a + e) for w, i, e in plain.tokenize(simplified[a:b]))
        k = j
    out.extend(words[k:])
    return out


_words = _fast_words


def warm_up() -> None:
    _tokenizer()
    _rust_tokenizer()
    jieba_tags()
    _domain_tags()


def tokenize(simplified: str) -> list[Token]:
    dg, bg, han = _domain_tags().get, jieba_tags().get, _HAN.search
    # tuple.__new__: Token(...) goes through the named tuple's __new__ in Python, a call more per word
    return [_new(Token, (w, s, e, dg(w) or bg(w) or ("nz" if han(w) else "x"))) for w, s, e in _words(simplified)]


_new = tuple.__new__


_HAN = re.compile("[\u4e00-\u9fff]")
