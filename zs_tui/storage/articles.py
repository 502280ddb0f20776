"""Articles: adding them (with their first spans), reading them, the article list."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from zs_tui.prodigy_hash import text_input_hash

from .base import StoreBase, named, one
from .layers import layer_sql, status_sql
from .schema import STATUSES, columns, now
from .spans import check_flat, insert_span, insert_suggestions


@dataclass
class NewArticle:
    """An article ready to store, produced by ingest."""

    sha256: str
    source: str
    encoding: str
    script: str
    raw: str
    clean: str
    char_map: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Article:
    id: int
    sha256: str
    source: str
    encoding: str
    script: str
    raw: str
    clean: str
    char_map: str
    title: str
    n_chars: int
    meta: dict[str, Any]
    status: str
    imported_at: str
    updated_at: str


@dataclass
class ArticleRow:
    """What the article list needs, without the text."""

    id: int
    title: str
    status: str
    script: str
    n_spans: int
    n_pending: int
    n_accepted: int
    unsure: bool = False  # the reviewer's flag and note (meta.unsure, meta.note)
    note: str = ""


@dataclass
class SearchHit:
    """One place a corpus search found its text: which article, where, with context."""

    article_id: int
    status: str
    offset: int  # into the article's clean text
    snippet: str  # the text around it, on one line
    before: int  # characters of the snippet before the hit


# The article list's row: the article's own columns, its status and span counts
# in the layer the reader sees (see layers.py), by name.  It reads from a
# subquery ``a`` that has the layer as column ``seen`` (worked out once per article).
_ARTICLE_ROW = (
    'a.id AS id, a.title AS title, a.seen_status AS status, a.script AS script,'
    " (SELECT count(*) FROM spans s WHERE s.article_id=a.id AND s.layer=a.seen AND s.state!='rejected') AS n_spans,"
    " (SELECT count(*) FROM spans s WHERE s.article_id=a.id AND s.layer=a.seen AND s.state='pending') AS n_pending,"
    " (SELECT count(*) FROM spans s WHERE s.article_id=a.id AND s.layer=a.seen AND s.state='accepted') AS n_accepted,"
    " coalesce(json_extract(a.meta, '$.unsure'), 0) AS unsure, coalesce(json_extract(a.meta, '$.note'), '') AS note"
)


_ALL_STATUSES = ", ".join(f"'{st}'" for st in STATUSES)


def _status(layer: str | None, corpus: bool = False) -> str:
    return status_sql("a", layer is not None, corpus)


def _rows(layer: str | None, where: str = "", tail: str = "", corpus: bool = False) -> str:
    """The article list's rows of the articles ``where`` picks (over ``b``, the
    articles table), ``tail`` (order, limit) applied first: the page's ids
    first (no text read for the rows an offset skips), then their layer and
    status once each (MATERIALIZED: not copied into every count below)."""
    named_ = layer is not None
    return (f"WITH a AS MATERIALIZED (SELECT c.*, {layer_sql('c', named_, corpus)} AS seen,"
            f" {status_sql('c', named_, corpus)} AS seen_status FROM articles c"
            f" WHERE c.id IN (SELECT b.id FROM articles b{where} {tail}))"
            f" SELECT {_ARTICLE_ROW}{{extra}} FROM a ORDER BY a.id")


def _meta_json(meta: dict[str, Any]) -> str:
    return json.dumps(meta, ensure_ascii=False) if meta else "{}"


def title_of(clean: str, width: int = 80) -> str:
    for line in clean.splitlines():
        line = line.strip()
        if line:
            return line[:width]
    return "(empty)"


class ArticlesMixin(StoreBase):
    """Adding, reading and listing articles."""

    def existing_shas(self, shas: Iterable[str]) -> set[str]:
        found: set[str] = set()
        shas = list(shas)
        for i in range(0, len(shas), 500):
            chunk = shas[i : i + 500]
            q = f"SELECT sha256 FROM articles WHERE sha256 IN ({','.join('?' * len(chunk))})"
            found.update(r[0] for r in self.conn.execute(q, chunk))
        return found

    def add_article(
        self,
        art: NewArticle,
        suggestions: list[dict[str, Any]] | None = None,
        suggester_version: str = "",
        status: str = "todo",
        gold_spans: list[dict[str, Any]] | None = None,
    ) -> int | None:
        """Insert one article (inside the caller's transaction if any).

        Returns its id, or None if an article with the same content hash
        exists.  Suggestions also become pending spans for review; gold
        spans (``import --as-gold``) become accepted spans.
        """
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM articles WHERE sha256=?", (art.sha256,)).fetchone():
                return None
            ts = now()
            aid = self._insert("articles", {
                "sha256": art.sha256, "source": art.source, "encoding": art.encoding, "script": art.script,
                "raw": art.raw, "clean": art.clean, "char_map": art.char_map, "title": title_of(art.clean),
                "n_chars": len(art.clean), "meta": _meta_json(art.meta), "status": status,
                "imported_at": ts, "updated_at": ts,
            })
            self._hash_texts([(aid, art.clean)])
            if gold_spans:
                for s in gold_spans:
                    insert_span(self.conn, aid, s, origin="gold", state="accepted", ts=ts, n_chars=len(art.clean), clean=art.clean)
            else:
                insert_suggestions(self.conn, aid, suggestions or [], suggester_version, ts, art.clean, decided=[])
            check_flat(self.conn, aid)
            return aid

    def add_articles(self, arts: Sequence[NewArticle]) -> list[int]:
        """Insert new articles without spans (a bulk import's batch, inside the
        caller's transaction if any) in one ``executemany``; returns their ids,
        in order.  The caller sorts duplicates out first: an article whose
        content hash is stored already is refused (``sqlite3.IntegrityError``)
        and nothing of the batch is written.  Five statements an article
        (``add_article``'s check, insert, savepoint, flatness) were a fifth of
        an import's time."""
        if not arts:
            return []
        with self.transaction():
            ts = now()
            # the ids SQLite would give one at a time (INTEGER PRIMARY KEY: after the largest)
            first = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            cols = ("id", "sha256", "source", "encoding", "script", "raw", "clean", "char_map", "title", "n_chars",
                    "meta", "status", "imported_at", "updated_at")
            self.conn.executemany(
                f"INSERT INTO articles({columns('articles', *cols)}) VALUES ({', '.join('?' * len(cols))})",
                ((first + i, a.sha256, a.source, a.encoding, a.script, a.raw, a.clean, a.char_map, title_of(a.clean),
                  len(a.clean), _meta_json(a.meta), "todo", ts, ts) for i, a in enumerate(arts)))
            self._hash_texts([(first + i, a.clean) for i, a in enumerate(arts)])
            return list(range(first, first + len(arts)))

    def _hash_texts(self, texts: Sequence[tuple[int, str]]) -> None:
        """The input hashes of new articles.  OR REPLACE: an article deleted by
        hand (foreign keys off, as sqlite3's shell has them) leaves its row,
        which must not refuse the next article given that id."""
        self.conn.executemany(f"INSERT OR REPLACE INTO input_hashes({columns('input_hashes')}) VALUES (?, ?)",
                              ((aid, text_input_hash(clean)) for aid, clean in texts))

    def article(self, article_id: int, layer: str | None = None) -> Article:
        """The article, its status the one in the layer ``layer`` sees."""
        d = one(self.conn.execute(f"SELECT {columns('articles', prefix='a.')}, {_status(layer)} AS seen FROM articles a"
                                  " WHERE a.id=:id", {"id": article_id, "layer": layer}))
        if d is None:
            raise KeyError(f"no article {article_id}")
        d["status"] = d.pop("seen")
        d["meta"] = json.loads(d["meta"] or "{}")
        return Article(**d)

    def article_by_sha(self, sha: str) -> Article | None:
        row = self.conn.execute("SELECT id FROM articles WHERE sha256=?", (sha,)).fetchone()
        return self.article(row[0]) if row else None

    def article_status(self, article_id: int, layer: str | None = None, corpus: bool = False) -> str | None:
        """The article's status in the layer ``layer`` sees (``corpus``: see ``list_articles``)."""
        row = self.conn.execute(f"SELECT {_status(layer, corpus)} FROM articles a WHERE a.id=:id",
                                {"id": article_id, "layer": layer}).fetchone()
        return row[0] if row else None

    def count_articles(self, status: str | None = None, layer: str | None = None, corpus: bool = False) -> int:
        """Articles (of ``status`` in the layer ``layer`` sees; ``corpus``: see ``list_articles``)."""
        if status:
            return self.conn.execute(f"SELECT count(*) FROM articles a WHERE {_status(layer, corpus)}=:status",
                                     {"status": status, "layer": layer}).fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count_by_status(self, layer: str | None = None, corpus: bool = False) -> dict[str, int]:
        """Articles per status in the layer ``layer`` sees (``corpus``: see
        ``list_articles``), every status present (0 if none), in one pass
        (read once, then kept by the review session)."""
        # An article nobody took a layer of has its own status: those are
        # counted in the (status, id) index; only the articles with layers have
        # their status worked out one by one (100 ms per 100,000 articles).
        counts = {st: 0 for st in STATUSES}
        counts.update(dict(self.conn.execute(
            "SELECT status, count(*) FROM articles GROUP BY status").fetchall()))
        for base, seen, n in self.conn.execute(
                f"SELECT a.status, {_status(layer, corpus)} AS st, count(*) FROM articles a"
                " WHERE a.id IN (SELECT article_id FROM layers) GROUP BY a.status, st", {"layer": layer}):
            counts[base] -= n
            counts[seen] += n
        return counts

    def article_row(self, article_id: int, layer: str | None = None, corpus: bool = False) -> ArticleRow | None:
        """One row of the article list (the open article's, after a decision)."""
        d = one(self.conn.execute(_rows(layer, " WHERE b.id=:id", corpus=corpus).format(extra=""),
                                  {"id": article_id, "layer": layer}))
        return ArticleRow(**d) if d else None

    def first_article_id(self) -> int | None:
        """The first article by id, from the index (listing every id read every row)."""
        return self.conn.execute("SELECT min(id) FROM articles").fetchone()[0]

    def article_ids(self, status: str | None = None, layer: str | None = None) -> list[int]:
        if status:
            return [r[0] for r in self.conn.execute(f"SELECT a.id FROM articles a WHERE {_status(layer)}=:status ORDER BY a.id",
                                                    {"status": status, "layer": layer})]
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def list_articles(
        self, status: str | None = None, offset: int = 0, limit: int = 200, text: str | None = None,
        layer: str | None = None, corpus: bool = False,
    ) -> list[ArticleRow]:
        """One page of the article list (the UI never loads all rows), as ``layer`` sees it.

        ``corpus``: an article ``layer`` has no layer of shows as the corpus
        has it (its single view, e.g. done by another annotator) rather than
        as imported: the reviewer's list shows the progress of the corpus,
        their own layer where they have one."""
        where = []
        if status:
            where.append(f"{status_sql('b', layer is not None, corpus)} = :status")
        if text:
            where.append("instr(b.clean, :text) > 0")
        sql = _rows(layer, " WHERE " + " AND ".join(where) if where else "",
                    "ORDER BY b.id LIMIT :limit OFFSET :offset", corpus).format(extra="")
        args = {"status": status, "text": text, "limit": limit, "offset": offset, "layer": layer}
        return [ArticleRow(**r) for r in named(self.conn.execute(sql, args))]

    def article_rank(self, article_id: int, status: str | None = None, layer: str | None = None,
                     corpus: bool = False) -> int:
        """Position of an article in the (filtered) list, for paging."""
        if status:
            return self.conn.execute(f"SELECT count(*) FROM articles a WHERE a.id<:id AND {_status(layer, corpus)}=:status",
                                     {"id": article_id, "status": status, "layer": layer}).fetchone()[0]
        # Every status named (the column's CHECK allows no other): counted in the
        # (status, id) index, not by walking the table's rows (100 ms at 100k).
        return self.conn.execute(f"SELECT count(*) FROM articles WHERE status IN ({_ALL_STATUSES}) AND id<?",
                                 (article_id,)).fetchone()[0]

    def search_hits(self, text: str, fold: Callable[[str], str] | None = None, limit: int = 200,
                    per_article: int = 5, context: int = 14) -> list[SearchHit]:
        """Every place ``text`` occurs, article by article (at most
        ``per_article`` each, ``limit`` in all), with ``context`` characters
        either side.  ``fold`` maps a text to the form compared (the
        Simplified copy, character by character so offsets hold); it is
        applied to articles not stored as Simplified only, so that a search of
        a large Simplified corpus costs SQLite's ``instr`` and no more.  On a
        connection of its own: a search in a worker thread never shares the
        writer's."""
        fold = fold or (lambda t: t)
        needle = fold(text)
        if not needle:
            return []
        conn = sqlite3.connect(str(self.path), check_same_thread=False)
        conn.create_function("fold", 1, fold, deterministic=True)
        hits: list[SearchHit] = []
        try:
            rows = conn.execute(
                "SELECT id, status, script, clean FROM articles WHERE instr(CASE WHEN script='simplified' THEN clean"
                " ELSE fold(clean) END, ?) > 0 ORDER BY id", (needle,))
            for aid, status, script, clean in rows:
                hay = clean if script == "simplified" else fold(clean)
                i, n = hay.find(needle), 0
                while i >= 0 and n < per_article and len(hits) < limit:
                    a = max(0, i - context)
                    snippet = clean[a:i + len(needle) + context].replace("\n", " ")
                    hits.append(SearchHit(aid, status, i, snippet, i - a))
                    i, n = hay.find(needle, i + 1), n + 1
                if len(hits) >= limit:
                    break
        finally:
            conn.close()
        return hits

    def neighbour_article(self, article_id: int, step: int, status: str | None = None,
                          layer: str | None = None, corpus: bool = False) -> int | None:
        """Next (step=1) or previous (step=-1) article id, optionally by status (in ``layer``'s view)."""
        op, order = (">", "ASC") if step > 0 else ("<", "DESC")
        sql = (f"SELECT a.id FROM articles a WHERE a.id {op} :id" + (f" AND {_status(layer, corpus)}=:status" if status else "")
               + f" ORDER BY a.id {order} LIMIT 1")
        row = self.conn.execute(sql, {"id": article_id, "status": status, "layer": layer}).fetchone()
        return row[0] if row else None

    def next_todo(self, after_id: int = 0, layer: str | None = None) -> int | None:
        """The next article still to review, wrapping around (for an annotator:
        the one the queue serves them, ``next_for``)."""
        if layer:
            return self.next_for(layer, after_id)  # type: ignore[attr-defined]
        for sql, args in (
            (f"SELECT a.id FROM articles a WHERE {_status(None)} IN ('todo','in_progress') AND a.id>:id ORDER BY a.id LIMIT 1",
             {"id": after_id}),
            (f"SELECT a.id FROM articles a WHERE {_status(None)} IN ('todo','in_progress') ORDER BY a.id LIMIT 1", {}),
        ):
            row = self.conn.execute(sql, args).fetchone()
            if row:
                return row[0]
        return None

    def set_meta(self, article_id: int, meta: dict[str, Any]) -> None:
        with self.transaction():
            self.conn.execute("UPDATE articles SET meta=? WHERE id=?", (json.dumps(meta, ensure_ascii=False), article_id))

    def article_sha(self, article_id: int) -> str | None:
        row = self.conn.execute("SELECT sha256 FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None
