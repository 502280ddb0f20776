"""Registered migrations: a fresh database runs them all, an old one (the
schema-1 database in tests/fixtures/v1.db, written by zs_tui before the
migrations had names) runs those it lacks, in one transaction."""
from __future__ import annotations

import shutil
import sqlite3
from dataclasses import fields
from pathlib import Path

import pytest

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import SCHEMA_VERSION, Article, SchemaError, Span, Store, schema

V1 = Path(__file__).parents[1] / "fixtures" / "v1.db"


@pytest.fixture
def v1(tmp_path) -> Path:
    path = tmp_path / "old.db"
    shutil.copyfile(V1, path)
    return path


def layout(path: Path) -> list[tuple]:
    """Everything the schema is made of: tables, columns, indexes, triggers."""
    c = sqlite3.connect(path)
    try:
        master = sorted((t, n, " ".join(sql.split())) for t, n, sql in c.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        cols = [(name, tuple(r[1:])) for kind, name, _ in master if kind == "table"
                for r in c.execute(f"PRAGMA table_info({name})")]
        return [*master, *cols]
    finally:
        c.close()


def read(path: Path, sql: str) -> list[tuple]:
    c = sqlite3.connect(path)
    try:
        return c.execute(sql).fetchall()
    finally:
        c.close()


def test_the_fixture_is_a_schema_1_database_without_named_migrations():
    assert read(V1, "SELECT value FROM meta WHERE key='schema_version'") == [("1",)]
    assert not read(V1, "SELECT name FROM sqlite_master WHERE name='migrations'")


def test_a_v1_database_opens_migrates_and_keeps_its_review(v1):
    with Store(v1) as st:
        assert st.version == SCHEMA_VERSION
        assert schema.applied_migrations(st.conn) == [m.name for m in schema.MIGRATIONS]
        assert {a: st.article(a).status for a in st.article_ids()} == {1: "done", 2: "skipped", 3: "todo"}
        assert [e["action"] for e in st.events()] == ["accept", "reject", "label", "accept_all", "done", "skip"]
        assert st.sessions()[0]["annotator"] == "v1-reviewer"
        # and it is reviewable: the next article to do is the one left
        s = ReviewSession(st, "v1-reviewer", DEFAULT_LABELS)
        s.resume()
        assert s.article is not None and s.article.id == 3
        assert s.accept().ok
    assert read(v1, "SELECT value FROM meta WHERE key='schema_version'") == [(str(SCHEMA_VERSION),)]


def test_a_fresh_database_and_a_migrated_v1_one_have_the_same_schema(v1, tmp_path):
    Store(v1).close()
    fresh = tmp_path / "fresh.db"
    Store(fresh).close()
    assert layout(fresh) == layout(v1)
    names = [m.name for m in schema.MIGRATIONS]
    assert [r[0] for r in read(fresh, "SELECT name FROM migrations ORDER BY name")] == names
    assert [r[0] for r in read(v1, "SELECT name FROM migrations ORDER BY name")] == names


def test_the_column_lists_are_the_tables_the_migrations_build(tmp_path):
    Store(tmp_path / "fresh.db").close()
    tables = {r[0] for r in read(tmp_path / "fresh.db", "SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables - {"sqlite_sequence"} == set(schema.COLUMNS)
    for table, cols in schema.COLUMNS.items():
        assert tuple(r[1] for r in read(tmp_path / "fresh.db", f"PRAGMA table_info({table})")) == cols, table


def test_typed_rows_hold_the_columns_of_their_table():
    assert tuple(f.name for f in fields(Article)) == schema.COLUMNS["articles"]
    assert set(f.name for f in fields(Span)) <= set(schema.COLUMNS["spans"])
    with pytest.raises(KeyError, match="spans has no column colour"):
        schema.columns("spans", "start", "colour")


def test_a_failing_migration_leaves_the_old_database_as_it_was(v1, monkeypatch):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done(x)")
        conn.execute("SELECT no_such_function()")

    steps = (*schema.MIGRATIONS, schema.Migration("0099_broken", broken))
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(steps))
    before = v1.read_bytes()
    with pytest.raises(SchemaError, match="migration 0099_broken failed.*not changed"):
        Store(v1)
    assert v1.read_bytes() == before
    assert not read(v1, "SELECT name FROM sqlite_master WHERE name IN ('half_done', 'migrations')")


def test_a_database_naming_a_migration_this_version_lacks_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    with Store(path) as st:
        st.conn.execute("INSERT INTO migrations(name, applied_at) VALUES ('0100_from_the_future', 'x')")
    with pytest.raises(SchemaError, match="newer zs_tui.*0100_from_the_future.*not changed"):
        Store(path)


V3 = Path(__file__).parents[1] / "fixtures" / "v3.db"


def test_the_v3_fixture_is_a_database_at_migration_0003():
    assert [r[0] for r in read(V3, "SELECT name FROM migrations ORDER BY name")] == [
        "0001_initial", "0002_migrations_table", "0003_span_ids_never_reused"]


def test_a_v3_database_opens_at_todays_schema_and_keeps_its_review(tmp_path):
    path = tmp_path / "v3.db"
    shutil.copyfile(V3, path)
    with Store(path) as st:
        assert schema.applied_migrations(st.conn) == [m.name for m in schema.MIGRATIONS]
        assert [e["annotator"] for e in st.events()] == ["ann"] * 6 + ["bob"] * 3
