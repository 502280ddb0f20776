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

from ..safety import json_safe
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


def jsonl_line(row: dict[str, Any]) -> str:
    """``{"text", "spans", "meta", "answer", "_input_hash", "_task_hash"}`` as
    one line (no newline): spans slice with ``Doc.char_span(start, end,
    label)``; Prodigy ``db-in`` reads it."""
    spans = row["spans"]
    # Prodigy's hash form: sorted keys (end, label, start, text), compact, ASCII.
    task = ",".join([f'{{"end":{e},"label":{_quote_ascii(lab)},"start":{s},"text":{_quote_ascii(t)}}}'
                     for s, e, lab, t in spans])
    input_hash, task_hash = hashes_of_payloads(f'{{"text":{_quote_ascii(row["text"])}}}', f'{{"spans":[{task}]}}')
    shown = ", ".join([f'{{"start": {s}, "end": {e}, "label": {_quote(lab)}, "text": {_quote(t)}}}'
                       for s, e, lab, t in spans])
    meta = json.dumps({"source": row["source"], "sha256": row["sha256"], **review_meta(row), **reviewer_marks(row)},
                      ensure_ascii=False)
    return json_safe(f'{{"text": {_quote(row["text"])}, "spans": [{shown}], "meta": {meta}, "answer": "accept",'
                     f' "_input_hash": {input_hash}, "_task_hash": {task_hash}}}')


def doccano_line(row: dict[str, Any]) -> str:
    """doccano's sequence-labelling import: ``{"text", "label": [[start, end, label], ...]}``."""
    labels = ", ".join([f"[{s}, {e}, {_quote(lab)}]" for s, e, lab, _ in row["spans"]])
    return json_safe(f'{{"text": {_quote(row["text"])}, "label": [{labels}]}}')
