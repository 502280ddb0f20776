"""The gold query: done articles with their accepted spans and who marked them done."""
from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from operator import le
from typing import Any

from .base import StoreBase
from .layers import event_layer_sql, seen_join_sql
from .schema import columns


class GoldSpans:
    """An article's accepted spans as the gold query aggregated them, a column
    at a time, in the order SQLite fed them to the aggregate (its index's, by
    start): ``starts`` and ``ends`` decoded, ``labels_json`` and ``texts_json``
    the JSON arrays SQLite wrote (``texts_json`` empty when the texts were not
    read), which an exporter can cut into escaped pieces without decoding and
    escaping every span again."""

    __slots__ = ("starts", "ends", "labels_json", "texts_json")

    def __init__(self, starts: list[int], ends: list[int], labels_json: str = "[]", texts_json: str = "[]") -> None:
        self.starts, self.ends, self.labels_json, self.texts_json = starts, ends, labels_json, texts_json

    def __len__(self) -> int:
        return len(self.starts)

    def flat(self) -> bool:
        """Whether each span ends where or before the next one starts, in this
        order (what a layer's accepted spans are): then this order is the sorted one."""
        return all(map(le, self.ends, islice(self.starts, 1, None)))

    def labels(self) -> list[str]:
        return json.loads(self.labels_json)

    def triples(self) -> list[tuple[int, int, str]]:
        """(start, end, label), sorted."""
        return sorted(zip(self.starts, self.ends, self.labels()))

    def tuples(self) -> list[tuple[int, int, str, str]]:
        """(start, end, label, text), sorted: the rows ``iter_gold`` yields by default."""
        if not self.texts_json:
            raise ValueError("the span texts were not read (iter_gold(span_texts=False))")
        # sorted: an aggregate's order is not SQLite's promise
        return sorted(zip(self.starts, self.ends, self.labels(), json.loads(self.texts_json)))


_NO_SPANS = GoldSpans([], [])


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
                  page: int = 200, layer: str | None = None, span_columns: bool = False,
                  span_texts: bool = True) -> Iterator[dict[str, Any]]:
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
        ``span_columns``: spans is a ``GoldSpans`` (what the exporters read),
        without the span texts if not ``span_texts``.
        """
        where = []
        args: dict[str, Any] = {"layer": layer, "status": status, "annotator": annotator}
        if status:
            where.append("a.seen_status = :status")
        if annotator:
            where.append(f"(SELECT x.annotator FROM events x WHERE x.id = {self._DONE_EVENT}) = :annotator")
        # the layer and status worked out once per article, in the inner query
        inner = (f"SELECT b.id, b.sha256, b.source, b.clean, b.meta, coalesce(sl.annotator, '') AS seen,"
                 f" coalesce(sl.status, b.status) AS seen_status FROM articles b {seen_join_sql('b', layer is not None)}"
                 " WHERE b.id > :last")
        # read by position (the columns are named right here): a dict per row
        # was a tenth of an export's time
        sql = (
            f"SELECT a.id, a.sha256, a.source, a.clean, a.seen_status, a.meta, a.seen, {self._DONE_EVENT}"
            f" FROM ({inner}) a" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY a.id LIMIT :page"
        )
        # One flat JSON array per column and article, built by SQLite: handing
        # Python ~80 rows per article cost more than all the rest of an export.
        # "+state": keep the planner off the spans_learning index, which
        # would scan every accepted span of the corpus for each page.
        # "layer IN": only the layers the page's articles show (the
        # index's second column), not every annotator's copy of the spans.
        cols = ("start", "end", "label", "text") if span_texts else ("start", "end", "label")
        arrays = ", ".join(f"json_group_array({columns('spans', c)})" for c in cols)
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")  # deferred: a snapshot for reading, no write lock
        try:
            last = 0
            while True:
                rows = self.conn.execute(sql, {**args, "last": last, "page": page}).fetchall()
                if not rows:
                    return
                last = rows[-1][0]
                ids = [r[0] for r in rows]
                seen = {r[0]: r[6] for r in rows}
                layers = sorted(set(seen.values()))
                spans: dict[int, GoldSpans] = {}
                for article_id, layer_, starts, ends, labels, *texts in self.conn.execute(
                    f"SELECT article_id, layer, {arrays} FROM spans WHERE article_id IN ({','.join('?' * len(ids))})"
                    f" AND layer IN ({','.join('?' * len(layers))}) AND +state='accepted' GROUP BY article_id, layer",
                    [*ids, *layers],
                ):
                    if layer_ == seen[article_id]:  # the other layers' spans are not this export's
                        s, e = json.loads(f"[{starts},{ends}]")
                        spans[article_id] = GoldSpans(s, e, labels, texts[0] if texts else "")
                ev_ids = [r[7] for r in rows if r[7] is not None]
                events = {
                    ev_id: {"annotator": who, "session_id": sid, "ts": ts}
                    for ev_id, who, sid, ts in self.conn.execute(
                        f"SELECT {columns('events', 'id', 'annotator', 'session_id', 'ts')} FROM events"
                        f" WHERE id IN ({','.join('?' * len(ev_ids))})",
                        ev_ids,
                    )
                } if ev_ids else {}
                for aid, sha256, source, text, status_, meta, _layer, ev in rows:
                    got = spans.get(aid, _NO_SPANS)
                    yield {
                        "id": aid, "sha256": sha256, "source": source, "text": text, "status": status_,
                        "meta": json.loads(meta or "{}"), "spans": got if span_columns else got.tuples(),
                        "event": events.get(ev) if ev is not None else None,
                    }
        finally:
            if own and self.conn.in_transaction:
                self.conn.execute("COMMIT")
