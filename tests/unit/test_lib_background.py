"""Import stores articles first and suggests them afterwards (issue 14 item 3):
reviewable before their suggestions come, the same suggestions as an import
that waits for them, and never a second set where the app or a reviewer came first."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from zs_tui.ingest.background import suggest_pending
from zs_tui.ingest.importing import import_paths
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store
from zs_tui.suggest import Suggester

# Sentences of our own (not from the dev sets), each a small article.
TEXTS = [
    "2023年5月12日，江苏省苏州市人民政府与华景电子科技有限公司签约，总投资12亿元建设新能源电池项目。\n",
    "浙江省杭州市举办2024数字经济招商推介会，市长王建国出席并致辞。\n",
    "四川省成都市高新区引进智能制造产业园项目，计划投资5亿元。\n",
]


def write_corpus(folder: Path, texts: list[str] = TEXTS) -> Path:
    folder.mkdir(exist_ok=True)
    for i, t in enumerate(texts):
        (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    return folder


def spans_by_sha(db: Path, layer: str = "") -> dict[str, list[tuple]]:
    with Store(db) as st:
        return {st.article(a).sha256: [(s.start, s.end, s.label, s.state, s.origin) for s in st.spans(a, layer=layer or None)]
                for a in st.article_ids()}


def test_articles_are_committed_and_reviewable_before_their_suggestions(tmp_path, db_path):
    seen = {}

    def stored(res):
        # another program (the review app) opens the database while the suggester has not run
        with Store(db_path) as st:
            seen["articles"] = st.count_articles()
            seen["waiting"] = st.count_awaiting_suggestions()
            seen["spans"] = sum(len(st.spans(a)) for a in st.article_ids())
            s = ReviewSession(st, "ann", DEFAULT_LABELS)
            s.resume()
            seen["open"] = s.article.id

    res = import_paths(db_path, [str(write_corpus(tmp_path / "c"))], jobs=1, stored=stored)
    assert seen == {"articles": 3, "waiting": 3, "spans": 0, "open": 1}
    with Store(db_path) as st:
        assert st.count_awaiting_suggestions() == 0
        assert st.stats()["awaiting_suggestions"] == 0
        total = sum(len(st.spans(a)) for a in st.article_ids())
    assert total > 0 and res.spans == total and res.added == 3


def test_background_suggestions_are_those_of_the_suggester_run_directly(tmp_path, db_path):
    import_paths(db_path, [str(write_corpus(tmp_path / "c"))], jobs=2)
    sugg = Suggester()
    with Store(db_path) as st:
        for a in st.article_ids():
            art = st.article(a)
            want = sorted((d["start"], d["end"], d["label"]) for d in sugg.suggest(art.clean))
            assert sorted((s.start, s.end, s.label) for s in st.spans(a)) == want
            assert art.meta["suggester_version"] == sugg.version  # suggested, even where it found nothing


def test_no_suggest_queues_nothing_and_found_none_is_not_waiting(tmp_path, db_path):
    import_paths(db_path, [str(write_corpus(tmp_path / "c"))], suggest=False)
    with Store(db_path) as st:
        assert st.count_awaiting_suggestions() == 0 and "suggester_version" not in st.article(1).meta
    other = tmp_path / "b.db"
    import_paths(other, [str(write_corpus(tmp_path / "d", ["没有任何名称的一句话。\n"]))], jobs=1)
    with Store(other) as st:
        assert st.spans(1) == [] and st.count_awaiting_suggestions() == 0
        assert st.article(1).meta["suggester_version"]  # "suggested, found none", not "not yet"


def test_a_reviewer_who_started_first_keeps_their_layer_as_they_left_it(tmp_path, db_path):
    def stored(_res):
        with Store(db_path) as st:
            s = ReviewSession(st, "ann", DEFAULT_LABELS)
            s.open(1)
            s.move_cursor(-s.cursor)
            s.start_selection()
            s.move_cursor(4)
            assert s.set_label(DEFAULT_LABELS.index(next(lab for lab in DEFAULT_LABELS if lab.name == "DATE"))).ok

    import_paths(db_path, [str(write_corpus(tmp_path / "c"))], jobs=1, stored=stored)
    with Store(db_path) as st:
        assert [(s.start, s.end, s.origin) for s in st.spans(1, layer="ann")] == [(0, 5, "manual")]
        assert len(st.spans(1, layer=None)) == 1  # ann's layer is the article's single view
        assert len(st.spans(2)) > 0  # the others were suggested


def _queued(tmp_path, db_path) -> None:
    import_paths(db_path, [str(write_corpus(tmp_path / "c"))], jobs=1, stored=lambda _r: (_ for _ in ()).throw(KeyboardInterrupt))


def test_the_app_suggesting_first_wins_the_race_no_second_set(tmp_path, db_path):
    with pytest.raises(KeyboardInterrupt):
        _queued(tmp_path, db_path)  # stored and queued, then stopped before the background
    sugg = Suggester()
    with Store(db_path) as st:
        assert st.count_awaiting_suggestions() == 3
        computed = [(a, sugg.suggest(t)) for a, t in st.awaiting_suggestions()]  # the pool has its answers...
        s = ReviewSession(st, "ann", DEFAULT_LABELS)
        s.open(1)
        s.attach_learner(Suggester())  # ... while the app opens article 1 and suggests it itself
        app_spans = [(x.start, x.end, x.label) for x in st.spans(1, layer="ann")]
        assert app_spans and st.count_awaiting_suggestions() == 3
        w = st.write_background_suggestions(computed, sugg.version)  # ... then the pool commits
        assert (w.articles, w.skipped) == (3, 0) and st.count_awaiting_suggestions() == 0
        mine = [(x.start, x.end, x.label) for x in st.spans(1, layer="ann")]
        assert mine == app_spans and max(Counter(mine).values()) == 1
        # the shared copy has them too, for annotators who open it later
        assert sorted((x.start, x.end, x.label) for x in st.spans(1, layer="bob")) == sorted(app_spans)
        again = st.write_background_suggestions(computed, sugg.version)  # a second run finds nothing to claim
        assert (again.articles, again.skipped) == (0, 3)
        assert len(st.suggestions(1)) == len(computed[0][1])


def test_the_pool_first_then_the_apps_late_answer_adds_no_second_set(tmp_path, db_path):
    with pytest.raises(KeyboardInterrupt):
        _queued(tmp_path, db_path)
    sugg = Suggester()
    with Store(db_path) as st:
        s = ReviewSession(st, "ann", DEFAULT_LABELS)
        s.open(1)  # the open article is still empty on screen: the app asks its learner process
        assert s.spans == []
        computed = [(a, sugg.suggest(t)) for a, t in st.awaiting_suggestions()]
        with Store(db_path) as pool_side:  # the background commits first, on its own connection
            pool_side.write_background_suggestions(computed, sugg.version)
        s.suggestions_arrived(1, 0, computed[0][1])  # the learner's answer comes after
        mine = [(x.start, x.end, x.label) for x in st.spans(1, layer="ann")]
        assert sorted(mine) == sorted((d["start"], d["end"], d["label"]) for d in computed[0][1])
        assert max(Counter(mine).values()) == 1


def test_resuggest_pending_goes_on_where_an_interrupted_import_stopped(tmp_path, db_path):
    with pytest.raises(KeyboardInterrupt):
        _queued(tmp_path, db_path)
    reference = tmp_path / "ref.db"
    import_paths(reference, [str(tmp_path / "c")], jobs=1)
    done = []
    res = suggest_pending(db_path, jobs=1, batch=1, progress=lambda d, t: done.append((d, t)))
    assert (res.articles, res.waiting) == (3, 0) and done == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert spans_by_sha(db_path) == spans_by_sha(reference)
    assert suggest_pending(db_path, jobs=1).summary().startswith("nothing to do")


def test_importing_the_same_files_again_resumes_the_waiting_articles(tmp_path, db_path):
    with pytest.raises(KeyboardInterrupt):
        _queued(tmp_path, db_path)
    res = import_paths(db_path, [str(tmp_path / "c")], jobs=1)
    assert res.added == 0 and res.resumed == 3 and "suggested 3 article(s) that waited" in res.summary()
    with Store(db_path) as st:
        assert st.count_awaiting_suggestions() == 0 and all(st.spans(a) for a in st.article_ids())


def test_a_writer_holding_the_lock_too_long_stops_suggesting_with_a_message_and_loses_nothing(tmp_path, db_path,
                                                                                              monkeypatch):
    import sqlite3

    from zs_tui.errors import ZsError
    from zs_tui.ingest import background

    monkeypatch.setattr(background, "WRITE_WAIT_MS", 200)
    holder: list[sqlite3.Connection] = []

    def another_program_writes(_res):
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")  # and keeps the write lock for longer than the wait
        holder.append(conn)

    with pytest.raises(ZsError) as e:
        import_paths(db_path, [str(write_corpus(tmp_path / "c"))], jobs=0, stored=another_program_writes)
    holder[0].execute("ROLLBACK")
    holder[0].close()
    assert "database busy" in str(e.value) and "3 still wait" in str(e.value) and "resuggest --pending" in str(e.value)
    with Store(db_path) as st:
        assert st.count_articles() == 3 and st.count_awaiting_suggestions() == 3
    assert suggest_pending(db_path, jobs=0).articles == 3


def test_the_background_never_writes_into_the_adjudicated_layer(tmp_path, db_path):
    # an adjudicated layer opened while the article still waits (todo, empty, and
    # its events carry the adjudicator's name, not the layer's) gets no suggestions:
    # it holds only what the adjudicator took or drew
    from zs_tui.storage.layers import ADJUDICATED

    with pytest.raises(KeyboardInterrupt):
        _queued(tmp_path, db_path)
    sugg = Suggester()
    with Store(db_path) as st:
        computed = [(a, sugg.suggest(t)) for a, t in st.awaiting_suggestions()]
        assert st.take_layer(1, ADJUDICATED)
        w = st.write_background_suggestions(computed, sugg.version)
        assert w.articles == 3 and computed[0][1]
        assert st.spans(1, layer=ADJUDICATED) == []
        assert len(st.spans(1, layer="")) == len(computed[0][1])  # the shared copy has them


class _DiesOnPark(Suggester):
    """A suggester whose process dies (as the kernel kills one out of memory) on one text."""

    def suggest(self, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        if "产业园" in text:
            import os

            os._exit(9)
        return super().suggest(text, *args, **kwargs)


def test_a_worker_that_dies_stops_with_a_message_and_loses_nothing(tmp_path, db_path, monkeypatch):
    from zs_tui.errors import ZsError

    with pytest.raises(KeyboardInterrupt):
        _queued(tmp_path, db_path)
    monkeypatch.setattr(Suggester, "from_store", classmethod(lambda cls, store: _DiesOnPark()))
    with pytest.raises(ZsError, match="a suggester process died") as e:
        suggest_pending(db_path, jobs=1, batch=1)
    assert "still wait" in e.value.message and "every article is stored" in e.value.message
    with Store(db_path) as st:
        assert len(st.article_ids()) == 3 and st.count_awaiting_suggestions() >= 1
