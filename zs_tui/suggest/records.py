"""The suggester as a pure function over JSONL records, for engines that map
it over a corpus too large for one host (Dask bag, Ray, Spark: see the
README's "Past one machine").

``suggest_record`` takes one record as ``zs-tui import`` reads it
(``{"text", "meta"}``) and returns the record ``zs-tui suggest`` prints for
it (``{"text", "spans", "meta"}``): the text cleaned as import cleans it, the
spans of the built-in suggester, ``meta.source`` kept.  It reads no file and
no database, so any number of processes on any number of hosts give the same
spans; each process builds its suggester once, on its first record.
"""
from __future__ import annotations

from typing import Any

from ..errors import ZsError

_SUGGESTER: Any = None


def suggest_record(record: dict[str, Any]) -> dict[str, Any]:
    """``{"text", "meta"}`` -> ``{"text", "spans", "meta": {"source"}}``, as ``zs-tui suggest`` prints it.

    A record without ``meta.source`` (or a top-level ``source``) gets
    ``source`` None: only a reader of files knows the FILE:LINE that
    ``zs-tui suggest`` would put there.  Raises ``ZsError`` for a record that
    ``zs-tui import`` would skip (no text, or a ``meta`` that is not an object).
    """
    global _SUGGESTER
    from ..ingest.clean import clean_text

    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise ZsError('expected an object with a non-empty "text" string')
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise ZsError(f'"meta" must be an object, not {type(meta).__name__}')
    if _SUGGESTER is None:
        from .pipeline import Suggester

        _SUGGESTER = Suggester()
    clean, _ = clean_text(record["text"])
    source = meta.get("source") or record.get("source")
    return suggested_record(clean, _SUGGESTER.suggest(clean), None if source is None else str(source))


def suggested_record(clean: str, spans: list[dict[str, Any]], source: str | None) -> dict[str, Any]:
    """The record ``zs-tui suggest`` prints for one article (one shape for the CLI and ``suggest_record``)."""
    return {"text": clean, "spans": spans, "meta": {"source": source}}
