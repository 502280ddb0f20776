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

import sys
from array import array
from collections.abc import Iterable
from itertools import islice
from operator import le, lt

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
    spans ``(start, end, label)``, then the blank line that ends the article."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    ordered = sorted(spans)
    starts, ends, labels = (list(c) for c in zip(*ordered)) if ordered else ([], [], [])
    if all(map(le, ends, islice(starts, 1, None))):
        return conll_columns(text, starts, ends, labels, scheme)
    return _by_runs(text, ordered, scheme)


def conll_columns(text: str, starts: list[int], ends: list[int], labels: list[str], scheme: str = "bio") -> str:
    """``conll_block`` for spans given a column at a time, sorted and flat
    (each ends where or before the next starts), as ``GoldSpans`` holds them."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    return conll_utf8(text, starts, ends, labels, scheme).decode()


def conll_utf8(text: str, starts: list[int], ends: list[int], labels: list[str], scheme: str = "bio") -> bytes:
    """``conll_columns`` encoded as UTF-8, as the slots build it (for a writer
    of bytes: decoding it to write it encoded again was a tenth of the time)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    block = _by_slots(text, starts, ends, labels, scheme)
    return block if block is not None else _by_runs(text, list(zip(starts, ends, labels)), scheme).encode()


def _by_runs(text: str, spans: list[tuple[int, int, str]], scheme: str) -> str:
    """The block from sorted spans, run by run: no Python runs per character
    (the lines of a run of characters that share a tag, the text between spans
    or the middle of a span, are one ``str.join``)."""
    single, inner, last = _tags(scheme)
    toks = list(map(_TOKENS.__getitem__, text))
    parts: list[str] = []
    pos = 0
    for start, end, label in spans:
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


def _tags(scheme: str) -> tuple[str, str, str]:
    """The tags' letters for a one-character span, a span's middle and its last character."""
    return ("S", "M", "E") if scheme == "bmes" else ("B", "I", "I")


# The block by slots: each character gets a slot of the same width, in an
# array of UTF-16 code units, holding the character then its " TAG\n" padded
# with NULs; the whole block is then a few C calls (the tags of a span are one
# slice assignment, the characters one strided assignment, the padding gone in
# one bytes.translate of the UTF-8, where a NUL is a byte of its own) instead
# of a Python string per character, which cost more than all the rest of a
# conll export.  A character written as a placeholder stands in its slot as a
# marker, a lone surrogate that the UTF-8 encoding's surrogateescape turns
# into one byte valid UTF-8 never has (0xF8-0xFB), replaced by the
# placeholder at the end.
_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
_MARKS = [(ch, chr(0xDCF8 + k), bytes([0xF8 + k]), tok.encode()) for k, (ch, tok) in enumerate(PLACEHOLDERS.items())]
_SLOTS: dict[tuple[int, str, str, int], array] = {}  # (width, scheme, label, length) -> a span's slots


def _slots(width: int, tails: Iterable[str]) -> array:
    return array("H", "".join(f"\0{t}".ljust(width, "\0") for t in tails).encode(_UTF16))


def _span_slots(width: int, scheme: str, label: str, length: int) -> array:
    key = (width, scheme, label, length)
    got = _SLOTS.get(key)
    if got is None:
        if len(_SLOTS) > 4096:  # lengths and widths are many over a corpus: memory stays flat
            _SLOTS.clear()
        single, inner, last = _tags(scheme)
        tails = ([f" {single}-{label}\n"] if length == 1 else
                 [f" B-{label}\n", *[f" {inner}-{label}\n"] * (length - 2), f" {last}-{label}\n"])
        got = _SLOTS[key] = _slots(width, tails)
    return got


def _by_slots(text: str, starts: list[int], ends: list[int], labels: list[str], scheme: str) -> bytes | None:
    """The block by slots (above), in UTF-8, or None for a text or label it cannot hold:
    a character other than the four placeholders' that needs a placeholder
    (a NUL or a surrogate among them), one past U+FFFF (two UTF-16 units), a
    label with such a character, a span that is empty or leaves the text."""
    marks = [m for m in _MARKS if m[0] in text]
    bare = marked = text
    for ch, marker, _, _ in marks:
        bare, marked = bare.replace(ch, ""), marked.replace(ch, marker)
    names = "".join(set(labels))
    if (not bare.isprintable() or not names.isprintable()
            or not all(map(lt, starts, ends)) or (starts and (starts[0] < 0 or ends[-1] > len(text)))):
        return None
    chars = array("H", marked.encode(_UTF16, "surrogatepass"))
    if len(chars) != len(text) or len(names.encode(_UTF16)) != 2 * len(names):
        return None
    width = 5 + max(map(len, labels), default=0)  # character, " B-", label, "\n"
    slots = _slots(width, [" O\n"]) * len(text)
    cached = _SLOTS.get  # the slots of a span, looked up here: a call per span was a tenth of the block
    for start, end, label in zip(starts, ends, labels):
        slots[start * width:end * width] = (cached((width, scheme, label, end - start))
                                            or _span_slots(width, scheme, label, end - start))
    slots[::width] = chars
    block = slots.tobytes().decode(_UTF16, "surrogatepass").encode("utf-8", "surrogateescape").translate(None, b"\0")
    for _, _, byte, tok in marks:
        block = block.replace(byte, tok)
    return block + b"\n"
