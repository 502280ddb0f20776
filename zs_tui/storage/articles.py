"""Articles: adding them (with their first spans), reading them, the article list."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .base import StoreBase, named, one
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
    snippet: str = ""  # search results: the text around the first match


# The article list's row: the article's own columns and its span counts, by name.
_ARTICLE_ROW = (
    'a.id AS id, a.title AS title, a.status AS status, a.script AS script,'
    " (SELECT count(*) FROM spans s WHERE s.article_id=a.id AND s.state!='rejected') AS n_spans,"
    " (SELECT count(*) FROM spans s WHERE s.article_id=a.id AND s.state='pending') AS n_pending,"
    " (SELECT count(*) FROM spans s WHERE s.article_id=a.id AND s.state='accepted') AS n_accepted"
)


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
                "n_chars": len(art.clean), "meta": json.dumps(art.meta, ensure_ascii=False), "status": status,
                "imported_at": ts, "updated_at": ts,
            })
            if gold_spans:
                for s in gold_spans:
                    insert_span(self.conn, aid, s, origin="gold", state="accepted", ts=ts, n_chars=len(art.clean), clean=art.clean)
            else:
                insert_suggestions(self.conn, aid, suggestions or [], suggester_version, ts, art.clean, decided=[])
            check_flat(self.conn, aid)
            return aid

    def article(self, article_id: int) -> Article:
        d = one(self.conn.execute(f"SELECT {columns('articles')} FROM articles WHERE id=?", (article_id,)))
        if d is None:
            raise KeyError(f"no article {article_id}")
        d["meta"] = json.loads(d["meta"] or "{}")
        return Article(**d)

    def article_by_sha(self, sha: str) -> Article | None:
        row = self.conn.execute("SELECT id FROM articles WHERE sha256=?", (sha,)).fetchone()
        return self.article(row[0]) if row else None

    def count_articles(self, status: str | None = None) -> int:
        if status:
            return self.conn.execute("SELECT count(*) FROM articles WHERE status=?", (status,)).fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count_by_status(self) -> dict[str, int]:
        """Articles per status (every status present, 0 if none), in one
        pass over the status index."""
        counts = {st: 0 for st in STATUSES}
        counts.update(dict(self.conn.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall()))
        return counts

    def article_row(self, article_id: int) -> ArticleRow | None:
        """One row of the article list (the open article's, after a decision)."""
        d = one(self.conn.execute(f"SELECT {_ARTICLE_ROW} FROM articles a WHERE a.id=?", (article_id,)))
        return ArticleRow(**d) if d else None

    def article_ids(self, status: str | None = None) -> list[int]:
        if status:
            return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE status=? ORDER BY id", (status,))]
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def list_articles(
        self, status: str | None = None, offset: int = 0, limit: int = 200, text: str | None = None
    ) -> list[ArticleRow]:
        """One page of the article list (the UI never loads all rows)."""
        where, args = [], []
        if status:
            where.append("a.status = ?")
            args.append(status)
        if text:
            where.append("instr(a.clean, ?) > 0")
            args.append(text)
        sql = (
            f"SELECT {_ARTICLE_ROW} FROM articles a"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.id LIMIT ? OFFSET ?"
        )
        return [ArticleRow(**r) for r in named(self.conn.execute(sql, [*args, limit, offset]))]

    def article_rank(self, article_id: int, status: str | None = None) -> int:
        """Position of an article in the (filtered) list, for paging."""
        if status:
            return self.conn.execute("SELECT count(*) FROM articles WHERE id<? AND status=?", (article_id, status)).fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM articles WHERE id<?", (article_id,)).fetchone()[0]

    def search_articles(self, text: str, limit: int = 50) -> list[ArticleRow]:
        """Articles whose clean text contains ``text``, on a connection of its
        own so that a search in a worker thread never shares the writer's."""
        conn = sqlite3.connect(str(self.path), check_same_thread=False)
        try:
            rows = list(named(conn.execute(
                f"SELECT {_ARTICLE_ROW}, substr(a.clean, max(1, instr(a.clean, ?) - 12), ? + 36) AS snippet"
                " FROM articles a WHERE instr(a.clean, ?) > 0 ORDER BY a.id LIMIT ?",
                (text, len(text), text, limit),
            )))
        finally:
            conn.close()
        return [ArticleRow(**r) for r in rows]

    def neighbour_article(self, article_id: int, step: int, status: str | None = None) -> int | None:
        """Next (step=1) or previous (step=-1) article id, optionally by status."""
        op, order = (">", "ASC") if step > 0 else ("<", "DESC")
        sql = f"SELECT id FROM articles WHERE id {op} ?" + (" AND status=?" if status else "") + f" ORDER BY id {order} LIMIT 1"
        row = self.conn.execute(sql, (article_id, status) if status else (article_id,)).fetchone()
        return row[0] if row else None

    def next_todo(self, after_id: int = 0) -> int | None:
        """The next article still to review, wrapping around."""
        for sql, args in (
            ("SELECT id FROM articles WHERE status IN ('todo','in_progress') AND id>? ORDER BY id LIMIT 1", (after_id,)),
            ("SELECT id FROM articles WHERE status IN ('todo','in_progress') ORDER BY id LIMIT 1", ()),
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
