"""Publishing a staged import: the write lock for milliseconds, still all or nothing.

An import reads, cleans and suggests into a staging database of its own (a
hidden file beside the target) without touching the target at all; then
``publish`` makes every staged article visible at once:

- target missing: the staging file is hard-linked to the target name, which
  fails if another process created it first (then the next case applies).
  The target therefore appears complete or not at all, and nothing ever
  removes a database another process may be filling.
- target present: one short transaction copies the staged rows in (plain
  ``INSERT ... SELECT``, no Python per row), skipping articles another import
  added meanwhile (same content hash).

Other connections (review apps) wait at most for that copy, never for the
suggester.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .schema import SchemaError
from .store import Store

# table -> columns holding row ids of (articles, suggestions, spans), shifted on copy
_ID_COLUMNS = {
    "articles": {"id": "articles"},
    "suggestions": {"id": "suggestions", "article_id": "articles"},
    "spans": {"id": "spans", "article_id": "articles", "suggestion_id": "suggestions"},
    # the staged articles still to suggest (schema 0006): suggested once they are published
    "suggest_queue": {"article_id": "articles"},
    "input_hashes": {"article_id": "articles"},  # schema 0008
}
_NUMBERED = ("articles", "suggestions", "spans")  # tables whose ids are shifted past the target's
_COPIED = tuple(_ID_COLUMNS)
# An import may wait for another writer much longer than a review key would:
# giving up after 5 s would throw away minutes of staging.
PUBLISH_WAIT_MS = 120_000


@dataclass
class Published:
    articles: int  # articles added to the target
    dupes: int  # staged articles the target already had (another import was faster)
    spans: int  # spans those articles brought
    created: bool  # the target did not exist and is the staging file


def staging_path(target: Path) -> Path:
    """A fresh, hidden name beside ``target`` (same file system, so it can be linked)."""
    import uuid

    return target.parent / f".{target.name}.import-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def open_staging(path: Path) -> Store:
    """A new staging database, set for one bulk load.

    Its rollback journal is kept in memory: in WAL mode every page of the load
    went through the -wal file and was copied again into the database when it
    closed (a tenth of an import's time).  Nothing is lost by it: a staging
    file is thrown away unless its one transaction committed, and the commit
    still reaches the disk (``synchronous`` is unchanged) before ``publish``
    can link the file in as the target.
    """
    store = Store(path, create=True)
    try:
        store.conn.execute("PRAGMA journal_mode = MEMORY")
    except BaseException:
        store.close()
        raise
    return store


def remove_staging(path: Path) -> None:
    """Remove a staging database (only ever one this process created)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _counts(conn: sqlite3.Connection, schema: str = "main") -> tuple[int, int]:
    return (conn.execute(f"SELECT count(*) FROM {schema}.articles").fetchone()[0],
            conn.execute(f"SELECT count(*) FROM {schema}.spans").fetchone()[0])


def publish(staged: Path, target: Path) -> Published:
    """Make the staged articles part of ``target`` (see the module doc).

    ``staged`` must be closed.  On success the staging file is gone or may be
    removed; on failure the target is as it was.
    """
    if not target.exists() and not Path(f"{staged}-wal").exists():
        conn = sqlite3.connect(str(staged))
        try:
            # in WAL mode as every database of ours (open_staging left it without)
            conn.execute("PRAGMA journal_mode = WAL")
            n_articles, n_spans = _counts(conn)
        finally:
            conn.close()
        _fsync(staged)  # on the disk before it is the target, whatever journal mode loaded it
        try:
            os.link(staged, target)
        except FileExistsError:
            pass  # another import created it first: copy into theirs
        except OSError:
            pass  # no hard links on this file system: create and copy
        else:
            Path(staged).unlink(missing_ok=True)
            return Published(n_articles, 0, n_spans, True)
    with Store(target, create=True) as main:
        main.conn.execute(f"PRAGMA busy_timeout = {int(PUBLISH_WAIT_MS)}")
        return _copy_into(main, staged)


def _copy_into(main: Store, staged: Path) -> Published:
    conn = main.conn
    conn.execute("ATTACH DATABASE ? AS stage", (str(staged),))
    try:
        others = {r[0] for r in conn.execute("SELECT name FROM stage.sqlite_master WHERE type='table'")}
        for table in others - set(_COPIED) - {"meta", "migrations", "sqlite_sequence"}:  # schema records, not data
            if conn.execute(f'SELECT 1 FROM stage."{table}" LIMIT 1').fetchone():
                raise SchemaError(f"staged import holds rows in {table}, which publishing does not copy")
        with main.transaction():
            conn.execute("DROP TABLE IF EXISTS temp.zs_publish")
            conn.execute(
                "CREATE TEMP TABLE zs_publish AS SELECT id FROM stage.articles"
                " WHERE sha256 NOT IN (SELECT sha256 FROM main.articles)"
            )
            # Past every id the table ever gave, not only those left: a deleted
            # span's id stays its own (undo puts it back; schema 0003).
            offsets = {t: max(conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{t}").fetchone()[0],
                              conn.execute("SELECT coalesce(max(seq), 0) FROM main.sqlite_sequence WHERE name=?",
                                           (t,)).fetchone()[0]) for t in _NUMBERED}
            staged_articles = conn.execute("SELECT count(*) FROM stage.articles").fetchone()[0]
            before_spans = conn.execute("SELECT count(*) FROM main.spans").fetchone()[0]
            for table in _COPIED:
                cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
                staged_cols = {r[1] for r in conn.execute(f"PRAGMA stage.table_info({table})")}
                if set(cols) != staged_cols:
                    raise SchemaError(f"staged import and {main.path} disagree on the columns of {table}")
                shift = _ID_COLUMNS[table]
                select = ", ".join(f'"{c}" + {offsets[shift[c]]}' if c in shift else f'"{c}"' for c in cols)
                key = "id" if table == "articles" else "article_id"
                # a derived row left by an article deleted by hand gives way (Store._hash_texts)
                verb = "INSERT OR REPLACE" if table == "input_hashes" else "INSERT"
                conn.execute(
                    f"{verb} INTO main.{table} ({', '.join(chr(34) + c + chr(34) for c in cols)})"
                    f" SELECT {select} FROM stage.{table} WHERE {key} IN (SELECT id FROM temp.zs_publish)"
                    f" ORDER BY {'id' if 'id' in cols else 'article_id'}"
                )
            added = conn.execute("SELECT count(*) FROM temp.zs_publish").fetchone()[0]
            spans = conn.execute("SELECT count(*) FROM main.spans").fetchone()[0] - before_spans
            conn.execute("DROP TABLE temp.zs_publish")
    finally:
        conn.execute("DETACH DATABASE stage")
    return Published(added, staged_articles - added, spans, False)
