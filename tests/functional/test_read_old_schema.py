"""Commands that only read (stats, config, export, sessions, agreement, eval)
leave a database of an older schema exactly as it was: a colleague still on
the version that wrote it can go on using it.  They read it through a
migrated temporary copy and print what they print after a migration."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.storage import Store, schema

FIXTURES = Path(__file__).parents[1] / "fixtures"

READS = [
    ["stats"],
    ["stats", "--json"],
    ["config"],
    ["config", "overlap"],
    ["sessions", "list"],
    ["agreement"],
]


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run(args: list[str], db: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    capsys.readouterr()
    code = main([*args, "--db", str(db)])
    return code, capsys.readouterr().out.replace(str(db), "DB")


@pytest.mark.parametrize("fixture", ["v1.db", "v3.db"])
def test_read_commands_leave_an_old_database_unchanged_and_print_what_a_migrated_one_gives(
        tmp_path, capsys, fixture):
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    old, new = old_dir / "a.db", new_dir / "a.db"
    shutil.copyfile(FIXTURES / fixture, old)
    shutil.copyfile(FIXTURES / fixture, new)
    Store(new, create=False).close()  # the same database, migrated in place
    before = files(old_dir)
    for args in READS:
        got, want = run(args, old, capsys), run(args, new, capsys)
        assert got == want, args
    out_old, out_new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    assert main(["export", "--db", str(old), "-o", str(out_old), "--status", "any"]) == 0
    assert main(["export", "--db", str(new), "-o", str(out_new), "--status", "any"]) == 0
    assert out_old.read_bytes() == out_new.read_bytes() and out_old.stat().st_size > 0
    # byte for byte, and no -wal, -shm or journal left beside it
    assert files(old_dir) == before


def test_the_old_database_still_reads_as_its_own_version_afterwards(tmp_path, capsys):
    db = tmp_path / "v3.db"
    shutil.copyfile(FIXTURES / "v3.db", db)
    assert run(["stats", "--json"], db, capsys)[0] == 0
    c = sqlite3.connect(db)
    try:
        names = [r[0] for r in c.execute("SELECT name FROM migrations ORDER BY name")]
    finally:
        c.close()
    assert names == ["0001_initial", "0002_migrations_table", "0003_span_ids_never_reused"]
    assert len(names) < len(schema.MIGRATIONS)


def test_the_temporary_copy_is_gone_after_the_command(tmp_path, capsys, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    db = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "v1.db", db)
    code, out = run(["stats", "--json"], db, capsys)
    assert code == 0 and json.loads(out)
    assert list(scratch.iterdir()) == []


def test_a_command_that_writes_still_migrates_the_database(tmp_path, capsys):
    db = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "v1.db", db)
    assert run(["config", "overlap", "0.5"], db, capsys)[0] == 0
    c = sqlite3.connect(db)
    try:
        assert c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
            str(schema.SCHEMA_VERSION),)
    finally:
        c.close()
