"""Frozen corpora: articles with the suggestions they had when a session was recorded.

A recorded session only replays onto articles whose spans are what the
reviewer saw, and the suggester changes (``SUGGESTER_VERSION`` bumps), so a
test fixture keeps each article's text and its suggestions as data, one
JSON line per article::

    {"sha256", "source", "encoding", "script", "raw", "clean", "char_map",
     "meta", "suggester_version",
     "suggestions": [{"start", "end", "label", "text", "source"}, ...]}

``text`` is redundant with ``clean[start:end]``; it is there so that a
reader (and ``load_corpus``) can see the offsets still point at the words.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from zs_tui.storage import NewArticle, Store

_ARTICLE_FIELDS = ("sha256", "source", "encoding", "script", "raw", "clean", "char_map")


class CorpusError(ValueError):
    """A corpus file that cannot be loaded; the message names ``file:line``."""


def write_corpus(store: Store, article_ids: Iterable[int], fp: TextIO) -> int:
    """Freeze articles of ``store`` with the suggestions they were imported with.

    Returns the number of articles written.  Suggestions are the stored
    suggestion rows, not the spans, so freeze articles of a freshly
    imported database: the replay starts from the spans these rows make.
    """
    n = 0
    for aid in article_ids:
        art = store.article(aid)
        rows = store.suggestions(aid)
        meta = {k: v for k, v in art.meta.items() if k != "suggester_version"}
        rec: dict[str, Any] = {k: getattr(art, k) for k in _ARTICLE_FIELDS}
        rec.update(meta=meta, suggester_version=rows[0]["suggester_version"] if rows else "",
                   suggestions=[{k: r[k] for k in ("start", "end", "label", "text", "source")} for r in rows])
        fp.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def load_corpus(store: Store, path: str | Path) -> list[int]:
    """Add a frozen corpus to ``store`` in one transaction; the new article ids in file order."""
    path = Path(path)
    items = [_check(rec, f"{path}:{n}") for n, rec in _records(path)]
    ids = []
    with store.transaction():
        for art, suggestions, version in items:
            aid = store.add_article(art, suggestions, version)
            if aid is None:
                raise CorpusError(f"{path}: {store.path} already holds article {art.source} ({art.sha256[:12]}…)")
            ids.append(aid)
    return ids


def _records(path: Path) -> Iterable[tuple[int, Any]]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(f"{path}: cannot read: {e}") from e
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{n}: broken JSON ({e.msg} at column {e.colno})") from e


def _check(rec: Any, where: str) -> tuple[NewArticle, list[dict[str, Any]], str]:
    if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in _ARTICLE_FIELDS):
        raise CorpusError(f"{where}: expected an article with string fields {', '.join(_ARTICLE_FIELDS)}")
    clean = rec["clean"]
    if hashlib.sha256(clean.encode("utf-8")).hexdigest() != rec["sha256"]:
        raise CorpusError(f"{where}: the text of {rec['source']} does not match its sha256 (edited by hand?)")
    suggestions = rec.get("suggestions", [])
    for s in suggestions:
        if not (isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
                and isinstance(s.get("label"), str)):
            raise CorpusError(f"{where}: a suggestion needs integer start/end and a label: {str(s)[:80]}")
        if clean[s["start"]:s["end"]] != s.get("text", clean[s["start"]:s["end"]]):
            raise CorpusError(f"{where}: suggestion {s['label']} [{s['start']}, {s['end']}) of {rec['source']} "
                              f"reads {clean[s['start']:s['end']]!r}, not {s['text']!r}")
    art = NewArticle(**{k: rec[k] for k in _ARTICLE_FIELDS}, meta=dict(rec.get("meta") or {}))
    return art, suggestions, str(rec.get("suggester_version", ""))
