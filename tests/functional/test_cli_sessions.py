"""`zs-tui sessions` through click (CliRunner): the table, --json, --export to a file or stdout."""
from __future__ import annotations

import json

from click.testing import CliRunner

from zs_tui.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_table_and_json(reviewed_db):
    db, sid = reviewed_db
    r = run("sessions", "--db", db)
    assert r.exit_code == 0 and sid in r.stdout and "alice" in r.stdout
    r = run("sessions", "--db", db, "--json")
    assert r.exit_code == 0 and sid in [s["id"] for s in json.loads(r.stdout)]


def test_export_to_stdout_is_the_session_file_only(reviewed_db):
    db, sid = reviewed_db
    r = run("sessions", "--db", db, "--export", sid)
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.exit_code == 0 and lines[0]["type"] == "session" and lines[0]["id"] == sid
    assert {rec["type"] for rec in lines[1:]} == {"event"}


def test_export_of_an_unknown_session_exits_2_with_the_hint(reviewed_db, tmp_path):
    db, _ = reviewed_db
    r = run("sessions", "--db", db, "--export", "nope", "-o", tmp_path / "s.jsonl")
    assert r.exit_code == 2
    assert r.stderr.strip() == f"error: no session 'nope' in {db} (`zs-tui sessions --db {db}` lists them)"
