"""Storage: every read and write of annotations.db goes through ``Store``.

Writes are transactional (``BEGIN IMMEDIATE`` ... ``COMMIT``) so a failure
or a killed process leaves the database as it was before the call.  The
review log is written in the same transaction as the span change it
describes: the event table is the truth a session can be replayed from.
"""
from __future__ import annotations

import getpass
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from .schema import SCHEMA_VERSION, STATUSES, SchemaError, check_sqlite_file, columns, ensure_schema, now

DEFAULT_DB = "annotations.db"
SPAN_FIELDS = ("id", "start", "end", "label", "text", "origin", "state", "source")  # of spans: what Span holds


class StoreError(RuntimeError):
    """A write was refused; the database is unchanged."""


class FlatnessError(StoreError):
    """The write would make spans overlap or leave the text."""


class StoreBusy(StoreError):
    """Another connection holds the write lock past the busy timeout; nothing was written."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full; the write was undone."""


def _is_busy(e: sqlite3.OperationalError) -> bool:
    return getattr(e, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(e)


def _plain(e: BaseException, path: Path) -> BaseException:
    """SQLite's busy and full errors as StoreBusy / StoreFull (the rest as they are)."""
    if not isinstance(e, sqlite3.OperationalError):
        return e
    if _is_busy(e):
        return StoreBusy(f"database busy: another program is writing to {path}")
    if getattr(e, "sqlite_errorname", "") == "SQLITE_FULL" or "full" in str(e):
        return StoreFull(f"disk full: {path} could not be written ({e}); nothing was changed")
    return e


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "annotator"


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
class Span:
    id: int | None
    start: int
    end: int
    label: str
    text: str
    origin: str = "manual"
    state: str = "accepted"
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def named(cur: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """The rows of a query as dicts keyed by column name (rows are never read by position)."""
    names = [c[0] for c in cur.description]
    for row in cur:
        yield dict(zip(names, row))


def one(cur: sqlite3.Cursor) -> dict[str, Any] | None:
    return next(named(cur), None)


def title_of(clean: str, width: int = 80) -> str:
    for line in clean.splitlines():
        line = line.strip()
        if line:
            return line[:width]
    return "(empty)"


class Store:
    """An open annotations database."""

    def __init__(self, path: str | Path = DEFAULT_DB, create: bool = True, readonly: bool = False) -> None:
        """``readonly``: read a database on read-only media or in a read-only
        folder (nothing is written, not even the WAL index; no migration)."""
        self.path = Path(path)
        self.readonly = readonly
        if not create and not self.path.exists():
            raise SchemaError(f"no database at {self.path} (run `zs-tui import PATH --db {self.path}` first)")
        if not create and self.path.is_file() and self.path.stat().st_size == 0:
            # SQLite would happily turn an empty file into a new database.
            raise SchemaError(f"{self.path} is an empty file, not a zs_tui database; it was not changed")
        check_sqlite_file(self.path)
        if self.path.parent and not self.path.parent.exists():
            raise SchemaError(f"cannot create {self.path}: folder {self.path.parent} does not exist")
        if readonly:
            self._open_readonly()
            return
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as e:
            raise SchemaError(f"cannot open {self.path} as an SQLite database: {e}") from e
        try:
            self.version = ensure_schema(conn, self.path)
            # Only now: journal_mode=WAL is written into the file header, and a
            # database that was refused above must be left byte-for-byte as it was.
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as e:
            conn.close()
            raise SchemaError(f"{self.path} is damaged or not an SQLite database: {e}") from e
        except Exception:
            conn.close()
            raise
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._depth = 0

    def _open_readonly(self) -> None:
        from urllib.parse import quote

        from .schema import check_readable_schema

        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        last: Exception | None = None
        # A WAL database needs its -shm index; where it cannot be created (a
        # read-only folder) the file is read as immutable: nobody can write it there.
        for params in ("", "&immutable=1"):
            try:
                conn = sqlite3.connect(uri + params, uri=True, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA query_only = ON")
                self.version = check_readable_schema(conn, self.path)
                break
            except sqlite3.DatabaseError as e:
                last = e
        else:
            raise SchemaError(f"cannot read {self.path}: {last}") from last
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._depth = 0

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def backup_to(self, path: str | Path) -> None:
        """Copy the database as it is now to ``path`` (SQLite's online backup)."""
        dst = sqlite3.connect(str(path))
        try:
            self.conn.backup(dst)
        finally:
            dst.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write; nested calls join the outer transaction.

        A nested call is a savepoint: when it fails, its own writes are
        undone even if the caller catches the error and the outer
        transaction goes on to commit (a refused action inside a bigger one).
        """
        if self._depth:
            self._depth += 1
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException as e:
                # A full disk can make SQLite roll the whole transaction back
                # itself: then there is no savepoint left to return to.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                if (err := _plain(e, self.path)) is e:
                    raise
                raise err from e
            else:
                self.conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if (err := _plain(e, self.path)) is e:
                raise
            raise err from e
        self._depth = 1
        try:
            yield self.conn
        except BaseException as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if (err := _plain(e, self.path)) is e:
                raise
            raise err from e
        else:
            if not self.conn.in_transaction:
                # SQLite rolled back on its own (disk full) under a caller that caught the error
                raise StoreFull(f"disk full: {self.path} could not be written; the action was undone")
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as e:
                if self.conn.in_transaction:  # a failed COMMIT leaves it open: undo, as promised
                    self.conn.execute("ROLLBACK")
                if (err := _plain(e, self.path)) is e:
                    raise
                raise err from e
        finally:
            self._depth = 0

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row given by column name (``columns`` refuses a name the table lacks)."""
        cur = self.conn.execute(f"INSERT INTO {table}({columns(table, *row)}) VALUES ({', '.join('?' * len(row))})",
                                list(row.values()))
        return int(cur.lastrowid)

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another connection's lock before StoreBusy."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    @contextmanager
    def busy_timeout(self, ms: int) -> Iterator[None]:
        """A different busy timeout for the writes inside (0: never wait)."""
        old = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        self.set_busy_timeout(ms)
        try:
            yield
        finally:
            self.set_busy_timeout(old)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- articles -----------------------------------------------------------
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
                    self._insert_span(aid, s, origin="gold", state="accepted", ts=ts, n_chars=len(art.clean), clean=art.clean)
            else:
                self._insert_suggestions(aid, suggestions or [], suggester_version, ts, art.clean, decided=[])
            self._check_flat(aid)
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

    # -- spans & suggestions ------------------------------------------------
    def spans(self, article_id: int, include_rejected: bool = True) -> list[Span]:
        sql = f"SELECT {columns('spans', *SPAN_FIELDS)} FROM spans WHERE article_id=?"
        if not include_rejected:
            sql += " AND state != 'rejected'"
        return [Span(**r) for r in named(self.conn.execute(sql + " ORDER BY start, id", (article_id,)))]

    def suggestions(self, article_id: int) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            f"SELECT {columns('suggestions', 'start', 'end', 'label', 'text', 'source', 'suggester_version')}"
            " FROM suggestions WHERE article_id=? ORDER BY start",
            (article_id,),
        )
        return list(named(cur))

    def suggestion_versions(self) -> dict[str, int]:
        """Articles per suggester version ('' for articles with no suggestion row)."""
        out: dict[str, int] = {}
        for v, n in self.conn.execute(
            "SELECT coalesce((SELECT suggester_version FROM suggestions s WHERE s.article_id=a.id LIMIT 1), ''), count(*)"
            " FROM articles a GROUP BY 1"
        ):
            out[v] = n
        return out

    def articles_needing_suggestions(self, version: str) -> list[int]:
        """Articles whose suggestions were made by another suggester version.

        The version is kept per article in meta key ``suggester_version`` so
        that an article with no suggestion at all is not stale forever.
        """
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE coalesce(json_extract(meta, '$.suggester_version'), '') != ?"
                " AND status != 'done' ORDER BY id",
                (version,),
            )
        ]

    def replace_suggestions(self, article_id: int, suggestions: list[dict[str, Any]], version: str) -> int:
        """Swap an article's suggestions for new ones (``resuggest``).

        Spans a reviewer decided (accepted, rejected or manual) stay; only
        undecided suggested spans are replaced, and a new suggestion that
        overlaps a decided span is dropped.  Returns pending spans added.
        """
        with self.transaction():
            art = self.article(article_id)
            ts = now()
            self.conn.execute("DELETE FROM spans WHERE article_id=? AND state='pending'", (article_id,))
            self.conn.execute("DELETE FROM suggestions WHERE article_id=?", (article_id,))
            decided = [s for s in self.spans(article_id)]
            n = self._insert_suggestions(article_id, suggestions, version, ts, art.clean, decided=decided)
            meta = dict(art.meta)
            meta["suggester_version"] = version
            self.conn.execute("UPDATE articles SET meta=? WHERE id=?", (json.dumps(meta, ensure_ascii=False), article_id))
            self._check_flat(article_id)
            return n

    def _insert_suggestions(
        self, aid: int, suggestions: list[dict[str, Any]], version: str, ts: str, clean: str, decided: list[Span]
    ) -> int:
        taken = [(s.start, s.end) for s in decided if s.state != "rejected"]
        refused = {(s.start, s.end, s.label) for s in decided if s.state == "rejected"}
        added = 0
        for s in suggestions:
            sugg_id = self._insert("suggestions", {
                "article_id": aid, "start": s["start"], "end": s["end"], "label": s["label"],
                "text": clean[s["start"] : s["end"]], "source": s.get("source", ""), "suggester_version": version,
            })
            if (s["start"], s["end"], s["label"]) in refused or any(a < s["end"] and s["start"] < b for a, b in taken):
                continue
            origin = "learned" if s.get("source") == "learned" else "suggested"
            self._insert_span(aid, s, origin=origin, state="pending", ts=ts, n_chars=len(clean), clean=clean,
                              suggestion_id=sugg_id)
            taken.append((s["start"], s["end"]))
            added += 1
        if version:
            meta = json.loads(self.conn.execute("SELECT meta FROM articles WHERE id=?", (aid,)).fetchone()[0] or "{}")
            if meta.get("suggester_version") != version:
                meta["suggester_version"] = version
                self.conn.execute("UPDATE articles SET meta=? WHERE id=?", (json.dumps(meta, ensure_ascii=False), aid))
        return added

    def _insert_span(
        self, aid: int, s: dict[str, Any], origin: str, state: str, ts: str, n_chars: int, clean: str,
        suggestion_id: int | None = None, span_id: int | None = None,
    ) -> int:
        start, end = int(s["start"]), int(s["end"])
        if not 0 <= start < end <= n_chars:
            raise FlatnessError(f"span [{start}, {end}) is outside the text (0..{n_chars})")
        return self._insert("spans", {
            "id": span_id, "article_id": aid, "start": start, "end": end, "label": s["label"],
            "text": clean[start:end], "origin": origin, "state": state, "source": s.get("source", ""),
            "suggestion_id": suggestion_id, "updated_at": ts,
        })

    def _check_flat(self, aid: int) -> None:
        row = one(self.conn.execute(
            'SELECT a.start AS a_start, a."end" AS a_end, b.start AS b_start, b."end" AS b_end FROM spans a JOIN spans b'
            " ON a.article_id=b.article_id AND a.id<b.id"
            ' AND a.start < b."end" AND b.start < a."end"'
            " WHERE a.article_id=? AND a.state!='rejected' AND b.state!='rejected' LIMIT 1",
            (aid,),
        ))
        if row:
            raise FlatnessError(f"spans [{row['a_start']}, {row['a_end']}) and [{row['b_start']}, {row['b_end']}) would overlap")

    # -- learning -----------------------------------------------------------
    def decided_texts(self) -> tuple[dict[tuple[str, str], int], set[tuple[str, str]]]:
        """What reviewers taught: accepted (text, label) counts, rejected pairs.

        A pair that was later accepted somewhere is not counted as rejected.
        """
        accepted: dict[tuple[str, str], int] = {}
        rejected: set[tuple[str, str]] = set()
        for text, label, state, n in self.conn.execute(
            "SELECT text, label, state, count(*) FROM spans WHERE state IN ('accepted','rejected')"
            " GROUP BY text, label, state"
        ):
            if state == "accepted":
                accepted[(text, label)] = n
            else:
                rejected.add((text, label))
        return accepted, rejected - set(accepted)

    # -- sessions & events --------------------------------------------------
    def start_session(self, annotator: str, app_version: str, session_id: str | None = None) -> str:
        sid = session_id or uuid.uuid4().hex[:12]
        with self.transaction():
            self._insert("sessions", {"id": sid, "annotator": annotator, "started_at": now(), "app_version": app_version})
        return sid

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
    ) -> int:
        """Apply span changes and a status change, and log them as one event.

        ``changes`` pairs a span's state before (None: it did not exist) with
        its state after (None: it is removed).  Each ``before`` must match
        the stored row, so a stale screen or a diverging replay cannot
        overwrite work.  Everything commits together or not at all.  Which
        status an action leads to is the review layer's to say: storage
        changes it only as ``status`` (before, after) asks.
        """
        with self.transaction():
            art_row = one(self.conn.execute("SELECT clean, status FROM articles WHERE id=?", (article_id,)))
            if art_row is None:
                raise StoreError(f"no article {article_id}")
            clean, cur_status = art_row["clean"], art_row["status"]
            ts = now()
            befores, afters = [], []
            for before, after in changes:
                if before is not None:
                    stored = self._span_row(before["id"])
                    if stored is None or stored["article_id"] != article_id or any(
                        stored[k] != before[k] for k in ("start", "end", "label", "state")
                    ):
                        raise StoreError(f"span {before.get('id')} is not as expected (changed elsewhere?)")
                if before is None and after is not None:
                    origin = after.get("origin", "manual")
                    state = after.get("state", "accepted")
                    sid = self._insert_span(article_id, after, origin=origin, state=state, ts=ts,
                                            n_chars=len(clean), clean=clean, span_id=after.get("id"))
                    after = self._span_row(sid, public=True)
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
                    after = self._span_row(before["id"], public=True)
                befores.append(before)
                afters.append(after)
            st_before = st_after = None
            if status is not None:
                st_before, st_after = status
                if st_after not in STATUSES:
                    raise StoreError(f"unknown status {st_after!r}")
                if cur_status != st_before:
                    raise StoreError(f"article {article_id} is {cur_status}, not {st_before}")
                self.conn.execute("UPDATE articles SET status=?, updated_at=? WHERE id=?", (st_after, ts, article_id))
            self._check_flat(article_id)
            b = {"spans": befores, "status": st_before}
            a = {"spans": afters, "status": st_after}
            return self._insert("events", {
                "session_id": session_id, "annotator": annotator, "article_id": article_id, "ts": ts,
                "action": action, "before": json.dumps(b, ensure_ascii=False),
                "after": json.dumps(a, ensure_ascii=False), "ref_event": ref_event,
            })

    def _span_row(self, span_id: int, public: bool = False) -> dict[str, Any] | None:
        d = one(self.conn.execute(
            f"SELECT {columns('spans', *SPAN_FIELDS, 'article_id')} FROM spans WHERE id=?", (span_id,)))
        if d is None:
            return None
        if public:
            d.pop("article_id")
        return d

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

    # -- reporting ----------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        by_status = {s: 0 for s in STATUSES}
        by_status.update(dict(self.conn.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall()))
        by_script = dict(self.conn.execute("SELECT script, count(*) FROM articles GROUP BY script ORDER BY script").fetchall())
        labels: dict[str, dict[str, int]] = {}
        for label, state, n in self.conn.execute("SELECT label, state, count(*) FROM spans GROUP BY label, state"):
            labels.setdefault(label, {"pending": 0, "accepted": 0, "rejected": 0})[state] = n
        return {
            "database": str(self.path),
            "schema_version": SCHEMA_VERSION,
            "articles": self.count_articles(),
            "by_status": by_status,
            "by_script": by_script,
            "spans_by_label": dict(sorted(labels.items())),
            "sessions": self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0],
            "events": self.conn.execute("SELECT count(*) FROM events").fetchone()[0],
        }

    # -- export & replay ----------------------------------------------------
    # The event that put a done article in status done (a `done`, or a `redo`
    # of one): its last event whose after-status is done.  An article that is
    # no longer done has none: a review that was taken back is nobody's.
    _DONE_EVENT = (
        "(CASE WHEN a.status='done' THEN (SELECT e.id FROM events e WHERE e.article_id=a.id"
        " AND json_extract(e.after, '$.status')='done' ORDER BY e.id DESC LIMIT 1) END)"
    )

    def iter_gold(self, status: str | None = "done", annotator: str | None = None,
                  page: int = 200) -> Iterator[dict[str, Any]]:
        """Articles by id with their accepted spans and the event that marked them done.

        ``status`` None means every article.  ``annotator`` keeps done articles
        whose done event was recorded by that annotator.  Rows come a page at a time
        (keyset paging on the id), so memory does not grow with the corpus, and
        inside one read transaction, so a review going on meanwhile cannot make
        two pages disagree.  Each row: id, sha256, source, text, status, meta
        (the article's), spans [(start, end, label, text)] and event (None, or
        annotator, session_id, ts).
        """
        where, args = ["a.id > ?"], []
        if status:
            where.append("a.status = ?")
            args.append(status)
        if annotator:
            where.append(f"(SELECT x.annotator FROM events x WHERE x.id = {self._DONE_EVENT}) = ?")
            args.append(annotator)
        sql = (
            f"SELECT {columns('articles', 'id', 'sha256', 'source', 'clean', 'status', 'meta', prefix='a.')},"
            f" {self._DONE_EVENT} AS done_event FROM articles a WHERE {' AND '.join(where)} ORDER BY a.id LIMIT ?"
        )
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")  # deferred: a snapshot for reading, no write lock
        try:
            last = 0
            while True:
                rows = list(named(self.conn.execute(sql, [last, *args, page])))
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
                for sp in named(self.conn.execute(
                    f"SELECT article_id, json_group_array(json_array({columns('spans', 'start', 'end', 'label', 'text')}))"
                    f" AS spans FROM spans WHERE article_id IN ({marks}) AND +state='accepted' GROUP BY article_id", ids
                )):
                    # sorted: an aggregate's order is not SQLite's promise
                    spans[sp["article_id"]] = sorted(map(tuple, json.loads(sp["spans"])))
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

    def article_sha(self, article_id: int) -> str | None:
        row = self.conn.execute("SELECT sha256 FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None
