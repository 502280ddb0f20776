"""One exported article as a JSON line: the Prodigy/spaCy shape and doccano's.

``row`` is what ``Store.iter_gold`` yields.  Keys are written in a fixed
order so that the same database always gives the same bytes.

The jsonl line is put together from escaped pieces rather than by
``json.dumps`` of a record: an article's text and spans are serialised
twice (as written, and in Prodigy's hash form), and encoding ~80 span
dicts three times over was most of an export's time.  The bytes are those
``safety.to_json(record)`` gives (tests/functional/test_export.py checks both against
it).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]
from json.encoder import encode_basestring_ascii as _quote_ascii
from typing import Any

from ..prodigy_hash import hash_of_payload, hashes_of_payloads, task_hash_of_payload
from ..safety import json_raw, json_safe
from ..storage.gold_query import GoldSpans

# Provenance kept from the import when no event marked the article done
# (``import --as-gold``): a re-imported export then exports the same again.
REVIEW_META = ("annotator", "session", "reviewed_at")
# What the reviewer said of the article besides its spans (zs_tui.review.session's UNSURE, NOTE).
REVIEWER_MARKS = ("unsure", "note")


def review_meta(row: dict[str, Any]) -> dict[str, Any]:
    """Who reviewed the article, in which session, when: from its done event."""
    ev = row["event"]
    if ev is not None:
        return {"annotator": ev["annotator"], "session": ev["session_id"], "reviewed_at": ev["ts"]}
    return {k: row["meta"].get(k) for k in REVIEW_META}


def reviewer_marks(row: dict[str, Any]) -> dict[str, Any]:
    """The reviewer's unsure flag and note (the review's ``flag`` and ``note``
    events keep them in the article's meta), only when set."""
    return {k: row["meta"][k] for k in REVIEWER_MARKS if row["meta"].get(k)}


class _Quoted(dict[str, str]):
    """A label's JSON string, made once per label and quoting function."""

    def __init__(self, quote: Any) -> None:
        super().__init__()
        self._quote = quote

    def __missing__(self, label: str) -> str:
        q = self[label] = self._quote(label)
        return q


_LABEL = _Quoted(_quote)
_LABEL_ASCII = _Quoted(_quote_ascii)
# One span in each form; str.format called by map, so no Python runs per span.
_SHOWN = '{{"start": {0}, "end": {1}, "label": {2}, "text": "{3}"}}'.format
_HASHED = '{{"end":{1},"label":{2},"start":{0},"text":"{3}"}}'.format  # Prodigy's: sorted keys, compact, ASCII


def _quoted_texts(texts: tuple[str, ...], quote: Any) -> list[str]:
    """Each text JSON-escaped without its quotes, by one call over all of them:
    NUL joins them and its escape ``\\u0000`` splits them again, which is
    safe when no text holds a NUL or a backslash (else one call each)."""
    joined = "\x00".join(texts)
    if "\\" in joined or joined.count("\x00") != len(texts) - 1:
        return [quote(t)[1:-1] for t in texts]
    return quote(joined)[1:-1].split("\\u0000")


def _json_raw(text: str) -> bool:
    """``json_raw``, mostly without its regex (a tenth of a jsonl line's time):
    its characters, U+007F to U+009F and surrogates, are byte 0x7F or lead byte
    0xC2 in UTF-8, or cannot be encoded at all."""
    try:
        b = text.encode()
    except UnicodeEncodeError:
        return True
    return (b"\x7f" in b or b"\xc2" in b) and json_raw(text)


class _AsciiLabel(dict[str, str]):
    """A label's JSON string as SQLite quoted it -> as ``_quote_ascii`` quotes it."""

    def __missing__(self, quoted: str) -> str:
        q = self[quoted] = _quote_ascii(json.loads(quoted))
        return q


_ASCII_OF = _AsciiLabel()


