"""One exported article as a JSON record: the Prodigy/spaCy shape and doccano's.

``row`` is what ``Store.iter_gold`` yields.  Keys are written in a fixed
order so that the same database always gives the same bytes.
"""
from __future__ import annotations

from typing import Any

from .prodigy_hash import prodigy_hashes

# Provenance kept from the import when no event marked the article done
# (``import --as-gold``): a re-imported export then exports the same again.
REVIEW_META = ("annotator", "session", "reviewed_at")


def review_meta(row: dict[str, Any]) -> dict[str, Any]:
    """Who reviewed the article, in which session, when: from its done event."""
    ev = row["event"]
    if ev is not None:
        return {"annotator": ev["annotator"], "session": ev["session_id"], "reviewed_at": ev["ts"]}
    return {k: row["meta"].get(k) for k in REVIEW_META}


def jsonl_record(row: dict[str, Any]) -> dict[str, Any]:
    """``{"text", "spans", "meta", "answer", "_input_hash", "_task_hash"}``:
    spans slice with ``Doc.char_span(start, end, label)``; Prodigy ``db-in`` reads it."""
    rec: dict[str, Any] = {
        "text": row["text"],
        "spans": [{"start": s, "end": e, "label": lab, "text": t} for s, e, lab, t in row["spans"]],
        "meta": {"source": row["source"], "sha256": row["sha256"], **review_meta(row)},
        "answer": "accept",
    }
    rec["_input_hash"], rec["_task_hash"] = prodigy_hashes(rec)
    return rec


def doccano_record(row: dict[str, Any]) -> dict[str, Any]:
    """doccano's sequence-labelling import: ``{"text", "label": [[start, end, label], ...]}``."""
    return {"text": row["text"], "label": [[s, e, lab] for s, e, lab, _ in row["spans"]]}
