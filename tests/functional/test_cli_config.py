"""`zs-tui config` through click (CliRunner): what is shown, what a change says, refusals."""
from __future__ import annotations

from click.testing import CliRunner
from review_data import seed_store

from zs_tui.cli import cli
from zs_tui.storage import Store


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_setting_a_value_says_what_was_stored_and_where(db_path):
    seed_store(db_path).close()
    r = run("config", "overlap", "1", "--db", db_path)
    assert r.exit_code == 0 and r.stdout == f"overlap = 1.0 in {db_path}\n" and r.stderr == ""
    r = run("--db", db_path, "config")  # --db before the command
    assert r.exit_code == 0 and r.stdout == "overlap = 1.0\n"


def test_a_refused_value_is_one_error_line_exit_2_and_nothing_changes(db_path):
    seed_store(db_path).close()
    before = db_path.read_bytes()
    for args, words in ((("overlap", "1.5"), "overlap must be from 0 to 1"),
                        # a negative value is refused by the range check, not taken for an option
                        (("overlap", "-1"), "overlap must be from 0 to 1"),
                        (("overlap", "-0.5"), "overlap must be from 0 to 1"),
                        (("colour", "red"), "no setting 'colour'"),
                        (("colour",), "no setting 'colour'")):
        r = run("config", *args, "--db", db_path)
        assert r.exit_code == 2 and r.stdout == "", args
        assert r.stderr.startswith("error: ") and words in r.stderr and r.stderr.count("\n") == 1, r.stderr
        assert "Traceback" not in r.stderr
    assert db_path.read_bytes() == before
    with Store(db_path) as st:
        assert st.setting("overlap") == 0.0


def test_config_of_a_missing_database_creates_nothing(tmp_path):
    r = run("config", "overlap", "0.5", "--db", tmp_path / "none.db")
    assert r.exit_code == 2 and "no database" in r.stderr and r.stdout == ""
    assert not (tmp_path / "none.db").exists()
