"""`zs-tui export` through click (CliRunner): where the export and the summary go, refusals."""
from __future__ import annotations

import json

from click.testing import CliRunner
from review_pair import two_annotators

from zs_tui.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_export_to_standard_output_keeps_the_summary_on_stderr(reviewed_db):
    db, _ = reviewed_db
    r = run("export", "--db", db)
    assert r.exit_code == 0
    (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert rec["answer"] == "accept" and rec["spans"]
    assert r.stderr.startswith("exported 1 article(s) (status done)")


def test_export_to_a_file_says_where(reviewed_db, tmp_path):
    db, _ = reviewed_db
    out = tmp_path / "g.conll"
    r = run("export", "--db", db, "--format", "conll", "--scheme", "bio", "-o", out, "--status", "any")
    assert r.exit_code == 0 and r.stdout.strip().endswith(f"as conll to {out}")
    assert out.read_text("utf-8").splitlines()[0].split(" ")[1] in ("O", "B-LOC", "B-DATE", "B-ORG", "B-COMPANY")


def test_bad_choices_and_refusals_exit_2(reviewed_db, tmp_path):
    db, _ = reviewed_db
    r = run("export", "--db", db, "--format", "xml")
    assert r.exit_code == 2 and "xml" in r.stderr
    r = run("export", "--db", db, "--scheme", "bmes")
    assert r.exit_code == 2 and r.stderr.strip() == "error: --scheme applies to --format conll only"
    r = run("export", "--db", db, "-o", db)
    assert r.exit_code == 2 and "is the database" in r.stderr


def test_layer_picks_whose_spans_are_exported_and_an_unknown_one_writes_nothing(db_path, tmp_path):
    two_annotators(db_path)  # ann kept 徐州铜山 LOC, bob rejected it
    for who, n in (("ann", 6), ("bob", 5)):
        r = run("export", "--db", db_path, "--layer", who)
        assert r.exit_code == 0, r.stderr
        (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
        assert len(rec["spans"]) == n
        assert ("徐州铜山" in [rec["text"][s["start"]:s["end"]] for s in rec["spans"]]) == (who == "ann")
        assert r.stderr.startswith(f"exported 1 article(s) (status done, layer {who}), {n} span(s)")
    out = tmp_path / "g.jsonl"
    for args in ((), ("--layer", "zoe")):  # two layers and no adjudicated one: which is the gold is asked
        r = run("export", "--db", db_path, "-o", out, *args)
        assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "ann, bob)" in r.stderr, args
        assert "nothing was exported" in r.stderr and not out.exists()
