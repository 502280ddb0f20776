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

from collections.abc import Iterable

from zs_tui.defaults import SCHEMES  # one definition, shown by the CLI

PLACEHOLDERS = {" ": "<SP>", "\t": "<TAB>", "\n": "<NL>", "\r": "<CR>"}


def token(ch: str) -> str:
    """The character as written on its line."""
    if ch in PLACEHOLDERS:
        return PLACEHOLDERS[ch]
    if ch.isspace() or not ch.isprintable():
        return f"<U+{ord(ch):04X}>"
    return ch


class _Tokens(dict[str, str]):
    """``token`` memoised per character: an article is a few hundred distinct
    characters, so the per-character work becomes one dictionary look-up done
    in C by ``map``."""

    def __missing__(self, ch: str) -> str:
        tok = self[ch] = token(ch)
        return tok


_TOKENS = _Tokens()


def conll_block(text: str, spans: Iterable[tuple[int, int, str]], scheme: str = "bio") -> str:
    """One article as written: a line ``CHAR TAG`` per character for flat
    spans ``(start, end, label)``, then the blank line that ends the article.

    This is the export's hot loop (one line per character), so no Python
    runs per character: the lines of a run of characters that share a tag
    (the text between spans, the middle of a span) are one ``str.join``."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    single, inner, last = ("S", "M", "E") if scheme == "bmes" else ("B", "I", "I")
    toks = list(map(_TOKENS.__getitem__, text))
    parts: list[str] = []
    pos = 0
    for start, end, label in sorted(spans):
        if start > pos:
            parts.append(_run(toks, pos, start, " O\n"))
        if end - start == 1:
            parts.append(f"{toks[start]} {single}-{label}\n")
        else:
            parts.append(f"{toks[start]} B-{label}\n")
            if end - start > 2:
                parts.append(_run(toks, start + 1, end - 1, f" {inner}-{label}\n"))
            parts.append(f"{toks[end - 1]} {last}-{label}\n")
        pos = end
    if pos < len(toks):
        parts.append(_run(toks, pos, len(toks), " O\n"))
    return "".join(parts) + "\n"


def _run(toks: list[str], start: int, end: int, tail: str) -> str:
    """The lines of toks[start:end], all with the same tag (``tail``)."""
    return tail.join(toks[start:end]) + tail
