"""CoNLL-style character tagging: one character per line, ``CHAR TAG``.

Chinese NER corpora (MSRA, Weibo, Resume) and YEDDA tag characters, not
words, so no segmenter decides where an entity may start.  Schemes:

- ``bio``: ``B-X`` first character, ``I-X`` the rest, ``O`` outside; a
  one-character entity is ``B-X``;
- ``bmes``: ``B-X`` begin, ``M-X`` middle, ``E-X`` end, ``S-X`` a
  one-character entity, ``O`` outside.

A whitespace or control character cannot stand on a line of its own (readers
split on whitespace and drop blank lines), yet dropping it would shift every
later offset.  It is written as a placeholder token instead, so line *n* of an
article is always character *n*: ``<SP>`` space, ``<TAB>`` tab, ``<NL>``
newline, ``<CR>`` carriage return, and ``<U+XXXX>`` for any other whitespace
or control character (``<U+3000>`` ideographic space, ``<U+00A0>`` no-break
space).  A literal ``<`` is a character like any other, so a placeholder
(always more than one character) never reads as text.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

SCHEMES = ("bio", "bmes")
PLACEHOLDERS = {" ": "<SP>", "\t": "<TAB>", "\n": "<NL>", "\r": "<CR>"}


def token(ch: str) -> str:
    """The character as written on its line."""
    if ch in PLACEHOLDERS:
        return PLACEHOLDERS[ch]
    if ch.isspace() or not ch.isprintable():
        return f"<U+{ord(ch):04X}>"
    return ch


def char_tags(n_chars: int, spans: Iterable[tuple[int, int, str]], scheme: str = "bio") -> list[str]:
    """One tag per character for flat spans ``(start, end, label)``."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    tags = ["O"] * n_chars
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = f"{'S' if scheme == 'bmes' else 'B'}-{label}"
            continue
        inner, last = ("M", "E") if scheme == "bmes" else ("I", "I")
        tags[start] = f"B-{label}"
        for i in range(start + 1, end - 1):
            tags[i] = f"{inner}-{label}"
        tags[end - 1] = f"{last}-{label}"
    return tags


def conll_lines(text: str, spans: Iterable[tuple[int, int, str]], scheme: str = "bio") -> Iterator[str]:
    """The lines of one article (without the blank line that ends it)."""
    for ch, tag in zip(text, char_tags(len(text), spans, scheme)):
        yield f"{token(ch)} {tag}"
