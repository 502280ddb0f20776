"""`zs-tui train` through click (CliRunner): what it refuses before any training."""
from __future__ import annotations

from click.testing import CliRunner

from zs_tui.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_db_and_default_exclude_each_other(tmp_path):
    r = run("train", "--db", tmp_path / "a.db", "--default")
    assert r.exit_code == 2 and "--db and --default exclude each other" in r.stderr
    assert not (tmp_path / "a.db").exists()


def test_bad_folds_and_a_missing_database_exit_2(tmp_path):
    r = run("train", "--folds", "x")
    assert r.exit_code == 2 and "--folds" in r.stderr
    r = run("train", "--folds", "-1")
    assert r.exit_code == 2 and r.stderr.strip() == "error: --folds must be 0 or more"
    r = run("train", "--db", tmp_path / "none.db", "--folds", "0")
    assert r.exit_code == 2 and "no database" in r.stderr and r.stdout == ""
