"""Bytes to text: UTF-8 (with or without BOM), else GB18030 or Big5.

GB18030 decodes nearly any byte string, Big5 text included, so when both
legacy codecs succeed the one whose result reads as ordinary Chinese wins:
the share of characters that are in the common tier of either standard
(GB2312 level 1, Big5 frequent characters).  Mis-decoded text is full of
rare, private-use and symbol characters and scores low.
"""
from __future__ import annotations

import codecs


class DecodeError(ValueError):
    pass


def _common_share(text: str) -> float:
    score = total = 0
    for ch in text:
        if ch.isascii() or ch.isspace():
            continue
        total += 1
        try:
            b = ch.encode("gb2312")
            if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
                score += 1
                continue
        except UnicodeEncodeError:
            pass
        try:
            b = ch.encode("big5")
            if len(b) == 2 and 0xA4 <= b[0] <= 0xC6:
                score += 1
                continue
            if len(b) == 2 and b[0] == 0xA1:  # Big5 punctuation
                score += 1
                continue
        except UnicodeEncodeError:
            pass
        if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":  # CJK punctuation, full-width forms
            score += 1
    return score / total if total else 1.0


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise DecodeError."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise DecodeError(f"starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte {e.start})") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    candidates: list[tuple[float, int, str, str]] = []
    for rank, enc in enumerate(("gb18030", "big5")):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        # Rank breaks ties in favour of GB18030, the more common legacy codec.
        candidates.append((_common_share(text[:20000]), -rank, enc, text))
    if not candidates:
        # Most such files are UTF-8 with a stray or cut-off byte: say where.
        at = utf8_error.start
        line = data.count(b"\n", 0, at) + 1
        raise DecodeError(
            f"bytes are not valid UTF-8, GB18030 or Big5 (first bad UTF-8 byte: line {line}, byte offset {at})"
        )
    _, _, enc, text = max(candidates)
    if mixed := _mixed_line(data, enc):
        raise DecodeError(mixed)
    return text, enc


def _mixed_line(data: bytes, enc: str) -> str | None:
    """A line that reads as ordinary Chinese only in the other legacy codec: the
    file mixes GB18030 and Big5 (pasted from two sources), and whichever codec
    is chosen, part of it would be stored as garbage."""
    other = "big5" if enc == "gb18030" else "gb18030"
    for n, line in enumerate(data.split(b"\n"), 1):
        if sum(b >= 0x80 for b in line) < 12:  # too few characters to judge
            continue
        mine = _common_share(line.decode(enc, errors="replace"))
        if mine >= 0.6:
            continue
        try:
            theirs = _common_share(line.decode(other))
        except UnicodeDecodeError:
            continue
        if theirs >= 0.9:
            return (f"mixes {enc.upper()} and {other.upper()} bytes (line {n} reads as {other.upper()}); "
                    "convert the file to one encoding, UTF-8 preferably")
    return None


def utf16_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


# Every byte but the control bytes a text file does not contain (tab, newline, form feed, CR, ESC are fine).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: an image, archive or database file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    ctrl = len(head.translate(None, _NOT_CONTROL))  # the control bytes left, counted in C
    return bool(head) and ctrl / len(head) > 0.05
