"""The SQLite schema: the only place that knows table layouts and versions.

A database records its schema version in ``meta``.  Opening one from an
older version runs the registered migrations inside one transaction; one
from a newer version, or a file that is not a zs_tui database, is refused
and left untouched.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"

STATUSES = ("todo", "in_progress", "done", "skipped")
ORIGINS = ("suggested", "learned", "manual", "gold")
STATES = ("pending", "accepted", "rejected")


class SchemaError(RuntimeError):
    """The database file cannot be used as it is; nothing was changed."""


DDL_V1 = f"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    script      TEXT NOT NULL CHECK (script IN ('simplified','traditional','mixed','none')),
    raw         TEXT NOT NULL,
    clean       TEXT NOT NULL,
    char_map    TEXT NOT NULL,
    title       TEXT NOT NULL,
    n_chars     INTEGER NOT NULL,
    meta        TEXT NOT NULL DEFAULT '{{}}',
    status      TEXT NOT NULL DEFAULT 'todo' CHECK (status IN {STATUSES!r}),
    imported_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX articles_status ON articles(status, id);
CREATE TABLE suggestions (
    id                INTEGER PRIMARY KEY,
    article_id        INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start             INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    label             TEXT NOT NULL,
    text              TEXT NOT NULL,
    source            TEXT NOT NULL,
    suggester_version TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX suggestions_article ON suggestions(article_id, start);
CREATE TABLE spans (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    label         TEXT NOT NULL,
    text          TEXT NOT NULL,
    origin        TEXT NOT NULL CHECK (origin IN {ORIGINS!r}),
    state         TEXT NOT NULL CHECK (state IN {STATES!r}),
    source        TEXT NOT NULL DEFAULT '',
    suggestion_id INTEGER REFERENCES suggestions(id) ON DELETE SET NULL,
    updated_at    TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX spans_article ON spans(article_id, start);
CREATE INDEX spans_learning ON spans(state, text, label);
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    annotator   TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    app_version TEXT NOT NULL
);
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    annotator   TEXT NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    ts          TEXT NOT NULL,
    action      TEXT NOT NULL,
    before      TEXT NOT NULL,
    after       TEXT NOT NULL,
    ref_event   INTEGER REFERENCES events(id)
);
CREATE INDEX events_session ON events(session_id, id);
CREATE INDEX events_article ON events(article_id, id);
-- The log is append-only: history is what makes replay and audit possible.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE positions (
    annotator  TEXT PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    span_id    INTEGER,
    cursor     INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
"""

# version -> function migrating a database at that version to version + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}

ZS_TABLES = {"meta", "articles", "suggestions", "spans", "sessions", "events", "positions"}


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise SchemaError(f"cannot read database {path}: {e.strerror}") from e
    if head != SQLITE_MAGIC:
        raise SchemaError(
            f"{path} is not an SQLite database (it may be another kind of file); "
            "pass another path with --db"
        )


def ensure_schema(conn: sqlite3.Connection, path: Path) -> int:
    """Create, migrate or refuse.  Returns the schema version in force."""
    tables = _tables(conn)
    if not tables and _create(conn):
        return SCHEMA_VERSION
    tables = tables or _tables(conn)  # another process created it meanwhile: check theirs
    meta_cols = {r[1] for r in conn.execute("PRAGMA table_info(meta)")} if "meta" in tables else set()
    if not {"meta", "articles"} <= tables or not {"key", "value"} <= meta_cols:
        raise SchemaError(
            f"{path} is an SQLite database but not a zs_tui one (tables: "
            f"{', '.join(sorted(tables)[:5])}); it was not changed"
        )
    version = _version(conn)
    if version == SCHEMA_VERSION:
        _check_layout(conn, path)
        return version
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{path} was written by a newer zs_tui (schema {version}); this version reads "
            f"schema {SCHEMA_VERSION}. Upgrade zs_tui; the database was not changed"
        )
    if version < 1 or any(v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
        raise SchemaError(
            f"{path} has schema version {version or 'unknown'}, which this zs_tui cannot "
            f"migrate to {SCHEMA_VERSION}; the database was not changed"
        )
    conn.execute("BEGIN IMMEDIATE")
    try:
        for v in range(version, SCHEMA_VERSION):
            MIGRATIONS[v](conn)
        conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def _layout(conn: sqlite3.Connection) -> dict[str, set[str]]:
    return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in _tables(conn)}


def _check_layout(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a database whose tables lack columns this version reads: another
    program's file with a meta table saying version 1 must not be opened
    (and switched to WAL) only to fail on the first query."""
    ref = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _create(ref)
        want = _layout(ref)
    finally:
        ref.close()
    have = _layout(conn)
    missing = [f"{t}.{c}" for t, cols in want.items() for c in sorted(cols - have.get(t, set()))]
    if missing:
        raise SchemaError(
            f"{path} is an SQLite database but not a zs_tui one (missing {', '.join(missing[:4])}"
            f"{' ...' if len(missing) > 4 else ''}); it was not changed"
        )


def check_readable_schema(conn: sqlite3.Connection, path: Path) -> int:
    """For a read-only open: the schema must be this version's (nothing can be
    created or migrated).  Returns the version."""
    if not {"meta", "articles"} <= _tables(conn):
        raise SchemaError(f"{path} is not a zs_tui database; it was not changed")
    version = _version(conn)
    if version != SCHEMA_VERSION:
        raise SchemaError(f"{path} has schema version {version}, this zs_tui reads {SCHEMA_VERSION}; "
                          "it cannot be migrated read-only")
    _check_layout(conn, path)
    return version


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} - {"sqlite_sequence"}


def _create(conn: sqlite3.Connection) -> bool:
    """Create the schema in an empty database; False if another connection
    created tables between our look and our lock (two processes opening one
    new file)."""
    conn.execute("BEGIN IMMEDIATE")
    if _tables(conn):
        conn.execute("ROLLBACK")
        return False
    try:
        for stmt in _statements(DDL_V1):
            conn.execute(stmt)
        conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return True


def _statements(ddl: str) -> list[str]:
    """Split DDL on ';' while keeping trigger bodies whole."""
    out, buf = [], []
    for line in ddl.splitlines():
        if line.strip().startswith("--"):
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and (not joined.upper().startswith("CREATE TRIGGER") or joined.upper().endswith("END;")):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
