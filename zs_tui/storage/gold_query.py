"""The gold query: done articles with their accepted spans and who marked them done."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .base import StoreBase, named
from .layers import event_layer_sql, layer_sql, status_sql
from .schema import columns


class GoldQueryMixin(StoreBase):
    """``iter_gold``, what every export and ``eval --db`` read."""

    # The event that put a done article in status done (a `done`, or a `redo`
    # of one): its last event whose after-status is done.  An article that is
    # no longer done has none: a review that was taken back is nobody's.
    # In an annotator's layer, their last such event (the unnamed layer has none).
    # It reads the columns ``seen`` and ``seen_status`` of the row subquery.
    _DONE_EVENT = (
        "(CASE WHEN a.seen_status='done' THEN (SELECT e.id FROM events e WHERE e.article_id=a.id"
        f" AND {event_layer_sql('e')}=a.seen AND json_extract(e.after, '$.status')='done' ORDER BY e.id DESC LIMIT 1) END)"
    )

    def iter_gold(self, status: str | None = "done", annotator: str | None = None,
                  page: int = 200, layer: str | None = None) -> Iterator[dict[str, Any]]:
        """Articles by id with their accepted spans and the event that marked them done.

        ``status`` None means every article.  ``annotator`` keeps done articles
        whose done event was recorded by that annotator.  Rows come a page at a time
        (keyset paging on the id), so memory does not grow with the corpus, and
        inside one read transaction, so a review going on meanwhile cannot make
        two pages disagree.  Each row: id, sha256, source, text, status, meta
        (the article's), spans [(start, end, label, text)] and event (None, or
        annotator, session_id, ts).

        ``layer``: whose spans and status (an annotator's layer, where they
        have none the unnamed one, see layers.py; None: each article's single view).
        """
        named_ = layer is not None
        where = []
        args: dict[str, Any] = {"layer": layer, "status": status, "annotator": annotator}
        if status:
            where.append("a.seen_status = :status")
        if annotator:
            where.append(f"(SELECT x.annotator FROM events x WHERE x.id = {self._DONE_EVENT}) = :annotator")
        # the layer and status worked out once per article, in the inner query
        inner = (f"SELECT b.id, b.sha256, b.source, b.clean, b.meta, {layer_sql('b', named_)} AS seen,"
                 f" {status_sql('b', named_)} AS seen_status FROM articles b WHERE b.id > :last")
        sql = (
            f"SELECT a.id AS id, a.sha256 AS sha256, a.source AS source, a.clean AS clean, a.seen_status AS status,"
            f" a.meta AS meta, a.seen AS layer, {self._DONE_EVENT} AS done_event FROM ({inner}) a"
            + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY a.id LIMIT :page"
        )
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")  # deferred: a snapshot for reading, no write lock
        try:
            last = 0
            while True:
                rows = list(named(self.conn.execute(sql, {**args, "last": last, "page": page})))
                if not rows:
                    return
                last = rows[-1]["id"]
                ids = [r["id"] for r in rows]
                marks = ",".join("?" * len(ids))
                spans: dict[int, list[tuple[int, int, str, str]]] = {i: [] for i in ids}
                # One JSON array per article, built by SQLite: handing Python
                # ~80 rows per article cost more than all the rest of an export.
                # "+state": keep the planner off the spans_learning index, which
                # would scan every accepted span of the corpus for each page.
                # "layer IN": only the layers the page's articles show (the
                # index's second column), not every annotator's copy of the spans.
                seen = {r["id"]: r["layer"] for r in rows}
                layers = sorted(set(seen.values()))
                # One array per column (flat arrays, one json.loads for the four,
                # zipped in C: ~20% less than an array of [start, end, label, text]).
                arrays = ", ".join(f"json_group_array({columns('spans', c)})" for c in ("start", "end", "label", "text"))
                for article_id, layer, *cols in self.conn.execute(
                    f"SELECT article_id, layer, {arrays} FROM spans WHERE article_id IN ({marks})"
                    f" AND layer IN ({','.join('?' * len(layers))}) AND +state='accepted' GROUP BY article_id, layer",
                    [*ids, *layers],
                ):
                    if layer == seen[article_id]:  # the other layers' spans are not this export's
                        # sorted: an aggregate's order is not SQLite's promise
                        spans[article_id] = sorted(zip(*json.loads(f"[{','.join(cols)}]")))
                ev_ids = [r["done_event"] for r in rows if r["done_event"] is not None]
                events = {
                    e.pop("id"): e
                    for e in named(self.conn.execute(
                        f"SELECT {columns('events', 'id', 'annotator', 'session_id', 'ts')} FROM events"
                        f" WHERE id IN ({','.join('?' * len(ev_ids))})",
                        ev_ids,
                    ))
                } if ev_ids else {}
                for r in rows:
                    ev = r["done_event"]
                    yield {
                        "id": r["id"], "sha256": r["sha256"], "source": r["source"], "text": r["clean"],
                        "status": r["status"], "meta": json.loads(r["meta"] or "{}"), "spans": spans[r["id"]],
                        "event": events.get(ev) if ev is not None else None,
                    }
        finally:
            if own and self.conn.in_transaction:
                self.conn.execute("COMMIT")
