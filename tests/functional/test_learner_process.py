"""jieba and the learner in another process (issue 14): the app asks, the
worker reads the database itself and answers; until it does, word keys move
by characters and say so."""
from __future__ import annotations

import queue

import pytest
from test_review_learning import ARTICLE_A, b_spans, import_both, review_a

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.learner_process import LearnerProcess, words_from
from zs_tui.review.session import WORDS_LOADING, ReviewSession
from zs_tui.review.words import words_of
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp


def test_the_worker_answers_words_and_learned_suggestions_read_from_the_database(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        review_a(s)  # taught before the worker starts: it reads the decisions itself
        a, b = store.article_ids()
        got: queue.Queue = queue.Queue()
        worker = LearnerProcess(store.path, learn=True, on_message=got.put)
        try:
            worker.request_words(a)
            msg = got.get(timeout=60)
            assert msg[0] == "words"
            aid, sha, words = words_from(msg)
            assert (aid, sha) == (a, store.article(a).sha256) and words == words_of(ARTICLE_A)
            assert got.get(timeout=60) == ["ready", True]
            worker.request_suggestions(b, 7)
            kind, aid, taught, spans = got.get(timeout=60)
            assert (kind, aid, taught) == ("suggest", b, 7)
            assert {(x["label"], store.article(b).clean[x["start"]:x["end"]]) for x in spans} >= {("COMPANY", "星澜科创")}
            worker._proc.stdin.close()  # the app quit or was killed: the worker ends by itself
            assert worker._proc.wait(timeout=30) == 0
        finally:
            worker.close()


def test_word_keys_move_by_a_character_until_the_words_arrive(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        arrived = {}
        s.words_for = lambda art: arrived.get(art.id)
        s.move_cursor(-s.cursor)
        out = s.move_word("start", 1)
        assert s.cursor == 1 and WORDS_LOADING in out.message
        assert not s.select_word().ok and WORDS_LOADING in s.select_word().message
        arrived[s.article.id] = words_of(s.text)
        s.move_cursor(-s.cursor)
        assert s.move_word("start", 1).ok and s.cursor == words_of(s.text).next_start(0)


def test_an_answer_for_an_article_no_longer_open_or_already_started_changes_nothing(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        a, b = store.article_ids()
        before = [(x.start, x.end, x.label) for x in store.spans(b)]
        extra = [{"start": 0, "end": 2, "label": "TIME", "source": "learned"}]
        assert s.suggestions_arrived(b, 0, extra).event_id is None  # b is not open
        s.open(b)
        assert s.accept().ok  # started: the reviewer's key came first
        assert s.suggestions_arrived(b, 0, extra).event_id is None
        assert [(x.start, x.end, x.label) for x in store.spans(b)] == before


@pytest.mark.asyncio
async def test_the_app_with_its_learner_process_refreshes_the_open_article(db_path):
    with import_both(db_path) as store:
        s = ReviewSession(store, "ann", DEFAULT_LABELS)
        s.resume()
        review_a(s)  # reviewed without learning: B still has its old suggestions
        store.end_session(s.session_id)
        app = ReviewApp(store, "ann", learn=True, learner_process=True)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(1200):  # the worker loads jieba and the learner: seconds
                await pilot.pause(0.05)
                if ("星澜科创", "COMPANY", "learned") in b_spans(app.session):
                    break
            assert ("星澜科创", "COMPANY", "learned") in b_spans(app.session)
            assert "what reviewers taught" in str(app.review_screen.query_one("#message").render())
            assert app.session.words is not None  # B's words came before the suggestions
            await pilot.press("a")
            assert ("星澜科创", "COMPANY", "learned") in {
                (x.text, x.label, x.origin) for x in store.spans(app.session.article.id) if x.state == "accepted"}
        assert app._worker is None


def _waiting_db(tmp_path, db_path, texts):
    """A database whose import stored the articles and stopped before its background suggested them."""
    from zs_tui.ingest.importing import import_paths

    folder = tmp_path / "c"
    folder.mkdir()
    for i, t in enumerate(texts):
        (folder / f"{i}.txt").write_text(t, "utf-8")

    def stop(_res):
        raise KeyboardInterrupt  # Ctrl+C right after the articles were committed

    with pytest.raises(KeyboardInterrupt):
        import_paths(db_path, [str(folder)], jobs=1, stored=stop)


WAITING = ["2023年5月12日，江苏省苏州市人民政府与华景电子科技有限公司签约，总投资12亿元。\n",
           "浙江省杭州市举办数字经济招商推介会，市长王建国出席。\n"]


def test_without_learn_the_worker_suggests_only_an_article_that_still_waits(tmp_path, db_path):
    from zs_tui.suggest import Suggester

    _waiting_db(tmp_path, db_path, WAITING)
    with Store(db_path) as store:
        a, b = store.article_ids()
        sugg = Suggester()
        store.write_background_suggestions([(b, sugg.suggest(store.article(b).clean))], sugg.version)
        got: queue.Queue = queue.Queue()
        worker = LearnerProcess(store.path, learn=False, on_message=got.put)
        try:
            worker.request_suggestions(b, 1)  # suggested already: no answer
            worker.request_suggestions(a, 2)
            msg = got.get(timeout=120)
            while msg[0] != "suggest":
                msg = got.get(timeout=120)
            assert msg[:3] == ["suggest", a, 2]
            assert sorted((x["start"], x["end"], x["label"]) for x in msg[3]) == sorted(
                (x["start"], x["end"], x["label"]) for x in sugg.suggest(store.article(a).clean))
        finally:
            worker.close()


@pytest.mark.asyncio
async def test_the_app_without_learn_shows_suggestions_for_an_article_the_background_has_not_reached(tmp_path, db_path):
    _waiting_db(tmp_path, db_path, WAITING)
    with Store(db_path) as store:
        app = ReviewApp(store, "ann", learn=False, learner_process=True)
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.session.spans == []  # opened at once, before any suggestion
            for _ in range(1200):  # the worker loads jieba and the suggester: seconds
                await pilot.pause(0.05)
                if app.session.spans:
                    break
            shown = {(x.text, x.label) for x in app.session.spans}
            assert ("华景电子科技有限公司", "COMPANY") in shown
            assert all(x.state == "pending" for x in app.session.spans)
        with Store(db_path) as other:  # what the app showed is stored in ann's layer, once
            mine = [(x.start, x.end, x.label) for x in other.spans(1, layer="ann")]
            assert len(mine) == len(set(mine)) == len(shown)
