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
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]
from json.encoder import encode_basestring_ascii as _quote_ascii
from typing import Any

from ..safety import json_raw, json_safe
from .prodigy_hash import hashes_of_payloads

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


def jsonl_line(row: dict[str, Any]) -> str:
    """``{"text", "spans", "meta", "answer", "_input_hash", "_task_hash"}`` as
    one line (no newline): spans slice with ``Doc.char_span(start, end,
    label)``; Prodigy ``db-in`` reads it."""
    spans = row["spans"]
    text = row["text"]
    starts, ends, labels, texts = zip(*spans) if spans else ((), (), (), ())
    task = ",".join(map(_HASHED, starts, ends, map(_LABEL_ASCII.__getitem__, labels), _quoted_texts(texts, _quote_ascii)))
    input_hash, task_hash = hashes_of_payloads(f'{{"text":{_quote_ascii(text)}}}', f'{{"spans":[{task}]}}')
    shown = ", ".join(map(_SHOWN, starts, ends, map(_LABEL.__getitem__, labels), _quoted_texts(texts, _quote)))
    meta = json.dumps({"source": row["source"], "sha256": row["sha256"], **review_meta(row), **reviewer_marks(row)},
                      ensure_ascii=False)
    line = (f'{{"text": {_quote(text)}, "spans": [{shown}], "meta": {meta}, "answer": "accept",'
            f' "_input_hash": {input_hash}, "_task_hash": {task_hash}}}')
    # only these pieces are written unescaped (the numbers and the ASCII forms cannot hold such characters)
    return json_safe(line) if any(map(json_raw, (text, "".join(texts), "".join(labels), meta))) else line


_DOCCANO = '[{0}, {1}, {2}]'.format


def doccano_line(row: dict[str, Any]) -> str:
    """doccano's sequence-labelling import: ``{"text", "label": [[start, end, label], ...]}``."""
    spans = row["spans"]
    starts, ends, labels, _ = zip(*spans) if spans else ((), (), (), ())
    labelled = ", ".join(map(_DOCCANO, starts, ends, map(_LABEL.__getitem__, labels)))
    line = f'{{"text": {_quote(row["text"])}, "label": [{labelled}]}}'
    return json_safe(line) if json_raw(row["text"]) or json_raw("".join(labels)) else line
