"""`zs-tui suggest` and `zs-tui resuggest` through click (CliRunner)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from zs_tui.cli import cli
from zs_tui.storage import Store

TEXT = "据了解,青禾集团计划在当地投资12亿元建设新材料基地。"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_suggest_prints_json_lines_and_exits_1_when_a_file_was_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    r = run("suggest", tmp_path / "a.txt")
    assert r.exit_code == 0
    (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert (15, 19, "MONEY") in {(s["start"], s["end"], s["label"]) for s in rec["spans"]}
    r = run("suggest", tmp_path / "a.txt", tmp_path / "none.txt")
    assert r.exit_code == 1 and len(r.stdout.splitlines()) == 1 and "skipped: " in r.stderr
    r = run("suggest")
    assert r.exit_code == 2 and "PATH" in r.stderr


def test_resuggest_then_nothing_to_do(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    db = tmp_path / "a.db"
    assert run("import", tmp_path / "a.txt", "--db", db, "--no-suggest").exit_code == 0
    r = run("resuggest", "--db", db, "--jobs", "1")
    assert r.exit_code == 0 and r.stdout.startswith(f"resuggested 1 article(s) in {db}")
    with Store(db) as st:
        assert st.suggestions(st.article_ids()[0])
    r = run("resuggest", "--db", db)
    assert r.exit_code == 0 and r.stdout.startswith("nothing to do")
    r = run("resuggest", "--db", tmp_path / "none.db")
    assert r.exit_code == 2 and "no database" in r.stderr
