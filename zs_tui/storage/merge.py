"""Merging another database's work into this one (``zs-tui merge``).

Annotators may work offline on copies of one database; merging brings in,
for the articles both hold (matched by the sha256 of their clean text), the
other database's sessions, events and annotator layers.  The unit is one
layer's history of one article (the events that wrote it, in order: an
annotator's own, or the adjudicated layer's, made by one or more adjudicators):

- the same here and there, or there a beginning of what is here: nothing to do
  (so merging twice adds nothing);
- here a beginning of what is there (or nothing here): the events here lack
  are added and the layer is replaced by the other's;
- each side has events the other lacks: one annotator with two diverging
  histories.  The merge is refused and nothing is written.

Span ids of the other database mean nothing here (each copy numbered its own
new spans), so every span a brought-in layer or event names gets a fresh id
from this database's sequence: no id is ever reused.  Everything is one
transaction.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .base import StoreBase, StoreError, named
from .layers import event_layer_sql
from .schema import columns, now

_SPAN_COLS = ("start", "end", "label", "text", "origin", "state", "source", "suggestion_id", "updated_at")


class MergeConflict(StoreError):
    """One annotator has two diverging histories of an article; nothing was merged."""


@dataclass
class MergeResult:
    sessions: int = 0
    events: int = 0
    layers: int = 0
    missing_articles: int = 0  # articles of the other database this one does not hold
    conflicts: list[str] = field(default_factory=list)


def _key(ev: dict[str, Any]) -> tuple[str, str, str]:
    return ev["session_id"], ev["ts"], ev["action"]


def _history(conn: sqlite3.Connection, article_id: int, layer: str) -> list[dict[str, Any]]:
    """The events that wrote ``layer`` of the article (an annotator's own, or the
    adjudicated one, whose events carry each adjudicator's name)."""
    return list(named(conn.execute(
        f"SELECT {columns('events', prefix='e.')} FROM events e WHERE e.article_id=? AND {event_layer_sql('e')}=?"
        " ORDER BY e.id", (article_id, layer))))


class MergeMixin(StoreBase):
    """``merge_from``: bring another database's layers in."""

    def merge_from(self, other: sqlite3.Connection, other_name: str = "the other database") -> MergeResult:
        """Merge what ``other`` (an open connection to a database of this
        schema) holds for the articles both have.  MergeConflict, and nothing
        written, if an annotator's histories diverge."""
        with self.transaction():  # the checks too: nobody writes between them and the merge
            return self._merge(other, other_name)

    def _merge(self, other: sqlite3.Connection, other_name: str) -> MergeResult:
        res = MergeResult()
        here = dict(self.conn.execute("SELECT sha256, id FROM articles").fetchall())
        todo: list[tuple[int, int, str, list[dict[str, Any]]]] = []  # (their article, our article, annotator, events to add)
        for oaid, sha, annotator in other.execute(
                f"SELECT DISTINCT e.article_id, a.sha256, {event_layer_sql('e')} AS layer FROM events e"
                " JOIN articles a ON a.id=e.article_id ORDER BY e.article_id, layer").fetchall():
            if sha not in here:
                continue
            aid = here[sha]
            theirs, ours = _history(other, oaid, annotator), _history(self.conn, aid, annotator)
            tk, ok = [_key(e) for e in theirs], [_key(e) for e in ours]
            if tk[:len(ok)] == ok:
                if len(tk) > len(ok):
                    todo.append((oaid, aid, annotator, theirs[len(ok):]))
            elif ok[:len(tk)] != tk:
                shared = next((i for i, (a, b) in enumerate(zip(tk, ok)) if a != b), min(len(tk), len(ok)))
                res.conflicts.append(
                    f"{annotator} on article #{aid} (sha256 {sha[:12]}…): {len(ok) - shared} event(s) here and "
                    f"{len(tk) - shared} in {other_name} after the {shared} they share")
        res.missing_articles = other.execute("SELECT count(*) FROM articles").fetchone()[0] - len(
            {sha for (sha,) in other.execute("SELECT sha256 FROM articles")} & set(here))
        if res.conflicts:
            raise MergeConflict("one annotator with two diverging histories: " + "; ".join(res.conflicts)
                                + "; nothing was merged")
        for sess in named(other.execute(f"SELECT {columns('sessions')} FROM sessions ORDER BY started_at, id")):
            mine = self.conn.execute("SELECT annotator FROM sessions WHERE id=?", (sess["id"],)).fetchone()
            if mine is None:
                if any(e["session_id"] == sess["id"] for *_, evs in todo for e in evs):
                    self._insert("sessions", sess)
                    res.sessions += 1
            elif mine[0] != sess["annotator"]:
                raise MergeConflict(f"session {sess['id']} is {mine[0]}'s here and {sess['annotator']}'s in "
                                    f"{other_name}; nothing was merged")
            elif sess["ended_at"]:
                self.conn.execute("UPDATE sessions SET ended_at=max(coalesce(ended_at, ''), ?) WHERE id=?",
                                  (sess["ended_at"], sess["id"]))
        for oaid, aid, annotator, events in todo:
            res.layers += self._bring_layer(other, oaid, aid, annotator, events)
            res.events += len(events)
        return res

    def _bring_layer(self, other: sqlite3.Connection, oaid: int, aid: int, annotator: str,
                     events: list[dict[str, Any]]) -> bool:
        """Add ``events`` and take the other's layer; False if it has none (history only)."""
        ids: dict[int, int] = {}

        def fresh(old: int) -> int:
            if old not in ids:
                # reserve the next id of the spans' AUTOINCREMENT sequence
                seq = self.conn.execute("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name='spans'), 0),"
                                        " coalesce((SELECT max(id) FROM spans), 0)").fetchone()
                new = max(seq) + 1
                if self.conn.execute("UPDATE sqlite_sequence SET seq=? WHERE name='spans'", (new,)).rowcount == 0:
                    self.conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('spans', ?)", (new,))
                ids[old] = new
            return ids[old]

        status = other.execute("SELECT status FROM layers WHERE article_id=? AND annotator=?", (oaid, annotator)).fetchone()
        # No layer there: events from before layers that another annotator went on
        # from (migration 0004 gave the article to them): only the history comes.
        if status is not None:
            self.conn.execute("DELETE FROM spans WHERE article_id=? AND layer=?", (aid, annotator))
            self.conn.execute("INSERT INTO layers(article_id, annotator, status, updated_at) VALUES (?,?,?,?)"
                              " ON CONFLICT(article_id, annotator) DO UPDATE SET status=excluded.status,"
                              " updated_at=excluded.updated_at", (aid, annotator, status[0], now()))
            for sp in named(other.execute(f"SELECT {columns('spans', 'id', *_SPAN_COLS)} FROM spans"
                                          " WHERE article_id=? AND layer=? ORDER BY id", (oaid, annotator))):
                sp["suggestion_id"] = None  # suggestion rows are this database's own
                self._insert("spans", {**sp, "id": fresh(sp["id"]), "article_id": aid, "layer": annotator})
        # events refer to events: those this database already has keep theirs
        event_ids = {_key(e): e["id"] for e in _history(self.conn, aid, annotator)}
        their_ids = {e["id"]: _key(e) for e in _history(other, oaid, annotator)}
        for ev in events:
            before, after = json.loads(ev["before"]), json.loads(ev["after"])
            for side in (before, after):
                for sp in side.get("spans", []):
                    if sp is not None and sp.get("id") is not None:
                        sp["id"] = fresh(sp["id"])
            ref = ev["ref_event"]
            new = self._insert("events", {
                "session_id": ev["session_id"], "annotator": ev["annotator"], "article_id": aid, "ts": ev["ts"],
                "action": ev["action"], "before": json.dumps(before, ensure_ascii=False),
                "after": json.dumps(after, ensure_ascii=False),
                "ref_event": event_ids.get(their_ids.get(ref)) if ref is not None else None,  # type: ignore[arg-type]
            })
            event_ids[_key(ev)] = new
        return status is not None


def open_other(path: str | Path) -> tuple[sqlite3.Connection, Any]:
    """A read connection to another database: read-only if it is at this schema,
    else a migrated temporary copy (the other file itself is never written).
    Returns the connection and what to close."""
    from .opening import migrated_copy
    from .schema import OlderSchemaError
    from .store import Store

    try:
        st = Store(path, create=False, readonly=True)
    except OlderSchemaError:
        st = migrated_copy(path)
    return st.conn, st
