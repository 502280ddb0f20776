"""The gold query: done articles with their accepted spans and who marked them done."""
from __future__ import annotations

import json
import queue
import sqlite3
import sys
import threading
from array import array
from collections.abc import Generator, Iterator
from contextlib import closing
from itertools import islice, repeat
from operator import le, lt
from typing import Any, TypeVar

from .base import StoreBase, StoreError
from .layers import event_layer_sql, seen_join_sql
from .schema import columns


class GoldSpans:
    """An article's accepted spans as the gold query aggregated them, a column
    at a time, in the order SQLite fed them to the aggregate (its index's, by
    start): ``starts`` and ``ends`` decoded, ``labels_json`` and ``texts_json``
    the JSON arrays SQLite wrote (``texts_json`` empty when the texts were not
    read), which an exporter can cut into escaped pieces without decoding and
    escaping every span again."""

    __slots__ = ("starts", "ends", "labels_json", "texts_json", "starts_json", "ends_json")

    def __init__(self, starts: list[int], ends: list[int], labels_json: str = "[]", texts_json: str = "[]",
                 starts_json: str | None = None, ends_json: str | None = None) -> None:
        self.starts, self.ends, self.labels_json, self.texts_json = starts, ends, labels_json, texts_json
        # the numbers as SQLite wrote them, for a writer that copies them as they are
        self.starts_json = json.dumps(starts, separators=(",", ":")) if starts_json is None else starts_json
        self.ends_json = json.dumps(ends, separators=(",", ":")) if ends_json is None else ends_json

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
                  span_texts: bool = True, ahead: bool = False, text_json: bool = False) -> Iterator[dict[str, Any]]:
        """Articles by id with their accepted spans and the event that marked them done.

        ``status`` None means every article.  ``annotator`` keeps done articles
        whose done event was recorded by that annotator.  Rows come a page at a time
        (keyset paging on the id), so memory does not grow with the corpus, and
        inside one read transaction, so a review going on meanwhile cannot make
        two pages disagree.  Each row: id, sha256, source, text, status, meta
        (the article's), spans [(start, end, label, text)], event (None, or
        annotator, session_id, ts) and input_hash (Prodigy's of the text as
        stored at import, None for an article that has none).

        ``layer``: whose spans and status (an annotator's layer, where they
        have none the unnamed one, see layers.py; None: each article's single view).
        ``span_columns``: spans is a ``GoldSpans`` (what the exporters read),
        without the span texts if not ``span_texts``.
        ``text_json``: each row has text_json too, the text as a JSON string
        in UTF-8 (quotes included) as ``json.dumps`` would write it, or None
        where this SQLite's escaping is not that; where it is not None,
        text_json_str too, that JSON string as str (if ``span_texts``, else None).
        ``ahead``: the next pages are read by a thread of their own while the
        caller works on this one (an export: SQLite reads without the
        interpreter lock, so its time hides behind the writer's); the caller
        must leave the connection alone until the rows end or are closed.
        """
        pages = self._gold_pages(status, annotator, page, layer, span_texts, text_json)
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")  # deferred: a snapshot for reading, no write lock
        source = _read_ahead(pages) if ahead else pages
        try:
            for main, spans_row in source:
                yield from _page_rows(main, spans_row, span_columns, text_json, span_texts)
        finally:
            source.close()  # the reading thread stopped first: the connection is this thread's again
            pages.close()
            if own and self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _gold_pages(self, status: str | None, annotator: str | None, page: int, layer: str | None,
                    span_texts: bool, text_json: bool = False,
                    ) -> Generator[tuple[tuple[Any, ...], tuple[Any, ...]], None, None]:
        """The pages of ``iter_gold`` as SQLite returns them: each page is one
        row of the articles' columns as JSON arrays and one row of their spans,
        so that reading a page is two steps of SQLite, which run without the
        interpreter lock (a row per article, each handed over under the lock,
        would make a reading thread wait for the lock at every article)."""
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
        rows = (
            f"SELECT a.id AS id, a.sha256 AS sha256, a.source AS source, a.clean AS clean, a.seen_status AS status,"
            f" a.meta AS meta, a.seen AS seen, {self._DONE_EVENT} AS ev FROM ({inner}) a"
            + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY a.id LIMIT :page"
        )
        # The texts joined by NUL; as JSON strings in UTF-8 (which hold a NUL
        # escaped), what a writer of bytes copies as it is, or where a text
        # holds a NUL; else as they are (a JSON decoding fewer).
        def page_sql(quoted: bool) -> str:
            texts = "CAST(group_concat(json_quote(p.clean), char(0)) AS BLOB)" if quoted else \
                "group_concat(p.clean, char(0))"
            return ("SELECT max(p.id), " + ", ".join(f"json_group_array({c})" for c in (
                "p.id", "p.sha256", "p.source")) + f", {texts}, "
                + ", ".join(f"json_group_array({c})" for c in (
                    "p.status", "p.meta", "p.seen", "x.annotator", "x.session_id", "x.ts", "h.hash"))
                + f" FROM ({rows}) p LEFT JOIN events x ON x.id = p.ev LEFT JOIN input_hashes h ON h.article_id = p.id")

        sql, quoted_sql = page_sql(text_json), page_sql(True)
        # One flat JSON array per column and article, built by SQLite: handing
        # Python ~80 rows per article cost more than all the rest of an export.
        # "+state": keep the planner off the spans_learning index, which
        # would scan every accepted span of the corpus for each page.
        # "layer IN": only the layers the page's articles show (the
        # index's second column), not every annotator's copy of the spans.
        # The arrays of the page's articles joined by NUL, which no JSON array holds unescaped.
        cols = ("start", "end", "label", "text") if span_texts else ("start", "end", "label")
        arrays = ", ".join(f"json_group_array({columns('spans', c)}) AS c{k}" for k, c in enumerate(cols))
        joined = ", ".join(f"group_concat(c{k}, char(0))" for k in range(len(cols)))
        spans_sql = ("SELECT json_group_array(article_id), json_group_array(layer), " + joined
                     + f" FROM (SELECT article_id, layer, {arrays} FROM spans WHERE article_id IN (SELECT value FROM json_each(?))"
                     " AND layer IN (SELECT DISTINCT value FROM json_each(?)) AND +state='accepted' GROUP BY article_id, layer)")
        last = 0
        while True:
            main = self.conn.execute(sql, {**args, "last": last, "page": page}).fetchone()
            if main[0] is None:
                return
            if not text_json and main[4].count("\0") != main[1].count(","):  # a NUL in a text: cut where it can be
                main = self.conn.execute(quoted_sql, {**args, "last": last, "page": page}).fetchone()
            last = main[0]
            spans_row = self.conn.execute(spans_sql, (main[1], main[7])).fetchone()  # the ids, their layers
            yield main, spans_row


