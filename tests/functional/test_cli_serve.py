"""`zs-tui serve` through click (CliRunner), refusals and help only: nothing
here starts a server (one that does: tests/test_serve.py)."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from review_data import seed_store

from zs_tui.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("port", ["0", "65536"])
def test_a_bad_port_is_one_message_line_exit_2_and_the_database_is_untouched(db_path, port):
    seed_store(db_path).close()
    raw = db_path.read_bytes()
    r = run("serve", "--db", db_path, "--port", port)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"error: --port {port}: a port is a number from 1 to 65535\n"
    assert db_path.read_bytes() == raw


def test_a_port_that_is_not_a_number_is_a_usage_error(db_path):
    seed_store(db_path).close()
    r = run("serve", "--db", db_path, "--port", "http")
    assert r.exit_code == 2 and "'http' is not a valid integer" in r.stderr and "Traceback" not in r.stderr


def test_help_shows_the_defaults_this_machine_only_and_port_8000():
    r = run("serve", "--help")
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())  # click wraps the help
    assert "[default: 127.0.0.1]" in text and "[default: 8000]" in text
    assert "0.0.0.0 only on a network you trust" in text


def test_a_missing_database_is_refused_and_not_created(tmp_path):
    # port 0 too: were the database not checked first, no server could start either
    r = run("serve", "--db", tmp_path / "none.db", "--port", "0")
    assert r.exit_code == 2 and r.stderr.startswith("error: no database at") and r.stderr.count("\n") == 1
    assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_database_is_refused(tmp_path):
    db = tmp_path / "a.db"
    seed_store(db).close()
    db.chmod(0o444)
    try:
        r = run("serve", "--db", db)
        assert r.exit_code == 2 and "is read-only" in r.stderr and r.stderr.count("\n") == 1
    finally:
        db.chmod(0o644)