def _pieces(spans: GoldSpans, texts: bool = True) -> tuple[list[str], list[str]] | None:
    """The spans' labels as JSON strings and their texts JSON-escaped without
    quotes, cut out of the arrays SQLite wrote; None when that cannot be done
    exactly (then the spans are escaped one by one).

    With no backslash in an array SQLite escaped nothing in it, and neither
    would ``json.dumps`` (both escape only quotes, backslashes and control
    characters); a label holding a comma cuts into more pieces than spans."""
    n = len(spans)
    if not n:
        return [], []
    labels_json, texts_json = spans.labels_json, spans.texts_json
    if "\\" in labels_json or (texts and "\\" in texts_json) or not spans.flat():
        return None
    labels = labels_json[1:-1].split(",")
    cut = texts_json[2:-2].split('","') if texts else []
    if len(labels) != n or (texts and len(cut) != n):
        return None
    return labels, cut


def _ascii_as_is(js: str) -> bool:
    """Whether ``_quote_ascii`` leaves this JSON as it is: ASCII, but for DEL,
    which it escapes (``str.isascii`` counts DEL in: the task hash of a span
    holding one was wrong)."""
    return js.isascii() and "\x7f" not in js


def _ascii_texts(texts_json: str, texts: list[str]) -> list[str] | None:
    """The texts as ``_quote_ascii`` escapes them, from the array they were cut
    from: only quotes (the separators) and non-ASCII characters change."""
    if _ascii_as_is(texts_json):
        return texts
    cut = _quote_ascii(texts_json[2:-2])[1:-1].split('\\",\\"')
    return cut if len(cut) == len(texts) else None


# One span in each form, as the pieces between its values: an article's
# spans are one str.join over a list of the constant pieces repeated per span
# (``list * n``, in C) whose slots for the values are filled by slice
# assignment (a copy of pointers each), two fifths less time than joining
# the values and the pieces interleaved by zip and chain.  The piece around
# a label is one string per label, and the piece that ends a span opens the
# next (the last one is replaced by the end of a span).


class _Around(dict[str, str]):
    """A label's JSON string -> the piece around it (``form % label``), made once per label."""

    def __init__(self, form: str) -> None:
        super().__init__()
        self._form = form

    def __missing__(self, label: str) -> str:
        if len(self) > 4096:  # labels are few; a corpus of many keeps memory flat
            self.clear()
        piece = self[label] = self._form % label
        return piece


_SHOWN_LABEL = _Around(', "label": %s, "text": "')
_HASHED_LABEL = _Around(',"label":%s,"start":')  # Prodigy's: sorted keys, compact, ASCII
_DOCCANO_LABEL = _Around(", %s], [")
_SHOWN_SLOTS = ["", ', "end": ', "", "", "", '"}, {"start": ']
_HASHED_SLOTS = ["", "", "", ',"text":"', "", '"},{"end":']
_DOCCANO_SLOTS = ["", ", ", "", ""]


def _slotted(slots: list[str], n: int, opening: str, columns: tuple[tuple[int, Iterable[str]], ...],
             last: Callable[[str], str]) -> str:
    """The ``n`` spans' pieces: ``slots`` repeated per span, each column's values
    put in its slot (``columns``: slot, values), ``opening`` before the
    first piece and ``last`` applied to the last (the one that would open a
    next span)."""
    parts = slots * n
    width = len(slots)
    for slot, values in columns:
        parts[slot::width] = values
    parts[0], parts[-1] = opening + parts[0], last(parts[-1])
    return "".join(parts)


def _span_end(_piece: str) -> str:
    return '"}'


def _shown(starts: list[str], ends: list[str], labels: list[str], texts: list[str]) -> str:
    """``{"start": S, "end": E, "label": L, "text": "T"}, ...`` (labels quoted, texts escaped)."""
    if not starts:
        return ""
    return _slotted(_SHOWN_SLOTS, len(starts), '{"start": ', ((0, starts), (2, ends), (4, texts),
                    (3, map(_SHOWN_LABEL.__getitem__, labels))), _span_end)


