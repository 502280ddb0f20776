"""Learning while reviewing: what the reviewer decides in article A changes
the suggestions of article B, imported together with A, when B is opened."""
from __future__ import annotations

import io

import pytest

from zs_tui.ingest.inputs import make_article
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.sessions.replay import replay
from zs_tui.sessions.session_file import read_session, write_session
from zs_tui.storage import Store
from zs_tui.suggest import SUGGESTER_VERSION, Suggester
from zs_tui.ui.app import ReviewApp

# Written for these tests. "星澜科创" is a coined firm name no rule knows.
ARTICLE_A = "上午,星澜科创负责人到访,双方围绕汽车零部件展开交流。"
ARTICLE_B = "下午,星澜科创再次来访,洽谈汽车零部件合作。"
LABEL = {lab.name: i for i, lab in enumerate(DEFAULT_LABELS)}


def import_both(path) -> Store:
    """Both articles imported at once, before anybody reviewed anything."""
    store = Store(path)
    sug = Suggester()
    for text, name in ((ARTICLE_A, "a.txt"), (ARTICLE_B, "b.txt")):
        store.add_article(make_article(text, name, "utf-8"), sug.suggest(text), SUGGESTER_VERSION)
    return store


def review_a(s: ReviewSession) -> None:
    """Reject the INDUSTRY suggestion, add the firm with a selection, done."""
    assert s.article is not None and s.article.clean == ARTICLE_A
    while s.current_span is None or s.current_span.label != "INDUSTRY":
        s.move_span(1)
    assert s.current_span.text == "汽车零部件"
    assert s.reject().ok
    start = ARTICLE_A.index("星澜科创")
    s.move_cursor(start - s.cursor)
    s.start_selection()
    s.move_cursor(3)
    assert s.set_label(LABEL["COMPANY"]).ok
    while s.pending:
        assert s.accept().ok
    assert s.done().ok


def b_spans(s: ReviewSession) -> set[tuple[str, str, str]]:
    assert s.article is not None and s.article.clean == ARTICLE_B
    return {(x.text, x.label, x.origin) for x in s.visible}


def test_without_learning_b_keeps_its_import_time_suggestions(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        review_a(s)
        spans = b_spans(s)
    assert ("汽车零部件", "INDUSTRY", "suggested") in spans
    assert not any(t == "星澜科创" for t, _, _ in spans)


def test_b_opened_after_a_shows_what_a_taught(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        s.attach_learner(Suggester.from_store(store))
        review_a(s)  # `d` opens B, the next article to review
        spans = b_spans(s)
        assert ("星澜科创", "COMPANY", "learned") in spans
        assert not any(lab == "INDUSTRY" for _, lab, _ in spans)
        # B is not started: new suggestions are not a decision
        assert store.article(s.article.id).status == "todo"
        last = list(store.events(s.session_id))[-1]
        assert last["action"] == "suggest" and last["article_id"] == s.article.id
        assert s.current_span is not None and s.current_span.state == "pending"


def test_a_started_article_is_never_resuggested(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        s.step_article(1)
        assert s.accept().ok  # B is now in progress, with its old suggestions
        s.step_article(-1)
        s.attach_learner(Suggester.from_store(store))
        review_a(s)
        s.open(store.article_ids()[1])
        assert ("汽车零部件", "INDUSTRY", "suggested") in b_spans(s)


def test_a_session_with_new_suggestions_replays_onto_another_database(db_path, tmp_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        s.attach_learner(Suggester.from_store(store))
        review_a(s)
        assert s.accept().ok  # accept the learned firm in B
        buf = io.StringIO()
        write_session(store, s.session_id, buf)
        want = {(x.start, x.end, x.label, x.state, x.origin) for x in store.spans(s.article.id)}
    path = tmp_path / "session.jsonl"
    path.write_text(buf.getvalue(), encoding="utf-8")
    header, events = read_session(path)
    with import_both(tmp_path / "other.db") as other:
        replay(other, header, events)
        b = other.article_ids()[1]
        assert {(x.start, x.end, x.label, x.state, x.origin) for x in other.spans(b)} == want


@pytest.mark.asyncio
async def test_the_app_learns_in_the_background_and_refreshes_the_open_article(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        review_a(s)  # reviewed without learning: B still has its old suggestions
        store.end_session(s.session_id)
        app = ReviewApp(store, "ann", learn=True)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):  # the learner loads in a worker after the first screen
                await pilot.pause(0.05)
                if app.session.learner is not None:
                    break
            await pilot.pause()
            assert ("星澜科创", "COMPANY", "learned") in b_spans(app.session)
            assert "what reviewers taught" in str(app.review_screen.query_one("#message").render())
            await pilot.press("a")  # the learned firm is the current span: one key accepts it
            assert ("星澜科创", "COMPANY", "learned") in {
                (x.text, x.label, x.origin) for x in store.spans(app.session.article.id) if x.state == "accepted"}


class CountingLearner(Suggester):
    calls = 0

    def suggest(self, clean):
        CountingLearner.calls += 1
        return super().suggest(clean)


def test_an_article_is_suggested_again_only_after_something_new_was_taught(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        s.attach_learner(CountingLearner.from_store(store))
        for _ in range(3):  # n/p back and forth over B: nothing new taught
            s.step_article(1)
            s.step_article(-1)
        assert CountingLearner.calls == 2  # A once, B once
        review_a(s)  # teaches; `d` opens B, which is checked again
        assert CountingLearner.calls == 3
        assert ("星澜科创", "COMPANY", "learned") in b_spans(s)