def _page_rows(main: tuple[Any, ...], spans_row: tuple[Any, ...], span_columns: bool,
               text_json: bool = False, span_texts: bool = True) -> Iterator[dict[str, Any]]:
    """The rows of one page of ``_gold_pages``, by id."""
    ids, shas, sources, statuses, metas, seen, who, sids, tss, hashes = json.loads(f"[{','.join(main[1:4] + main[5:])}]")
    texts: list[str] | None = None
    escaped = escaped_str = None
    decoded = _decoded(main[4]) if isinstance(main[4], bytes) else None
    if not isinstance(main[4], bytes):  # the texts as they are
        texts = main[4].split("\0")
    elif decoded is None:
        bad = next(aid for aid, t in zip(ids, main[4].split(b"\0")) if _decoded(t) is None)
        raise StoreError(f"article {bad}'s text in the database is not UTF-8 (a damaged or hand-edited database?)")
    elif text_json and _sqlite_escapes_as_json():  # each text decoded when read (doccano's writer never does)
        escaped = main[4].split(b"\0")
        # the same JSON strings as str, for a jsonl writer (which reads the span texts): the check above decoded them
        escaped_str = decoded.split("\0") if span_texts else [None] * len(ids)
    else:
        texts = json.loads(b"[%s]" % main[4].replace(b"\0", b","))
    spans: dict[int, GoldSpans] = {}
    span_ids, span_layers = json.loads(f"[{spans_row[0]},{spans_row[1]}]")
    if span_ids:
        starts, ends, labels, *more = (c.split("\0") for c in spans_row[2:])
        texts_json = more[0] if more else repeat("")
        layer_of = dict(zip(ids, seen))
        # the numbers of the page in one decoding each (a call per article took a third of this function's time)
        starts_of, ends_of = json.loads(f"[[{spans_row[2].replace(chr(0), ',')}],[{spans_row[3].replace(chr(0), ',')}]]")
        for aid, layer_, s, e, s_json, e_json, l_json, t_json in zip(span_ids, span_layers, starts_of, ends_of,
                                                                     starts, ends, labels, texts_json):
            if layer_ == layer_of[aid]:  # the other layers' spans are not this export's
                spans[aid] = GoldSpans(s, e, l_json, t_json, s_json, e_json)
    order: list[int] | range = range(len(ids))
    if not all(map(lt, ids, islice(ids, 1, None))):  # an aggregate's order is not SQLite's promise
        order = sorted(order, key=ids.__getitem__)
    for k in order:
        aid = ids[k]
        got = spans.get(aid, _NO_SPANS)
        row = {
            "id": aid, "sha256": shas[k], "source": sources[k], "text": texts[k] if texts is not None else None,
            "status": statuses[k], "meta": json.loads(metas[k] or "{}"),
            "spans": got if span_columns else got.tuples(),
            "event": None if who[k] is None else {"annotator": who[k], "session_id": sids[k], "ts": tss[k]},
            "input_hash": hashes[k],
        }
        if texts is not None:
            if text_json:
                row["text_json"] = None
            yield row
        else:
            del row["text"]
            yield _Row(row, text_json=escaped[k], text_json_str=escaped_str[k])  # type: ignore[index]


