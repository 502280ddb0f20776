"""The connection under every store module: opening, transactions, errors.

Writes are transactional (``BEGIN IMMEDIATE`` ... ``COMMIT``) so a failure
or a killed process leaves the database as it was before the call.
"""
from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from ..defaults import DEFAULT_DB
from ..errors import ZsError
from .schema import SchemaError, check_sqlite_file, columns, ensure_schema


class StoreError(ZsError, RuntimeError):
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


def named(cur: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """The rows of a query as dicts keyed by column name (rows are never read by position)."""
    names = [c[0] for c in cur.description]
    for row in cur:
        yield dict(zip(names, row))


def one(cur: sqlite3.Cursor) -> dict[str, Any] | None:
    return next(named(cur), None)


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """Insert a row given by column name (``columns`` refuses a name the table lacks)."""
    cur = conn.execute(f"INSERT INTO {table}({columns(table, *row)}) VALUES ({', '.join('?' * len(row))})",
                       list(row.values()))
    rowid = cur.lastrowid
    assert rowid is not None  # sqlite3 sets it after every INSERT
    return rowid


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write the database, not even its WAL index."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    last: Exception | None = None
    # A WAL database needs its -shm index; where it cannot be created (a
    # read-only folder) the file is read as immutable: nobody can write it
    # there.  Elsewhere immutable would skip what the -wal holds, so a failure
    # (busy, say) is reported, not read around.
    shm_possible = os.access(path.parent, os.W_OK | os.X_OK)
    for params in ("",) if shm_possible else ("", "&immutable=1"):
        try:
            conn = sqlite3.connect(uri + params, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError as e:
            last = e
            continue
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as e:
            conn.close()
            last = e
    raise SchemaError(f"cannot read {path}: {last}") from last


class StoreBase:
    """An open annotations database: the connection and its transactions."""

    def __init__(self, path: str | Path = DEFAULT_DB, create: bool = True, readonly: bool = False) -> None:
        """``readonly``: read a database on read-only media or in a read-only
        folder (nothing is written, not even the WAL index; no migration)."""
        self.path = Path(path)
        self.readonly = readonly
        self.on_close: list[Callable[[], object]] = []  # run after the connection is closed
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
        self._depth = 0

    def _open_readonly(self) -> None:
        from .schema import check_readable_schema

        conn = connect_readonly(self.path)
        try:
            self.version = check_readable_schema(conn, self.path)
        except BaseException:
            conn.close()
            raise
        self.conn = conn
        self._depth = 0

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self.conn.close()
        for done in self.on_close:
            done()

    def backup_to(self, path: str | Path) -> None:
        """Copy the database as it is now to ``path`` (SQLite's online backup)."""
        dst = sqlite3.connect(str(path))
        try:
            self.conn.backup(dst)
        finally:
            dst.close()

    def __enter__(self) -> Self:
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
        return insert_row(self.conn, table, row)

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

    def data_version(self) -> int:
        """A number that changes when another connection (another review app,
        an import) commits to the database, never with this connection's own
        writes: SQLite's ``PRAGMA data_version``, read without touching a table."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
