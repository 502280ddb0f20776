"""Terminal safety: text from articles, file names and users never drives the terminal.

Scraped articles, file names, label sets, annotator names and session files
can carry control characters (``ESC ] 0 ; title BEL`` retitles a terminal,
other sequences move the cursor or clear the screen) and lone surrogates
(which cannot be written as UTF-8 at all).  Two views of one rule:

- ``for_screen``: one visible character for each unsafe one, so that text
  offsets on the screen stay those of the stored text (the review app).
- ``for_cli``: a backslash escape (``\\x1b``, ``\\udc80``) for each unsafe one,
  in messages and listings printed by commands.

``markup_free`` additionally escapes Rich markup, for the few places that
print user text through a console that reads markup.
"""
from __future__ import annotations

import json
import re
from typing import Any

from rich.markup import escape

# C0 except tab and newline, DEL, C1, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_CLI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\\\\]")
REPLACEMENT = "\ufffd"


def _picture(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def for_screen(text: str) -> str:
    """``text`` with each control character or lone surrogate replaced by one
    visible character (same length, same offsets)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _picture(m.group()), text)


def _escape_one(m: re.Match[str]) -> str:
    ch = m.group()
    if ch == "\\":
        return "\\\\"
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_cli(text: object) -> str:
    """``text`` as printable, unambiguous terminal output: control characters and
    lone surrogates become backslash escapes (a backslash doubles only when the
    text needed escaping, so ordinary paths print as they are)."""
    s = str(text)
    if not _UNSAFE.search(s):
        return s
    return _UNSAFE_CLI.sub(_escape_one, s)


def markup_free(text: object) -> str:
    """``for_cli`` and Rich markup escaped: user text printed by a markup console."""
    return escape(for_cli(text))


# json.dumps escapes C0 itself; with ensure_ascii=False it leaves DEL, C1 (U+009B
# is CSI to many terminals) and lone surrogates (unencodable) raw.
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def to_json(obj: Any, indent: int | None = None) -> str:
    """JSON as readable UTF-8 (``ensure_ascii=False``), except for the characters
    that would drive a terminal or fail to encode: those become ``\\uXXXX``
    escapes, which any JSON reader turns back into the same string."""
    return json_safe(json.dumps(obj, ensure_ascii=False, indent=indent))


def json_raw(text: str) -> bool:
    """Whether ``json_safe`` would change JSON holding ``text`` (a test of the
    pieces a line is made of is cheaper than one of the whole line)."""
    return _JSON_RAW.search(text) is not None


def json_safe(text: str) -> str:
    """JSON written with ``ensure_ascii=False``, its terminal-driving and
    unencodable characters escaped as ``to_json`` escapes them."""
    if not _JSON_RAW.search(text):
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
