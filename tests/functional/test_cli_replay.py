"""`zs-tui replay` through click (CliRunner), on the frozen corpus and a recorded session."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from zs_tui.cli import cli
from zs_tui.sessions.testing import load_corpus
from zs_tui.storage import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SESSION = FIXTURES / "undo_and_edits.session.jsonl"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_replay_then_a_diverging_replay_exits_1(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as st:
        load_corpus(st, FIXTURES / "corpus.jsonl")
    r = run("replay", SESSION, "--into", db)
    assert r.exit_code == 0 and r.stdout.startswith("replayed 17 event(s) on 1 article(s) of session")
    r = run("replay", SESSION, "--into", db)
    assert r.exit_code == 1 and r.stderr.startswith("error: ") and "already replayed" in r.stderr


def test_into_is_required(tmp_path):
    r = run("replay", SESSION)
    assert r.exit_code == 2 and "--into" in r.stderr