def _hashed(starts: list[str], ends: list[str], labels: list[str], texts: list[str]) -> str:
    """``{"end":E,"label":L,"start":S,"text":"T"},...``: Prodigy's form (in ASCII if the labels and texts are)."""
    if not starts:
        return ""
    return _slotted(_HASHED_SLOTS, len(starts), '{"end":', ((0, ends), (2, starts), (4, texts),
                    (1, map(_HASHED_LABEL.__getitem__, labels))), _span_end)


def _doccano(starts: list[str], ends: list[str], labels: list[str]) -> str:
    """``[S, E, L], ...`` (labels quoted)."""
    if not starts:
        return ""
    return _slotted(_DOCCANO_SLOTS, len(starts), "[", ((0, starts), (2, ends), (3, map(_DOCCANO_LABEL.__getitem__, labels))),
                    lambda piece: piece[:-3])


def _numbers(spans: GoldSpans) -> tuple[list[str], list[str]]:
    """The starts and ends as SQLite wrote them (a JSON array of integers)."""
    return spans.starts_json[1:-1].split(","), spans.ends_json[1:-1].split(",")


def jsonl_line(row: dict[str, Any]) -> str:
    """``{"text", "spans", "meta", "answer", "_input_hash", "_task_hash"}`` as
    one line (no newline): spans slice with ``Doc.char_span(start, end,
    label)``; Prodigy ``db-in`` reads it.  ``row["spans"]``: (start, end,
    label, text) tuples, or the ``GoldSpans`` of ``iter_gold(span_columns=True)``."""
    spans = row["spans"]
    cut = _pieces(spans) if isinstance(spans, GoldSpans) else None
    ascii_texts = _ascii_texts(spans.texts_json, cut[1]) if cut is not None else None
    if cut is None or ascii_texts is None:
        return _jsonl_line(row, spans.tuples() if isinstance(spans, GoldSpans) else spans)
    labels, texts = cut
    text = row["text"]
    starts, ends = _numbers(spans) if labels else ([], [])
    ascii_labels = labels if _ascii_as_is(spans.labels_json) else list(map(_ASCII_OF.__getitem__, labels))
    task = _hashed(starts, ends, ascii_labels, ascii_texts)
    input_hash, task_hash = _hashes(row, text, task)
    shown = _shown(starts, ends, labels, texts)
    meta = json.dumps({"source": row["source"], "sha256": row["sha256"], **review_meta(row), **reviewer_marks(row)},
                      ensure_ascii=False)
    line = (f'{{"text": {_quote(text)}, "spans": [{shown}], "meta": {meta}, "answer": "accept",'
            f' "_input_hash": {input_hash}, "_task_hash": {task_hash}}}')
    # only these pieces are written unescaped (the numbers and the ASCII forms cannot hold such characters)
    raw = any(map(_json_raw, (text, spans.texts_json, spans.labels_json, meta)))
    return json_safe(line) if raw else line


def _jsonl_line(row: dict[str, Any], spans: list[tuple[int, int, str, str]]) -> str:
    """``jsonl_line`` from sorted span tuples, each text escaped on its own if need be."""
    text = row["text"]
    starts, ends, labels, texts = zip(*spans) if spans else ((), (), (), ())
    task = ",".join(map(_HASHED, starts, ends, map(_LABEL_ASCII.__getitem__, labels), _quoted_texts(texts, _quote_ascii)))
    input_hash, task_hash = _hashes(row, text, task)
    shown = ", ".join(map(_SHOWN, starts, ends, map(_LABEL.__getitem__, labels), _quoted_texts(texts, _quote)))
    meta = json.dumps({"source": row["source"], "sha256": row["sha256"], **review_meta(row), **reviewer_marks(row)},
                      ensure_ascii=False)
    line = (f'{{"text": {_quote(text)}, "spans": [{shown}], "meta": {meta}, "answer": "accept",'
            f' "_input_hash": {input_hash}, "_task_hash": {task_hash}}}')
    # only these pieces are written unescaped (the numbers and the ASCII forms cannot hold such characters)
    return json_safe(line) if any(map(_json_raw, (text, "".join(texts), "".join(labels), meta))) else line


