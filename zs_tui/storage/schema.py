"""The SQLite schema: the only place that knows table layouts and versions.

The schema is the result of a list of named migrations, run in order.  A
fresh database is built by running them all from empty; an older one runs
those it lacks; both inside one transaction, so a failure leaves the file
as it was.  The names applied are kept in the ``migrations`` table (from
migration 2 on; a database written before it records only
``meta.schema_version``, which counts the steps applied).  A database from
a newer zs_tui, or a file that is not a zs_tui database, is refused and left
untouched.

Migrations are history: one that shipped is never edited, a change is a new
one at the end.  ``COLUMNS`` is the table layout they leave, the column list
the queries of the store modules select and insert by name; a test checks that
the two agree.
"""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from zs_tui.defaults import STATUSES  # one definition, shown by the CLI
from zs_tui.prodigy_hash import text_input_hash

from ..errors import ZsError

SQLITE_MAGIC = b"SQLite format 3\x00"


ORIGINS = ("suggested", "learned", "manual", "gold")
STATES = ("pending", "accepted", "rejected")


def now() -> str:
    """The storage layer's timestamps: UTC, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SchemaError(ZsError, RuntimeError):
    """The database file cannot be used as it is; nothing was changed."""


class OlderSchemaError(SchemaError):
    """Opened read-only, a database that an older zs_tui wrote: only a copy can be migrated."""


# The schema of zs_tui 0.x (schema version 1), as it shipped.
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

DDL_MIGRATIONS_TABLE = """
CREATE TABLE migrations (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
"""


# Span ids must never be reused: undo puts a deleted span back under its own
# id (events name spans by id), and with plain INTEGER PRIMARY KEY another
# annotator's or an import's new span could have taken it meanwhile (the
# undo then failed on a UNIQUE constraint and closed the app).  SQLite gives
# AUTOINCREMENT only at creation, so the table is rebuilt.
_SPANS_V1 = DDL_V1[DDL_V1.index("CREATE TABLE spans ("):]
_SPANS_V1 = _SPANS_V1[:_SPANS_V1.index("\n);") + 3]
DDL_SPANS_NEVER_REUSE_IDS = _SPANS_V1.replace("CREATE TABLE spans (", "CREATE TABLE spans_0003 (").replace(
    "INTEGER PRIMARY KEY,", "INTEGER PRIMARY KEY AUTOINCREMENT,", 1) + """
INSERT INTO spans_0003 SELECT id, article_id, start, "end", label, text, origin, state, source, suggestion_id, updated_at FROM spans;
DROP TABLE spans;
ALTER TABLE spans_0003 RENAME TO spans;
CREATE INDEX spans_article ON spans(article_id, start);
CREATE INDEX spans_learning ON spans(state, text, label);
"""


# Per-annotator layers.  A layer is one annotator's spans and status of one
# article.  The unnamed layer '' is what import made (suggestions as pending
# spans, or --as-gold spans; its status is articles.status): an annotator's
# layer is a copy of it made when they first open or change the article
# (storage/layers.py), so suggestions stay shared and nobody's work
# overwrites another's.  Layers have a row in ``layers`` (the annotator's
# status); their spans carry the layer name.  Span ids stay AUTOINCREMENT
# for the whole table, so no layer ever reuses an id.
DDL_LAYERS = f"""
ALTER TABLE spans ADD COLUMN layer TEXT NOT NULL DEFAULT '';
CREATE INDEX spans_layer ON spans(article_id, layer, start);
CREATE TABLE layers (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator  TEXT NOT NULL CHECK (annotator != ''),
    status     TEXT NOT NULL DEFAULT 'todo' CHECK (status IN {STATUSES!r}),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX layers_annotator ON layers(annotator, status);
"""


def _split_into_layers(conn: sqlite3.Connection) -> None:
    """Migration 0004: the one shared layer becomes an annotator's.

    An article with events belongs, spans and status, to the annotator of
    its last event: that annotator saw and went on from every earlier
    decision (the old schema had one layer, last writer wins), so the state
    is theirs.  Earlier annotators' events stay in the log; they get no
    layer of their own there.  The unnamed layer of such an article is made
    again as import made it: the stored suggestions as pending spans and
    status todo (or, for an article that was done before any event, an
    --as-gold import, a copy of the spans and status as they are).
    Articles without events stay in the unnamed layer as they are.
    """
    for stmt in _statements(DDL_LAYERS):
        conn.execute(stmt)
    ts = now()
    owners = conn.execute(
        "SELECT e.article_id, e.annotator, a.status, a.clean,"
        " (SELECT json_extract(f.before, '$.status') FROM events f WHERE f.article_id=e.article_id"
        "  AND json_extract(f.before, '$.status') IS NOT NULL ORDER BY f.id LIMIT 1)"
        " FROM events e JOIN articles a ON a.id=e.article_id"
        " WHERE e.id = (SELECT max(id) FROM events x WHERE x.article_id=e.article_id)").fetchall()
    span_cols = ('article_id, start, "end", label, text, origin, state, source, suggestion_id, updated_at')
    for aid, owner, status, clean, first_status in owners:
        base_status = first_status or status
        conn.execute("UPDATE spans SET layer=? WHERE article_id=?", (owner, aid))
        conn.execute("INSERT INTO layers(article_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                     (aid, owner, status, ts))
        if base_status != "todo":
            conn.execute(f"INSERT INTO spans({span_cols}, layer) SELECT {span_cols}, '' FROM spans"
                         " WHERE article_id=? AND layer=? ORDER BY id", (aid, owner))
        else:
            taken: list[tuple[int, int]] = []
            for sid, start, end, label, source in conn.execute(
                    'SELECT id, start, "end", label, source FROM suggestions WHERE article_id=? ORDER BY id', (aid,)).fetchall():
                if any(a < end and start < b for a, b in taken):
                    continue
                conn.execute(f"INSERT INTO spans({span_cols}, layer) VALUES (?,?,?,?,?,?,?,?,?,?, '')",
                             (aid, start, end, label, clean[start:end], "learned" if source == "learned" else "suggested",
                              "pending", source, sid, ts))
                taken.append((start, end))
        conn.execute("UPDATE articles SET status=? WHERE id=?", (base_status, aid))


# Which layer a session wrote: NULL, its annotator's own (every session
# before adjudication); 'adjudicated' for an adjudicator's session, whose
# events keep the adjudicator's name (who decided) while their spans and
# status are the adjudicated layer's.  Replay and merge read an event's layer
# from its session (storage/layers.py: event_layer_sql).
DDL_SESSION_LAYER = """
ALTER TABLE sessions ADD COLUMN layer TEXT CHECK (layer IS NULL OR layer != '');
"""


# Articles whose suggestions are still to be computed: import stores articles
# at once and a background pool suggests them (zs_tui/ingest/background.py).
# A row here is "no suggestions yet"; an article without one was suggested
# (``meta.suggester_version`` says by which version, even when it found
# nothing) or imported with --no-suggest (no version). A table, not a column:
# the queue is read by its key and counted without a scan of the articles.
DDL_SUGGEST_QUEUE = """
CREATE TABLE suggest_queue (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
"""


# An article's status beside its id, in id order: a status sits in the row
# after its texts (each in overflow pages), so a walk of the articles in id
# order that reads it (the article list filtered by status, n/p under a
# filter, the queue) read every text of the corpus on the way: 0.5-1.6 s at
# 100,000 reviewed articles, a tenth of that from this index.
DDL_ARTICLE_STATUS_BY_ID = """
CREATE INDEX articles_id_status ON articles(id, status);
"""


# Prodigy's input hash of each article's text (zs_tui/prodigy_hash.py),
# computed at import: it depends on the text alone, which never changes once
# imported, and working it out at every export (an ASCII-escaped copy of the
# text, hashed) was a seventh of a jsonl export's time.  A table of its own:
# a column of articles would sit after the texts, read through their
# overflow pages.  An article without a row (inserted by hand) has its hash
# computed by the export, the same number.
DDL_INPUT_HASHES = """
CREATE TABLE input_hashes (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    hash       INTEGER NOT NULL
);
"""


def _add_input_hashes(conn: sqlite3.Connection) -> None:
    """The table, and the hash of every article already there."""
    _ddl(DDL_INPUT_HASHES)(conn)
    # As bytes: a text that is not UTF-8 (a damaged or hand-edited database)
    # gets no row, which the export names, rather than failing the migration
    # and with it every command on the database.
    texts = conn.execute("SELECT id, CAST(clean AS BLOB) FROM articles ORDER BY id")
    conn.executemany("INSERT INTO input_hashes(article_id, hash) VALUES (?, ?)",
                     ((aid, text_input_hash(clean)) for aid, clean in _decoded_texts(texts)))


def _decoded_texts(rows: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, str]]:
    for aid, raw in rows:
        try:
            yield aid, raw.decode()
        except UnicodeDecodeError:
            continue


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _ddl(ddl: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for stmt in _statements(ddl):
            conn.execute(stmt)

    return run


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _ddl(DDL_V1)),
    Migration("0002_migrations_table", _ddl(DDL_MIGRATIONS_TABLE)),
    Migration("0003_span_ids_never_reused", _ddl(DDL_SPANS_NEVER_REUSE_IDS)),
    Migration("0004_annotator_layers", _split_into_layers),
    Migration("0005_session_layer", _ddl(DDL_SESSION_LAYER)),
    Migration("0006_suggest_queue", _ddl(DDL_SUGGEST_QUEUE)),
    Migration("0007_article_status_by_id", _ddl(DDL_ARTICLE_STATUS_BY_ID)),
    Migration("0008_input_hashes", _add_input_hashes),
)
SCHEMA_VERSION = len(MIGRATIONS)

# The columns of each table as the migrations leave them, in table order:
# the one list that the store modules select and insert by name.
COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "articles": ("id", "sha256", "source", "encoding", "script", "raw", "clean", "char_map", "title",
                 "n_chars", "meta", "status", "imported_at", "updated_at"),
    "suggestions": ("id", "article_id", "start", "end", "label", "text", "source", "suggester_version"),
    "spans": ("id", "article_id", "start", "end", "label", "text", "origin", "state", "source",
              "suggestion_id", "updated_at", "layer"),
    "sessions": ("id", "annotator", "started_at", "ended_at", "app_version", "layer"),
    "events": ("id", "session_id", "annotator", "article_id", "ts", "action", "before", "after", "ref_event"),
    "positions": ("annotator", "article_id", "span_id", "cursor", "updated_at"),
    "migrations": ("name", "applied_at"),
    "layers": ("article_id", "annotator", "status", "updated_at"),
    "suggest_queue": ("article_id",),
    "input_hashes": ("article_id", "hash"),
}
ZS_TABLES = set(COLUMNS)


def columns(table: str, *only: str, prefix: str = "") -> str:
    """``"id", "start", ...`` for a SELECT or INSERT: the table's columns (or
    ``only`` those, which must be among them), quoted, since ``end`` is a keyword."""
    cols = only or COLUMNS[table]
    unknown = [c for c in cols if c not in COLUMNS[table]]
    if unknown:
        raise KeyError(f"{table} has no column {', '.join(unknown)}")
    return ", ".join(f'{prefix}"{c}"' for c in cols)


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


# The migrations of a database that already holds articles are said, before
# they run, to this logger (the CLI prints it on standard error): a big
# corpus takes seconds (0008 hashes every text), the write lock held, and the
# terminal would stay silent.
MIGRATIONS_LOG = logging.getLogger("zs_tui.migrations")
_COPY_OF: list[Path] = []  # the database a migrated copy is read for (opening.migrated_copy)


@contextmanager
def migrating_a_copy_of(path: Path) -> Iterator[None]:
    """Inside, a migration is said to be that of a copy of ``path``, read
    for a command that leaves ``path`` as it is."""
    _COPY_OF.append(path)
    try:
        yield
    finally:
        _COPY_OF.pop()


def _announce(conn: sqlite3.Connection, path: Path, todo: list[Migration]) -> None:
    if not MIGRATIONS_LOG.isEnabledFor(logging.INFO) or "articles" not in _tables(conn) \
            or not conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
        return
    what = f"{', '.join(m.name for m in todo)}; a big database takes a while"
    if _COPY_OF:
        MIGRATIONS_LOG.info(f"reading {_COPY_OF[-1].name} through a copy migrated to schema {SCHEMA_VERSION}"
                            f" ({what}; the file itself is left as it is)")
    else:
        MIGRATIONS_LOG.info(f"migrating {path.name} to schema {SCHEMA_VERSION} ({what})")


def ensure_schema(conn: sqlite3.Connection, path: Path) -> int:
    """Create, migrate or refuse.  Returns the schema version in force."""
    if _pending(conn, path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Again under the write lock: another process may have created or
            # migrated it meanwhile (two imports into one new file).
            todo = _pending(conn, path)
            if todo:
                _announce(conn, path, todo)
            for m in todo:
                try:
                    m.apply(conn)
                except sqlite3.Error as e:
                    raise SchemaError(f"{path}: migration {m.name} failed ({e}); the database was not changed") from e
            if todo:
                _record(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def check_readable_schema(conn: sqlite3.Connection, path: Path) -> int:
    """For a read-only open: the schema must be this version's (nothing can be
    created or migrated).  Returns the version."""
    if not {"meta", "articles"} <= _tables(conn):
        raise SchemaError(f"{path} is not a zs_tui database; it was not changed")
    version = _version(conn)
    if 1 <= version < SCHEMA_VERSION:
        raise OlderSchemaError(f"{path} has schema version {version}, this zs_tui reads {SCHEMA_VERSION}; "
                               "it cannot be migrated read-only")
    if version != SCHEMA_VERSION:
        raise SchemaError(f"{path} has schema version {version}, this zs_tui reads {SCHEMA_VERSION}; "
                          "it cannot be migrated read-only")
    _check_layout(conn, path, applied_migrations(conn))
    return version


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations a database has had, in order."""
    tables = _tables(conn)
    if "migrations" in tables:
        done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
        return [m.name for m in MIGRATIONS if m.name in done]
    if not tables:
        return []
    return [m.name for m in MIGRATIONS[:_version(conn)]]


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} - {"sqlite_sequence"}


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def _pending(conn: sqlite3.Connection, path: Path) -> list[Migration]:
    """The migrations this database lacks; refuses one it cannot be given."""
    tables = _tables(conn)
    if not tables:
        return list(MIGRATIONS)
    meta_cols = {r[1] for r in conn.execute("PRAGMA table_info(meta)")} if "meta" in tables else set()
    if not {"meta", "articles"} <= tables or not {"key", "value"} <= meta_cols:
        raise SchemaError(
            f"{path} is an SQLite database but not a zs_tui one (tables: "
            f"{', '.join(sorted(tables)[:5])}); it was not changed"
        )
    version = _version(conn)
    known = {m.name for m in MIGRATIONS}
    unknown = sorted({r[0] for r in conn.execute("SELECT name FROM migrations")} - known) if "migrations" in tables else []
    if version > SCHEMA_VERSION or unknown:
        newer = f"migration {', '.join(unknown)}" if unknown else f"schema {version}"
        raise SchemaError(
            f"{path} was written by a newer zs_tui ({newer}); this version reads "
            f"schema {SCHEMA_VERSION}. Upgrade zs_tui; the database was not changed"
        )
    if version < 1:
        raise SchemaError(
            f"{path} has schema version {version or 'unknown'}, which this zs_tui cannot "
            f"migrate to {SCHEMA_VERSION}; the database was not changed"
        )
    done = applied_migrations(conn)
    _check_layout(conn, path, done)
    return [m for m in MIGRATIONS if m.name not in done]


def _layout(conn: sqlite3.Connection) -> dict[str, set[str]]:
    return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in _tables(conn)}


def _check_layout(conn: sqlite3.Connection, path: Path, done: list[str]) -> None:
    """Refuse a database whose tables lack columns its migrations would have
    made: another program's file with a meta table saying version 1 must not
    be migrated (or switched to WAL) only to fail on the first query."""
    ref = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for m in MIGRATIONS:
            if m.name in done:
                m.apply(ref)
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


def _record(conn: sqlite3.Connection) -> None:
    """Name every migration as applied (those of a database from before the
    migrations table too: they ran before they had names to record)."""
    ts = now()
    done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
    conn.executemany("INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                     [(m.name, ts) for m in MIGRATIONS if m.name not in done])
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)"
                 " ON CONFLICT(key) DO UPDATE SET value=excluded.value", (str(SCHEMA_VERSION),))


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
