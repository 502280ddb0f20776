"""`zs_tui.cli.browser` as library calls, without starting a server: the checks made
before it listens and the command each browser tab runs (a real server:
tests/test_serve.py)."""
from __future__ import annotations

import shlex
import socket
import sys

import pytest
from review_data import seed_store

from zs_tui.cli.browser import check_address, check_database, child_command, public_url, serve
from zs_tui.errors import ZsError


def test_a_port_in_use_is_refused_and_a_free_one_is_left_free():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(ZsError) as e:
            check_address("127.0.0.1", port)
    assert e.value.exit_code == 2 and f"port {port} on 127.0.0.1 is in use by another program" in str(e.value)
    check_address("127.0.0.1", port)  # closed now: free again
    with socket.socket() as s:  # the check did not keep it
        s.bind(("127.0.0.1", port))


@pytest.mark.parametrize("port", [0, -5, 65536])
def test_a_port_out_of_range_is_refused(port):
    with pytest.raises(ZsError, match=f"--port {port}: a port is a number from 1 to 65535"):
        check_address("127.0.0.1", port)


def test_a_host_that_is_not_this_machine_is_refused():
    with pytest.raises(ZsError, match="--host 'no-such-host.invalid': not an address of this machine"):
        check_address("no-such-host.invalid", 8000)


def test_the_database_is_checked_once_for_every_tab(tmp_path, monkeypatch):
    db = tmp_path / "a.db"
    seed_store(db).close()
    monkeypatch.chdir(tmp_path)
    assert check_database("a.db") == db.resolve()  # absolute: what the tabs are given
    with pytest.raises(ZsError, match="no database"):
        check_database(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"plain text, not sqlite" * 30)
    with pytest.raises(ZsError, match="not an SQLite database"):
        check_database(junk)


def test_each_tab_runs_the_review_app_on_the_database_asking_the_annotator(tmp_path):
    db = tmp_path / "my data" / "team's.db"  # a space and a quote: the shell must get one argument
    argv = shlex.split(child_command(db))
    assert argv[0] == "exec" and argv[1] == sys.executable
    assert argv[2:] == ["-m", "zs_tui.cli.browser", "--db", str(db), "--ask-annotator"]


def test_the_page_connects_back_to_an_address_a_browser_can_reach():
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 9000) == "http://[::1]:9000"
    assert "0.0.0.0" not in public_url("0.0.0.0", 8000)


def test_serve_refuses_before_listening_and_changes_nothing(tmp_path):
    db = tmp_path / "a.db"
    seed_store(db).close()
    raw = db.read_bytes()
    with pytest.raises(ZsError, match="from 1 to 65535"):
        serve(db, "127.0.0.1", 0)
    with pytest.raises(ZsError, match="no database"):
        serve(tmp_path / "none.db", "127.0.0.1", 8000)
    assert db.read_bytes() == raw and sorted(p.name for p in tmp_path.iterdir()) == ["a.db"]
