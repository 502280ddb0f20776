"""Live screens: what another reviewer (another process on the same database)
changes shows on the screen without a key, and a key pressed on what the
screen showed before that change is refused, never applied.

The other reviewer is a ReviewSession on its own connection, as a second
`zs-tui review` (or a browser tab of `zs-tui serve`) would be.
"""
from __future__ import annotations

import sqlite3
import time

import pytest
from review_data import seed_store

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_list import ArticleList
from zs_tui.ui.article_view import ArticleView
from zs_tui.ui.review_screen import ReviewScreen


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one("#message").render())


def db(path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def other_reviewer(path, article_id: int = 1, annotator: str = "ann") -> tuple[Store, ReviewSession]:
    """Another terminal on the database: by default ann's own second terminal
    (each annotator has a layer of their own, so only ann's changes change
    what ann's screen shows)."""
    store = Store(path)
    session = ReviewSession(store, annotator, DEFAULT_LABELS)
    session.open(article_id)
    return store, session


async def wait_until(pilot, pred, timeout: float = 5.0) -> float:  # noqa: ANN001
    """Seconds until ``pred()`` held, no key pressed meanwhile."""
    t0 = time.monotonic()
    while not pred():
        assert time.monotonic() - t0 < timeout, "the screen never showed the other reviewer's change"
        await pilot.pause(0.02)
    return time.monotonic() - t0


def test_data_version_moves_with_other_connections_commits_only(db_path):
    a = seed_store(db_path)
    seen = a.data_version()
    bob_store, bob = other_reviewer(db_path)
    a.save_position("ann", 1, None)  # a write of its own: not a change from elsewhere
    assert a.data_version() != seen  # bob's session row was committed by another connection
    seen = a.data_version()
    a.save_position("ann", 1, None)
    assert a.data_version() == seen
    assert bob.accept().ok
    assert a.data_version() != seen
    bob_store.close()
    a.close()


async def test_another_reviewers_decision_shows_within_a_second_without_a_key(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        first = app.session.current_span
        view = app.screen.query_one(ArticleView)
        assert str(view.border_subtitle).startswith("0/6 decided")
        bob_store, bob = other_reviewer(db_path)
        assert bob.reject().ok and bob.spans[0].id == first.id
        took = await wait_until(pilot, lambda: str(view.border_subtitle).startswith("1/6 decided"))
        assert took < 1.5  # a poll every 0.5 s; slack for a loaded machine
        assert next(s for s in app.session.spans if s.id == first.id).state == "rejected"
        assert "article 1 was changed by another reviewer" in message(app)
        bob_store.close()
    store.close()


@pytest.mark.parametrize("change", ["reject", "relabel", "remove", "done"])
async def test_a_key_on_what_another_reviewer_changed_meanwhile_is_refused(db_path, monkeypatch, change):
    monkeypatch.setattr(ReviewScreen, "LIVE_POLL_S", 3600.0)  # the key comes before the screen's next look
    store = seed_store(db_path)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        if change == "remove":
            await pilot.press("j")  # ann on the second span
        first = app.session.current_span
        bob_store, bob = other_reviewer(db_path)
        if change == "reject":
            assert bob.reject().ok
        elif change == "relabel":
            assert bob.set_label(1).ok  # ORG
        elif change == "remove":  # bob merges the first span with the second: ann's span is gone
            assert bob.merge().ok
            assert all(s.id != first.id for s in bob.spans)
        else:
            assert bob.accept_all().ok and bob.done().ok
        theirs = db(db_path, 'SELECT id, start, "end", label, state FROM spans WHERE layer=? ORDER BY start, id', "ann")
        await pilot.press("a")
        assert message(app).startswith("refused: another reviewer changed this article meanwhile")
        assert db(db_path, "SELECT count(*) FROM events WHERE session_id=?", app.session.session_id) == [(0,)]
        assert db(db_path, 'SELECT id, start, "end", label, state FROM spans WHERE layer=? ORDER BY start, id', "ann") == theirs
        # the screen now shows the article as the other reviewer left it
        assert [(s.id, s.start, s.end, s.label, s.state) for s in app.session.spans] == theirs
        if change == "relabel":
            assert app.session.current_span.id == first.id and app.session.current_span.label == "ORG"
            await pilot.press("x")  # a key on what is shown now is applied
            assert db(db_path, "SELECT action FROM events WHERE session_id=?", app.session.session_id) == [("reject",)]
        bob_store.close()
    store.close()


async def test_work_elsewhere_refreshes_the_list_and_queue_but_refuses_nothing(db_path):
    store = seed_store(db_path, articles=4)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        lst = app.screen.query_one(ArticleList)
        assert lst.display and "0/6" in lst.render_line(1).text
        bob_store, bob = other_reviewer(db_path, article_id=2, annotator="bob")
        assert bob.accept_all().ok and bob.done().ok  # article 2 is done by bob, whose screen moves on to 3
        assert bob.article is not None and bob.article.id == 3
        await pilot.press("a")  # on article 1, which bob did not touch: applied at once
        assert db(db_path, "SELECT action FROM events WHERE annotator='ann'") == [("accept",)]
        took = await wait_until(pilot, lambda: "✓" in lst.render_line(1).text and "6/6" in lst.render_line(1).text)
        assert took < 1.5  # a poll every 0.5 s; slack for a loaded machine
        assert "1/4 done" in str(app.screen.query_one("#pace").render())  # the corpus's progress: bob's done counts
        await pilot.press("A", "d")  # article 1 done: the next to review is 4, bob finished 2 and is on 3
        assert app.session.article.id == 4, message(app)
        assert "2/4 done" in str(app.screen.query_one("#pace").render())
        bob_store.close()
    store.close()


async def test_another_annotators_work_in_their_layer_of_the_same_article_changes_nothing_on_screen(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        mine = [(s.id, s.start, s.end, s.label, s.state) for s in app.session.spans]
        first = app.session.current_span
        bob_store, bob = other_reviewer(db_path, article_id=1, annotator="bob")  # bob's own copy of article 1
        assert all(s.id not in {m[0] for m in mine} for s in bob.spans)
        assert bob.reject().ok and bob.set_label(1).ok and bob.merge().ok
        assert bob.accept_all().ok and bob.done().ok
        await pilot.pause(1.2)  # two polls of the screen: they see bob's commits
        assert "changed by another reviewer" not in message(app)
        assert [(s.id, s.start, s.end, s.label, s.state) for s in app.session.spans] == mine
        assert str(app.screen.query_one(ArticleView).border_subtitle).startswith("0/6 decided")
        await pilot.press("a")  # not refused: bob changed his layer, not ann's
        assert not message(app).startswith("refused")
        assert db(db_path, "SELECT action FROM events WHERE session_id=?", app.session.session_id) == [("accept",)]
        ann_now = db(db_path, 'SELECT id, start, "end", label, state FROM spans WHERE layer=? ORDER BY start, id', "ann")
        assert ann_now == [(i, a, b, lab, "accepted" if i == first.id else st) for i, a, b, lab, st in mine]
        assert app.session.article.status == "in_progress"  # bob's done is bob's
        bob_store.close()
    store.close()
