"""`zs-tui stats` through click (CliRunner): table, --json, --db before the command."""
from __future__ import annotations

import json

from click.testing import CliRunner
from review_data import seed_store

from zs_tui.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_stats_json_and_table(db_path):
    seed_store(db_path, articles=2).close()
    r = run("stats", "--db", db_path, "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["articles"] == 2
    r = run("stats", "--db", db_path)
    assert r.exit_code == 0 and "2 article(s)" in r.stdout and "Spans per label" in r.stdout


def test_db_given_before_the_command_is_the_commands_database(db_path, tmp_path, monkeypatch):
    seed_store(db_path, articles=3).close()
    monkeypatch.chdir(tmp_path / "..")  # no annotations.db here: the wrong database would fail
    r = run("--db", db_path, "stats", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["articles"] == 3


def test_a_review_option_before_a_command_is_refused(db_path):
    seed_store(db_path).close()
    r = run("--annotator", "bob", "stats", "--db", db_path)
    assert r.exit_code == 2 and "only the review app takes --annotator" in r.stderr


def test_a_missing_database_is_one_error_line_exit_2(tmp_path):
    r = run("stats", "--db", tmp_path / "none.db")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("error: no database at") and r.stderr.count("\n") == 1
    assert "Traceback" not in r.stderr and not (tmp_path / "none.db").exists()