def _hashes(row: dict[str, Any], text: str, task: str) -> tuple[int, int]:
    """The input hash as stored at import (else worked out from ``text``) and
    the task hash of ``task``, the spans in Prodigy's form."""
    stored = row.get("input_hash")
    if stored is None:
        return hashes_of_payloads(f'{{"text":{_quote_ascii(text)}}}', f'{{"spans":[{task}]}}')
    return stored, task_hash_of_payload(stored, f'{{"spans":[{task}]}}'.encode())


_DOCCANO = '[{0}, {1}, {2}]'.format


def doccano_line(row: dict[str, Any]) -> str:
    """doccano's sequence-labelling import: ``{"text", "label": [[start, end, label], ...]}``."""
    spans = row["spans"]
    cut = _pieces(spans, texts=False) if isinstance(spans, GoldSpans) else None
    if cut is not None:
        labels_json = spans.labels_json
        labelled = _doccano(*_numbers(spans), cut[0]) if cut[0] else ""
    else:
        triples = spans.triples() if isinstance(spans, GoldSpans) else [sp[:3] for sp in spans]
        starts, ends, labels = zip(*triples) if triples else ((), (), ())
        labels_json = "".join(labels)
        labelled = ", ".join(map(_DOCCANO, starts, ends, map(_LABEL.__getitem__, labels)))
    line = f'{{"text": {_quote(row["text"])}, "label": [{labelled}]}}'
    return json_safe(line) if _json_raw(row["text"]) or _json_raw(labels_json) else line


# The lines as UTF-8 for a writer of bytes, from the text as SQLite escaped
# it (``iter_gold``'s ``text_json``): the text, most of a line, is neither
# escaped by Python nor encoded again (a fifth of a jsonl export's time).
# None when that cannot be done exactly: then the line is ``jsonl_line``'s.

# What json_safe escapes, in UTF-8: DEL; C1, lead byte 0xC2 then 0x80-0x9F;
# lone surrogates (as surrogatepass writes them), 0xED then 0xA0-0xBF.
_RAW_LEADS = ((0xC2, range(0x80, 0xA0)), (0xED, range(0xA0, 0xC0)))


def _raw_utf8(b: bytes) -> bool:
    """``json_raw`` of the UTF-8 ``b``: each lead byte found by ``bytes.find``
    (a regex took a tenth of a line's time, where a text held "·", U+00B7)."""
    if b"\x7f" in b:
        return True
    for lead, seconds in _RAW_LEADS:
        i = b.find(lead)
        while i >= 0:
            if b[i + 1:i + 2] and b[i + 1] in seconds:
                return True
            i = b.find(lead, i + 1)
    return False


# Lead bytes in UTF-8 of the characters raw_unicode_escape writes otherwise
# than json.dumps (ASCII) does, which are put right first: U+0080-U+00FF
# and DEL (kept as they are, in Latin-1); above U+FFFF (\UXXXXXXXX, not a
# surrogate pair).  Every other character it writes as json.dumps does, \u
# and four lowercase hex digits, and it leaves backslashes alone (half the
# time of backslashreplace).
_ODD_LEADS = ((0xC2, 2), (0xC3, 2), (0xF0, 4), (0xF1, 4), (0xF2, 4), (0xF3, 4), (0xF4, 4))