def _decoded(b: bytes) -> str | None:
    """``b`` decoded, or None where SQLite handed over bytes that are not
    UTF-8 (lone surrogates are not): the bytes are copied into the export
    as they are."""
    try:
        return b.decode()
    except UnicodeDecodeError:
        return None


class _Row(dict[str, Any]):
    """A row of ``iter_gold(text_json=True)`` whose text is decoded from its
    text_json the first time ``row["text"]`` is read."""

    def __missing__(self, key: str) -> Any:
        if key != "text":
            raise KeyError(key)
        text = self["text"] = json.loads(self["text_json_str"] or self["text_json"])
        return text


_ESCAPES_AS_JSON: list[bool] = []


def _sqlite_escapes_as_json() -> bool:
    """Whether this SQLite writes a text as a JSON string as ``json.dumps(ensure_ascii=False)``
    does (both escape quotes, backslashes and control characters, and nothing else, the
    same way): checked once on every character it could meet (surrogates cannot be
    stored), so that its JSON strings can be written as they are."""
    if not _ESCAPES_AS_JSON:
        codes = array("I", range(0xD800))
        codes.extend(range(0xE000, 0x10000))
        codes.extend((0x10000, 0x1F600, 0x10FFFF))
        every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
        with closing(sqlite3.connect(":memory:")) as conn:
            (quoted,) = conn.execute("SELECT CAST(json_quote(?) AS BLOB)", (every,)).fetchone()
        _ESCAPES_AS_JSON.append(quoted == json.dumps(every, ensure_ascii=False).encode())
    return _ESCAPES_AS_JSON[0]


_Page = TypeVar("_Page")


def _read_ahead(pages: Iterator[_Page], depth: int = 2) -> Generator[_Page, None, None]:
    """``pages`` read by a thread of its own, up to ``depth`` pages ahead of the
    caller (memory stays flat); its errors are raised here; closing this stops it."""
    box: queue.Queue[tuple[str, Any]] = queue.Queue(depth)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for p in pages:
                if not put(("page", p)):
                    return
            put(("end", None))
        except BaseException as e:  # noqa: BLE001 - handed to the caller, who raises it
            put(("error", e))

    reader = threading.Thread(target=read, name="zs_tui-gold-pages", daemon=True)
    reader.start()
    try:
        while True:
            kind, item = box.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        reader.join()
