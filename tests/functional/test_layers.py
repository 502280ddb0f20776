"""Per-annotator layers (issue 12 item 1): two reviewers on one database each
see and change only their own spans and status; suggestions stay shared;
learning draws on every layer; a schema-3 database migrates into layers."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.sessions.testing import load_corpus
from zs_tui.storage import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def store(tmp_path):
    st = Store(tmp_path / "a.db")
    load_corpus(st, FIXTURES / "corpus.jsonl")
    yield st
    st.close()


def review(store: Store, name: str) -> ReviewSession:
    return ReviewSession(store, name, DEFAULT_LABELS)


def states(s: ReviewSession) -> list[tuple[int, int, str, str]]:
    return [(x.start, x.end, x.label, x.state) for x in s.spans]


def test_two_reviewers_on_one_article_do_not_overwrite_each_other(tmp_path, store):
    other = Store(store.path)  # a second app on the same file
    try:
        ann, bob = review(store, "ann"), review(other, "bob")
        ann.open(1)
        bob.open(1)
        first = ann.current_span
        assert first is not None and (first.start, first.end) == (bob.current_span.start, bob.current_span.end)
        assert ann.accept().ok
        assert bob.reject().ok  # the same suggestion, the other decision: not refused as stale
        ann._reload()
        bob._reload()
        assert (first.start, first.end, first.label, "accepted") in states(ann)
        assert all((x.start, x.end) != (first.start, first.end) for x in bob.visible)
        assert ann.accept_all().ok and ann.done().ok
        # ann's done is ann's: bob's article is still in progress, with his pending spans
        assert store.article(1, layer="ann").status == "done"
        assert other.article(1, layer="bob").status == "in_progress"
        assert bob.article is not None and bob.article.id == 1
        bob._reload()
        assert bob.pending
        # the suggestions are one shared list
        assert store.suggestions(1) == other.suggestions(1)
        assert store.article_layers(1) == {"ann": "done", "bob": "in_progress"}
    finally:
        other.close()


def test_a_reviewer_sees_only_their_layer_in_the_article_list(store):
    ann, bob = review(store, "ann"), review(store, "bob")
    ann.open(1)
    assert ann.accept_all().ok and ann.done().ok
    assert store.count_articles("done", layer="ann") == 1
    assert store.count_articles("done", layer="bob") == 0
    assert [r.status for r in store.list_articles(layer="bob")][0] == "todo"
    assert [r.status for r in store.list_articles(layer="ann")][0] == "done"
    # bob's screen shows the corpus's progress: ann's done article (out of his
    # queue, overlap 0) is done there, with her spans, until he opens his own copy
    row = store.list_articles(layer="bob", corpus=True)[0]
    assert (row.status, row.n_pending) == ("done", 0) and row.n_accepted > 0
    assert store.count_articles("done", layer="bob", corpus=True) == 1
    assert bob.counts()["done"] == 1
    bob.resume()  # bob is served an article he has not done
    assert bob.article is not None and bob.article.status in ("todo", "in_progress")


def test_learning_draws_on_every_layer(store):
    ann, bob = review(store, "ann"), review(store, "bob")
    ann.open(1)
    bob.open(1)
    a, b = ann.pending[0], bob.pending[-1]
    assert (a.start, a.end) != (b.start, b.end)
    ann.accept()
    bob.go_to_span(b.id)
    bob.accept()
    accepted, _ = store.decided_texts()
    assert accepted.get((a.text, a.label)) and accepted.get((b.text, b.label))


def test_undo_in_one_layer_leaves_the_other_alone(store):
    ann, bob = review(store, "ann"), review(store, "bob")
    ann.open(1)
    bob.open(1)
    ann.accept()
    bob.accept()
    assert ann.undo().ok
    ann._reload()
    bob._reload()
    assert not any(x.state == "accepted" for x in ann.spans)
    assert sum(x.state == "accepted" for x in bob.spans) == 1


def test_span_ids_are_never_shared_between_layers(store):
    ann, bob = review(store, "ann"), review(store, "bob")
    ann.open(1)
    bob.open(1)
    assert not {x.id for x in ann.spans} & {x.id for x in bob.spans}


# -- migration 0004 on the schema-3 fixture (tests/fixtures/make_v3_db.py) ----

@pytest.fixture
def v3(tmp_path) -> Path:
    path = tmp_path / "v3.db"
    shutil.copyfile(FIXTURES / "v3.db", path)
    return path


def old_spans(article_id: int) -> list[tuple]:
    c = sqlite3.connect(FIXTURES / "v3.db")
    try:
        return c.execute('SELECT id, start, "end", label, state FROM spans WHERE article_id=? ORDER BY start, id',
                         (article_id,)).fetchall()
    finally:
        c.close()


def test_migration_gives_each_article_to_the_annotator_of_its_last_event(v3):
    with Store(v3) as st:
        # article 1: ann alone; article 2: ann started, bob took over and finished it
        assert st.article_layers(1) == {"ann": "done"}
        assert st.article_layers(2) == {"bob": "done"}
        for aid, who in ((1, "ann"), (2, "bob")):
            # the spans keep their ids (the events name them), in the owner's layer
            assert [(s.id, s.start, s.end, s.label, s.state) for s in st.spans(aid, layer=who)] == old_spans(aid)
        # ann, who did not finish article 2, starts it again from its suggestions
        fresh = st.spans(2, layer="ann")
        assert fresh and all(s.state == "pending" for s in fresh)
        assert st.article(2, layer="ann").status == "todo"
        assert not {s.id for s in fresh} & {s[0] for s in old_spans(2)}
        # untouched articles stay as they were: article 3 to do, the gold import done
        assert st.article(3).status == "todo" and st.article_layers(3) == {}
        assert st.article(4).status == "done" and [s.state for s in st.spans(4)] == ["accepted", "accepted"]


def test_after_migration_the_annotators_resume_and_undo_their_own_work(v3):
    with Store(v3) as st:
        bob = ReviewSession(st, "bob", DEFAULT_LABELS)
        bob.resume()
        assert bob.article is not None and bob.article.id == 3  # where he was
        ann = ReviewSession(st, "ann", DEFAULT_LABELS)
        ann.open(2)
        assert ann.accept().ok and ann.undo().ok
        assert st.article_layers(2) == {"ann": "todo", "bob": "done"}
        # span ids stay never reused: the next one is above every id the old database had
        new_ids = [s.id for s in st.spans(2, layer="ann")]
        assert min(new_ids) > max(s[0] for a in (1, 2, 3, 4) for s in old_spans(a))


async def test_two_review_apps_on_one_database_each_show_their_own_layer(db_path):
    from review_data import seed_store

    from zs_tui.ui.app import ReviewApp

    st = seed_store(db_path, articles=2)
    st.set_setting("overlap", 1.0)  # both get every article
    other = Store(db_path)
    try:
        ann, bob = ReviewApp(st, "ann", clock=lambda: 0.0), ReviewApp(other, "bob", clock=lambda: 0.0)
        async with ann.run_test(size=(120, 40)) as pa, bob.run_test(size=(120, 40)) as pb:
            assert ann.session.article.id == bob.session.article.id == 1
            first = (ann.session.current_span.start, ann.session.current_span.end)
            await pa.press("a")
            await pb.press("x")  # the same suggestion: bob's screen was not stale, his layer is his
            await pa.press("A", "d")
            assert ann.session.article.id == 2
            await pb.press("j")
            assert bob.session.article.id == 1 and bob.session.article.status == "in_progress"
            bob_first = next(s for s in bob.session.spans if (s.start, s.end) == first)
            assert bob_first.state == "rejected" and bob.session.pending
            ann_first = next(s for s in st.spans(1, layer="ann") if (s.start, s.end) == first)
            assert ann_first.state == "accepted"
            # each list shows its annotator's status of article 1
            assert [r.status for r in st.list_articles(layer="ann")][0] == "done"
            assert [r.status for r in other.list_articles(layer="bob")][0] == "in_progress"
    finally:
        other.close()
        st.close()


def test_adjudicated_is_not_an_annotators_name(tmp_path, store, capsys):
    from zs_tui.cli import main
    from zs_tui.storage import StoreError

    with pytest.raises(StoreError, match="adjudicated layer"):
        review(store, "adjudicated")
    before = store.path.read_bytes()
    assert main(["review", "--db", str(store.path), "--annotator", "adjudicated"]) == 2
    assert "names the adjudicated layer" in capsys.readouterr().err
    assert store.path.read_bytes() == before