def _ascii_json(js: str, utf8: bytes) -> bytes:
    """``js``, JSON as ``json.dumps(ensure_ascii=False)`` writes it, as that
    call with ASCII escapes would write it: escaping the non-ASCII characters
    of the JSON gives it, without decoding the JSON and escaping its strings
    again.  ``utf8``: UTF-8 holding every non-ASCII character of ``js`` (the
    odd ones are looked for there, by ``bytes.find``)."""
    odd = set()
    for lead, size in _ODD_LEADS:  # no generator: its calls cost more than the finds, for a text with none
        i = utf8.find(lead)
        while i >= 0:
            odd.add(utf8[i:i + size])
            i = utf8.find(lead, i + 1)
    if b"\x7f" in utf8:
        odd.add(b"\x7f")
    for ch in (c.decode() for c in odd):  # a few distinct characters ("·", "à", an emoji), if any
        js = js.replace(ch, _quote_ascii(ch)[1:-1])
    return js.encode("raw_unicode_escape")


def _input_payload(row: dict[str, Any], escaped: bytes) -> bytes:
    """Prodigy's input-hash payload ``{"text":...}`` (ASCII escapes) from the
    text as SQLite escaped it.  The JSON string as str is the row's
    text_json_str, which iter_gold decoded anyway."""
    return b'{"text":' + _ascii_json(row.get("text_json_str") or escaped.decode(), escaped) + b"}"


_META = '{{"source": {}, "sha256": {}, "annotator": {}, "session": {}, "reviewed_at": {}}}'.format


def _meta_json(row: dict[str, Any]) -> str:
    """``json.dumps`` of the line's meta object (ensure_ascii=False), written
    directly when it holds only strings and no reviewer marks (a done
    article's usual meta: five strings)."""
    ev = row["event"]
    if ev is not None and not any(map(row["meta"].get, REVIEWER_MARKS)):
        values = (row["source"], row["sha256"], ev["annotator"], ev["session_id"], ev["ts"])
        if all(type(v) is str for v in values):
            return _META(*map(_quote, values))
    return json.dumps({"source": row["source"], "sha256": row["sha256"], **review_meta(row), **reviewer_marks(row)},
                      ensure_ascii=False)


def jsonl_bytes(row: dict[str, Any]) -> bytes | None:
    """``jsonl_line(row)`` and its newline in UTF-8, or None."""
    escaped, spans = row.get("text_json"), row["spans"]
    if escaped is None or not isinstance(spans, GoldSpans):
        return None
    cut = _pieces(spans)
    if cut is None:
        return None
    labels, texts = cut
    starts, ends = _numbers(spans) if labels else ([], [])
    shown = _shown(starts, ends, labels, texts).encode()
    # the task's payload with the texts and labels as shown, ASCII-escaped whole (shown has their characters)
    task = _ascii_json(f'{{"spans":[{_hashed(starts, ends, labels, texts)}]}}', shown)
    input_hash = row.get("input_hash")
    if input_hash is None:  # not stored (an article inserted by hand): the same number, worked out
        input_hash = hash_of_payload(_input_payload(row, escaped))
    task_hash = task_hash_of_payload(input_hash, task)
    meta = _meta_json(row).encode()
    if _raw_utf8(escaped) or _raw_utf8(shown) or _raw_utf8(meta):
        return None
    return b"".join((b'{"text": ', escaped, b', "spans": [', shown, b'], "meta": ', meta,
                     b', "answer": "accept", "_input_hash": ', b"%d" % input_hash, b', "_task_hash": ',
                     b"%d" % task_hash, b"}\n"))


def doccano_bytes(row: dict[str, Any]) -> bytes | None:
    """``doccano_line(row)`` and its newline in UTF-8, or None."""
    escaped, spans = row.get("text_json"), row["spans"]
    if escaped is None or not isinstance(spans, GoldSpans):
        return None
    cut = _pieces(spans, texts=False)
    if cut is None:
        return None
    labelled = (_doccano(*_numbers(spans), cut[0]) if cut[0] else "").encode()
    if _raw_utf8(escaped) or _raw_utf8(labelled):
        return None
    return b"".join((b'{"text": ', escaped, b', "label": [', labelled, b"]}\n"))
