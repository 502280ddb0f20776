"""The real app in a pseudo-terminal: SIGKILL loses nothing committed; bare `zs-tui` starts.

The app runs as ``zs-tui review`` would, in its own process and terminal;
keys are written to the terminal, the database is read from outside.
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
import time

import pytest
from pty_app import AppTerminal
from review_data import seed_store

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def read(db, sql: str, args=()) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def wait_until(fn, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while not fn():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.02)


def n_events(db) -> int:
    return read(db, "SELECT count(*) FROM events")[0][0]


@pytest.fixture
def db(db_path):
    seed_store(db_path, articles=2).close()
    return db_path


def test_sigkill_loses_nothing_committed_and_a_restart_resumes_there(db):
    term = AppTerminal(db)
    try:
        term.wait_for_output(b"Accept")
        for k, n in (("a", 1), ("x", 2), ("2", 3)):  # accept, reject, label: one event each
            term.send(k)
            wait_until(lambda n=n: n_events(db) == n)
        term.send("j")  # navigation: only the position is saved
        wait_until(lambda: read(db, "SELECT s.text FROM positions p JOIN spans s ON s.id = p.span_id")
                   == [("铜山",)])
    finally:
        term.kill()
    assert read(db, "PRAGMA integrity_check") == [("ok",)]
    assert [r[0] for r in read(db, "SELECT action FROM events ORDER BY id")] == ["accept", "reject", "label"]
    assert read(db, "SELECT text, label, state FROM spans WHERE article_id=1 AND layer!='' ORDER BY start") == [
        ("徐州铜山", "LOC", "accepted"),
        ("招商引资", "INDUSTRY", "rejected"),
        ("2023年03月18日 14:43:1", "ORG", "accepted"),
        ("徐州日报", "COMPANY", "pending"),
        ("铜山", "LOC", "pending"),
        ("商琦", "PER", "pending"),
    ]
    # the restarted app resumes on the span the killed one showed
    with Store(db, create=False) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        assert (s.article.id, s.current_span.text) == (1, "铜山")


def test_sigkill_in_the_middle_of_a_burst_of_keys_leaves_a_consistent_database(db):
    term = AppTerminal(db)
    try:
        term.wait_for_output(b"Accept")
        term.send("a" * 5 + "d")  # five accepts and done, as fast as a key repeat
        wait_until(lambda: n_events(db) >= 2)
        term.send("a" * 5)
    finally:
        term.kill()  # some of these keys are still in flight
    assert read(db, "PRAGMA integrity_check") == [("ok",)]
    accepts = read(db, "SELECT count(*) FROM events WHERE action='accept'")[0][0]
    assert accepts >= 2
    # every committed event is in the spans, and no span changed without its event
    assert read(db, "SELECT count(*) FROM spans WHERE state='accepted' AND layer!=''")[0][0] == accepts
    # the app opens again on the same database, where it left off
    term = AppTerminal(db)
    try:
        term.wait_for_output(b"Accept")
        term.send("a")
        wait_until(lambda: read(db, "SELECT count(*) FROM events WHERE action='accept'")[0][0] == accepts + 1)
    finally:
        term.kill()


def test_bare_zs_tui_seeds_a_database_and_opens_the_app(tmp_path, seeds_dir):
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    term = AppTerminal(None, cwd=tmp_path)
    try:
        term.wait_for_output(b"Accept")
        term.send("a")
        wait_until(lambda: n_events(tmp_path / "annotations.db") == 1)
    finally:
        term.kill()
