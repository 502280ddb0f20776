"""Cursor moves are committed in bursts, not one commit per key.

Every commit changes SQLite's data_version for every other connection, and
each other screen on the database (a second terminal, ``zs-tui serve``'s
tabs) then reads again what it shows: a reviewer walking spans with j/k
must not make them do that for every key.  The position is still saved
shortly after the moves, and by the app on the way out, so a restart (or a
kill after that) resumes there.
"""
from __future__ import annotations

import time

import pytest
from review_data import seed_store

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.review_screen import ReviewScreen


@pytest.fixture
def store(db_path):
    st = seed_store(db_path, articles=2)
    yield st
    st.close()


def resumed_on(path) -> tuple[int, int | None, int]:
    """Where a restart would resume: the saved article, span and text cursor."""
    with Store(path, create=False) as st:
        pos = st.position("ann")
        return pos["article_id"], pos["span_id"], pos["cursor"]


@pytest.mark.asyncio
async def test_moves_alone_commit_nothing_per_key(store, monkeypatch):
    monkeypatch.setattr(ReviewScreen, "SAVE_MOVES_S", 60.0)  # no timer tick during the burst
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        other = Store(store.path, create=False)  # another screen on the database
        try:
            seen = other.data_version()
            writes: list[str] = []
            store.conn.set_trace_callback(lambda sql: writes.append(sql) if sql.startswith("INSERT INTO positions") else None)
            for key in "jjjjlllkk":
                await pilot.press(key)
            await pilot.pause()
            store.conn.set_trace_callback(None)
            assert writes == [] and other.data_version() == seen  # the other screen has nothing to re-read
            await pilot.press("a")  # an action commits the position with its event
            await pilot.pause()
            assert other.data_version() != seen
            assert resumed_on(store.path) == (app.session.article.id, app.session.current, app.session.cursor)
        finally:
            other.close()


@pytest.mark.asyncio
async def test_moves_are_saved_soon_after_the_burst(store):
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        for key in "jjj":
            await pilot.press(key)
        moved_to = (app.session.article.id, app.session.current, app.session.cursor)
        t0 = time.monotonic()
        while resumed_on(store.path) != moved_to:  # a kill from then on resumes there
            assert time.monotonic() - t0 < 5 * ReviewScreen.SAVE_MOVES_S + 1, "the moves were never saved"
            await pilot.pause(0.05)
        # nothing moved since: no further commit
        other = Store(store.path, create=False)
        try:
            seen = other.data_version()
            await pilot.pause(ReviewScreen.SAVE_MOVES_S * 3)
            assert other.data_version() == seen
        finally:
            other.close()


@pytest.mark.asyncio
async def test_moves_just_before_quitting_are_saved(store):
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        for key in "jjl":
            await pilot.press(key)
        moved_to = (app.session.article.id, app.session.current, app.session.cursor)
        await pilot.press("q")
    assert moved_to[1] is not None
    assert resumed_on(store.path) == moved_to


def test_a_session_without_the_app_saves_each_move_at_once(store):
    """Callers with no timer (scripts, the replay helper) keep the old behaviour."""
    s = ReviewSession(store, "ann", DEFAULT_LABELS)
    s.resume()
    s.move_span(1)
    assert resumed_on(store.path) == (s.article.id, s.current, s.cursor)
    s2 = ReviewSession(store, "ann", DEFAULT_LABELS)
    s2.resume()
    assert s2.current == s.current
