"""A review app whose terminal goes away leaves, and loses nothing.

Seen before the fix: the pty's master closed (no SIGHUP: the app runs in a
session of its own, as under nohup or a dropped SSH multiplexer) and the app
spun a core for 17 minutes, Textual's input thread reading end-of-file in a
loop.  Now it exits (code 129) within seconds with a message, every
acknowledged action committed, a key kept for a busy database saved or
reported.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from pty_app import AppTerminal, Deadline, wait_exit
from review_data import seed_store

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs a pty and /proc")

EXIT_WITHIN = 15.0  # seconds it could run (see Deadline); an idle app leaves in about one


def read(db, sql: str) -> list[tuple]:  # noqa: ANN001
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_idle(term: AppTerminal, timeout: float = 90) -> None:
    """Until the app's start-up work (dictionaries loaded off the UI thread) is over."""
    deadline = Deadline(term.proc.pid, timeout)
    last = cpu_ticks(term.proc.pid)
    while not deadline.passed():
        time.sleep(0.5)
        now = cpu_ticks(term.proc.pid)
        if now - last <= 2:
            return
        last = now
    raise AssertionError(f"the app never went idle ({deadline})")


def wait_for(term: AppTerminal, cond, timeout: float = 30) -> None:  # noqa: ANN001
    """Until ``cond()``: what the app was told to do is in the database."""
    deadline = Deadline(term.proc.pid, timeout)
    while not cond():
        if deadline.passed():
            raise AssertionError(f"timed out after {deadline}")
        time.sleep(0.02)


def test_terminal_closed_without_a_hangup_signal_ends_the_app(db_path, tmp_path):
    seed_store(db_path, articles=2).close()
    log = tmp_path / "review.log"
    with open(log, "wb") as out:
        term = AppTerminal(db_path, stdout=out.fileno())  # `zs-tui review > review.log`
    try:
        term.wait_for_output(b"Accept")
        wait_idle(term)
        term.send("a")
        wait_for(term, lambda: read(db_path, "SELECT count(*) FROM events WHERE action='accept'") == [(1,)])
        term.send("x")
        wait_for(term, lambda: read(db_path, "SELECT count(*) FROM events WHERE action='reject'") == [(1,)])
        acknowledged = read(db_path, "SELECT id, action FROM events ORDER BY id")
        term.hang_up()
        code = wait_exit(term.proc, EXIT_WITHIN)
    finally:
        term.kill()
    assert code == 129, log.read_text(errors="replace")
    said = log.read_text(encoding="utf-8")
    assert "the terminal went away" in said and "every action before it was saved" in said, said
    assert "Traceback" not in said
    assert read(db_path, "SELECT id, action FROM events ORDER BY id") == acknowledged
    assert read(db_path, "SELECT count(*) FROM sessions WHERE ended_at IS NULL") == [(0,)]  # closed as by q


def test_a_hangup_signal_ends_the_app_with_a_message(db_path):
    seed_store(db_path, articles=2).close()
    term = AppTerminal(db_path)
    try:
        term.wait_for_output(b"Accept")
        wait_idle(term)
        term.send("a")
        wait_for(term, lambda: read(db_path, "SELECT count(*) FROM events WHERE action='accept'") == [(1,)])
        os.kill(term.proc.pid, signal.SIGHUP)
        code = wait_exit(term.proc, EXIT_WITHIN)
        time.sleep(0.2)  # the last output drained
    finally:
        term.kill()
    assert code == 129
    assert b"the terminal went away (hangup signal" in term.output
    assert b"Traceback" not in term.output
    assert read(db_path, "SELECT action FROM events WHERE action != 'suggest'") == [("accept",)]


@pytest.mark.parametrize("lock", ["released while the app leaves", "held"])
def test_a_key_kept_for_a_busy_database_is_saved_or_reported(db_path, tmp_path, lock):
    import threading

    seed_store(db_path, articles=2).close()
    log = tmp_path / "review.log"
    with open(log, "wb") as out:
        term = AppTerminal(db_path, stdout=out.fileno())
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0, check_same_thread=False)
    try:
        term.wait_for_output(b"Accept")
        wait_idle(term)
        other.execute("BEGIN IMMEDIATE")  # another program writing, e.g. an import publishing
        term.send("a")
        term.wait_for_output(b"kept")
        if lock != "held":
            threading.Timer(1.0, lambda: other.execute("ROLLBACK")).start()
        term.hang_up()
        code = wait_exit(term.proc, EXIT_WITHIN)
    finally:
        term.kill()
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    said = log.read_text(encoding="utf-8")
    assert code == 129, said
    accepted = read(db_path, "SELECT count(*) FROM events WHERE action='accept'")
    if lock == "held":
        assert accepted == [(0,)]
        assert "the last key (accept) was NOT saved: the database stayed busy" in said, said
    else:
        assert accepted == [(1,)]
        assert "NOT saved" not in said and "every action before it was saved" in said, said

