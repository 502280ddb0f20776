"""`zs-tui agreement` through click (CliRunner): the table, --json, refusals."""
from __future__ import annotations

import json

from click.testing import CliRunner
from review_pair import two_annotators

from zs_tui.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_table_names_the_pair_its_figures_and_the_disagreement(db_path):
    two_annotators(db_path)
    r = run("agreement", "--db", db_path)
    assert r.exit_code == 0 and r.stderr == ""
    assert "ann / bob: 1 article(s) both finished" in r.stdout
    assert "0.909" in r.stdout  # strict micro F1, 10/11
    assert "only ann: 1" in r.stdout and "article 1: ann LOC '徐州铜山'" in r.stdout and "bob nothing" in r.stdout


def test_json_is_the_library_result(db_path):
    two_annotators(db_path)
    r = run("--db", db_path, "agreement", "--json")
    assert r.exit_code == 0
    (pair,) = json.loads(r.stdout)["pairs"]
    assert pair["micro"]["strict_matched"] == 5


def test_a_file_that_is_no_database_is_one_error_line_exit_2(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"just some text, not sqlite" * 20)
    raw = junk.read_bytes()
    r = run("agreement", "--db", junk)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert junk.read_bytes() == raw
