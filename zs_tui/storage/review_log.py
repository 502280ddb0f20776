"""Review sessions, the event log and each annotator's last position.

The review log is written in the same transaction as the span change it
describes: the event table is the truth a session can be replayed from.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from .base import FlatnessError, StoreBase, StoreError, named, one
from .layers import set_status, take_layer
from .schema import STATUSES, columns, now
from .spans import check_flat_around, insert_span, span_row


class SessionsMixin(StoreBase):
    """Sessions, events (each a span and status change) and positions."""

    def start_session(self, annotator: str, app_version: str, session_id: str | None = None,
                      layer: str | None = None) -> str:
        """A new session of ``annotator``, writing ``layer`` (None: their own)."""
        sid = session_id or uuid.uuid4().hex[:12]
        with self.transaction():
            self._insert("sessions", {"id": sid, "annotator": annotator, "started_at": now(), "app_version": app_version,
                                      "layer": layer if layer and layer != annotator else None})
        return sid

    def session_layer(self, session_id: str, annotator: str) -> str:
        """The layer a session's events write (sessions.layer, else the annotator's own)."""
        layers: dict[str, str | None] = self.__dict__.setdefault("_session_layers", {})
        if session_id not in layers:  # a session's layer never changes: read once per connection
            row = self.conn.execute("SELECT layer FROM sessions WHERE id=?", (session_id,)).fetchone()
            if row is None:
                return annotator
            layers[session_id] = row[0]
        return layers[session_id] or annotator

    def end_session(self, session_id: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE sessions SET ended_at=? WHERE id=?", (now(), session_id))

    def record(
        self,
        session_id: str,
        annotator: str,
        article_id: int,
        action: str,
        changes: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = (),  # type: ignore[assignment]
        status: tuple[str, str] | None = None,
        ref_event: int | None = None,
        meta: tuple[dict[str, Any], dict[str, Any]] | None = None,
    ) -> int:
        """Apply span changes and a status change, and log them as one event.

        ``changes`` pairs a span's state before (None: it did not exist) with
        its state after (None: it is removed).  Each ``before`` must match
        the stored row, so a stale screen or a diverging replay cannot
        overwrite work.  Everything commits together or not at all.  Which
        status an action leads to is the review layer's to say: storage
        changes it only as ``status`` (before, after) asks.  ``meta`` (before,
        after) sets keys of the article's meta (the reviewer's flag and note):
        before must match, a falsy after removes the key.
        """
        with self.transaction():
            art_row = one(self.conn.execute("SELECT clean, meta FROM articles WHERE id=?", (article_id,)))
            if art_row is None:
                raise StoreError(f"no article {article_id}")
            # Changes apply to the session's layer (the annotator's own, or the
            # adjudicated one), made now if it does not exist yet (layers.take_layer).
            layer = self.session_layer(session_id, annotator)
            take_layer(self.conn, article_id, layer)
            clean = art_row["clean"]
            cur_status = self.conn.execute("SELECT status FROM layers WHERE article_id=? AND annotator=?",
                                           (article_id, layer)).fetchone()[0]
            ts = now()
            befores, afters = [], []
            for before, after in changes:
                if before is not None:
                    stored = span_row(self.conn, before["id"])
                    if stored is None or stored["article_id"] != article_id or stored["layer"] != layer or any(
                        stored[k] != before[k] for k in ("start", "end", "label", "state")
                    ):
                        raise StoreError(f"span {before.get('id')} is not as expected (changed elsewhere?)")
                if before is None and after is not None:
                    origin = after.get("origin", "manual")
                    state = after.get("state", "accepted")
                    sid = insert_span(self.conn, article_id, after, origin=origin, state=state, ts=ts,
                                      n_chars=len(clean), clean=clean, span_id=after.get("id"), layer=layer)
                    after = span_row(self.conn, sid, public=True)
                elif before is not None and after is None:
                    self.conn.execute("DELETE FROM spans WHERE id=?", (before["id"],))
                elif before is not None and after is not None:
                    start, end = int(after["start"]), int(after["end"])
                    if not 0 <= start < end <= len(clean):
                        raise FlatnessError(f"span [{start}, {end}) is outside the text (0..{len(clean)})")
                    self.conn.execute(
                        'UPDATE spans SET start=?, "end"=?, label=?, text=?, state=?, origin=?, updated_at=? WHERE id=?',
                        (start, end, after["label"], clean[start:end], after.get("state", before["state"]),
                         after.get("origin", before.get("origin", "manual")), ts, before["id"]),
                    )
                    after = span_row(self.conn, before["id"], public=True)
                befores.append(before)
                afters.append(after)
            st_before = st_after = None
            if status is not None:
                st_before, st_after = status
                if st_after not in STATUSES:
                    raise StoreError(f"unknown status {st_after!r}")
                if cur_status != st_before:
                    raise StoreError(f"article {article_id} is {cur_status}, not {st_before}")
                set_status(self.conn, article_id, layer, st_after, ts)
            check_flat_around(self.conn, article_id, layer, [(a["id"], int(a["start"]), int(a["end"])) for a in afters
                                                             if a is not None and a["state"] != "rejected"])
            b: dict[str, Any] = {"spans": befores, "status": st_before}
            a: dict[str, Any] = {"spans": afters, "status": st_after}
            if meta is not None:
                b["meta"], a["meta"] = meta
                self._set_meta_keys(article_id, art_row["meta"], *meta)
            return self._insert("events", {
                "session_id": session_id, "annotator": annotator, "article_id": article_id, "ts": ts,
                "action": action, "before": json.dumps(b, ensure_ascii=False),
                "after": json.dumps(a, ensure_ascii=False), "ref_event": ref_event,
            })

    def _set_meta_keys(self, article_id: int, stored: str | None, before: dict[str, Any],
                       after: dict[str, Any]) -> None:
        have = json.loads(stored or "{}")
        for k, v in before.items():
            if (have.get(k) or None) != (v or None):
                raise StoreError(f"article {article_id}'s {k} is {have.get(k)!r}, not {v!r} (changed elsewhere?)")
        for k, v in after.items():
            if v:
                have[k] = v
            else:
                have.pop(k, None)
        self.conn.execute("UPDATE articles SET meta=?, updated_at=? WHERE id=?",
                          (json.dumps(have, ensure_ascii=False), now(), article_id))

    def events(self, session_id: str | None = None, after_id: int = 0) -> Iterator[dict[str, Any]]:
        sql = f"SELECT {columns('events')} FROM events WHERE id>?"
        args: list[Any] = [after_id]
        if session_id:
            sql += " AND session_id=?"
            args.append(session_id)
        for d in named(self.conn.execute(sql + " ORDER BY id", args)):
            d["before"] = json.loads(d["before"])
            d["after"] = json.loads(d["after"])
            yield d

    def event(self, event_id: int) -> dict[str, Any] | None:
        for e in self.events(after_id=event_id - 1):
            return e if e["id"] == event_id else None
        return None

    def sessions(self) -> list[dict[str, Any]]:
        return list(named(self.conn.execute(
            f"SELECT {columns('sessions', prefix='s.')},"
            " (SELECT count(DISTINCT article_id) FROM events e WHERE e.session_id=s.id) AS articles,"
            " (SELECT count(*) FROM events e WHERE e.session_id=s.id) AS actions"
            " FROM sessions s ORDER BY s.started_at, s.id"
        )))

    def session(self, session_id: str) -> dict[str, Any] | None:
        return next((s for s in self.sessions() if s["id"] == session_id), None)

    def save_position(self, annotator: str, article_id: int, span_id: int | None, cursor: int = 0) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO positions(annotator, article_id, span_id, cursor, updated_at) VALUES (?,?,?,?,?)"
                " ON CONFLICT(annotator) DO UPDATE SET article_id=excluded.article_id, span_id=excluded.span_id,"
                " cursor=excluded.cursor, updated_at=excluded.updated_at",
                (annotator, article_id, span_id, cursor, now()),
            )

    def position(self, annotator: str) -> dict[str, Any] | None:
        row = one(self.conn.execute(
            f"SELECT {columns('positions', 'article_id', 'span_id', 'cursor')} FROM positions WHERE annotator=?",
            (annotator,)))
        return row if row is not None and row["article_id"] is not None else None
