"""The annotator prompt: a review app started without a name (each browser tab
of ``zs-tui serve``) asks for one before anything is written."""
from __future__ import annotations

import sqlite3

from review_data import seed_store

from zs_tui.review.annotator import annotator_problem
from zs_tui.ui.annotator_prompt import AnnotatorPrompt
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.review_screen import ReviewScreen


def sessions(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT annotator FROM sessions").fetchall()
    finally:
        conn.close()


async def test_the_prompt_refuses_an_empty_name_then_reviews_as_the_name_typed(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, None, clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, AnnotatorPrompt)
        await pilot.press("space", "enter")
        assert "empty" in str(app.screen.query_one("#prompt-error").render())
        assert isinstance(app.screen, AnnotatorPrompt) and sessions(db_path) == []
        await pilot.press("backspace", *"Wu Fen", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert sessions(db_path) == [("Wu Fen",)]
        await pilot.press("a")  # keys now review: the first suggestion is accepted under that name
        assert app.session.annotator == "Wu Fen"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT annotator, action FROM events").fetchall() == [("Wu Fen", "accept")]
    assert conn.execute("SELECT ended_at IS NOT NULL FROM sessions").fetchall() == [(1,)]
    conn.close()
    store.close()


async def test_quitting_at_the_prompt_writes_nothing(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"ann")
        await app.action_quit()
    assert sessions(db_path) == []
    store.close()


def test_a_name_must_say_who_and_never_drive_the_terminal():
    assert annotator_problem("李四") is None
    assert annotator_problem("Anna Lee") is None
    assert "empty" in annotator_problem("  ")
    assert "control" in annotator_problem("ann\x1b]0;x\x07")
    assert "control" in annotator_problem("ann\udcff")
    assert "longer" in annotator_problem("x" * 65)
    assert "space" in annotator_problem(" ann")


async def test_a_name_entered_while_another_program_holds_the_lock_is_kept_on_the_prompt(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, None)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    async with app.run_test(size=(120, 40)) as pilot:
        blocker.execute("BEGIN IMMEDIATE")  # an import publishing, say
        await pilot.press(*"ann", "enter")
        assert isinstance(app.screen, AnnotatorPrompt)
        assert "cannot start a review session: database busy" in str(app.screen.query_one("#prompt-error").render())
        blocker.execute("ROLLBACK")
        await pilot.press("enter")  # the name is still typed: enter again once the lock is gone
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.session.annotator == "ann"
    blocker.close()
    assert sessions(db_path) == [("ann",)]
    store.close()
