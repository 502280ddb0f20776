"""Assignment (issue 12 item 2): `review --annotator NAME` serves NAME the next
article; the database setting `overlap` gives that share of the articles to
two annotators (Prodigy's feed overlap); nobody gets an article twice; an
article done by the annotators it needs leaves the queue.  `stats` shows
each annotator's progress and pace."""
from __future__ import annotations

import json
import sqlite3

import pytest

from zs_tui.cli import main
from zs_tui.ingest.inputs import make_article
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store, StoreError
from zs_tui.storage.layers import share_sql

N = 40


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "a.db"
    with Store(path) as st:
        for i in range(N):
            st.add_article(make_article(f"第{i}篇：某市与某公司签约。\n", f"{i}.txt", "utf-8"), [], "t")
    return path


def session(st: Store, name: str) -> ReviewSession:
    s = ReviewSession(st, name, DEFAULT_LABELS)
    s.resume()
    return s


def finish_all(s: ReviewSession) -> list[int]:
    """Mark done every article the queue serves ``s``, in order."""
    got = []
    while s.article is not None and s.article.status != "done":
        got.append(s.article.id)
        assert s.done().ok
    return got


def test_without_overlap_two_annotators_get_different_articles(db):
    with Store(db) as st:
        ann, bob = session(st, "ann"), session(st, "bob")
        assert ann.article.id == 1 and bob.article.id == 2  # ann's screen holds article 1
        got_ann, got_bob = [], []
        # they alternate, as two people working at the same time
        while True:
            moved = False
            for s, got in ((ann, got_ann), (bob, got_bob)):
                if s.article is not None and s.article.status != "done":
                    got.append(s.article.id)
                    assert s.done().ok
                    moved = True
            if not moved:
                break
        assert not set(got_ann) & set(got_bob)
        assert sorted(got_ann + got_bob) == list(range(1, N + 1))


def test_with_overlap_1_both_get_every_article_once(db):
    with Store(db) as st:
        st.set_setting("overlap", 1.0)
        ann = session(st, "ann")
        assert finish_all(ann) == list(range(1, N + 1))
        assert "no article left" in ann.next_todo().message
        bob = session(st, "bob")
        assert finish_all(bob) == list(range(1, N + 1))
        assert st.next_for("ann") is None and st.next_for("bob") is None
        # a third annotator gets nothing: every article has the two it needs
        assert st.next_for("cy") is None


def test_overlap_gives_that_share_of_the_articles_to_two(db):
    with Store(db) as st:
        st.set_setting("overlap", 0.5)
        shares = dict(st.conn.execute(f"SELECT a.id, {share_sql('a')} FROM articles a").fetchall())
        ann = session(st, "ann")
        got_ann = finish_all(ann)
        bob = session(st, "bob")
        got_bob = finish_all(bob)
        twice = set(got_ann) & set(got_bob)
        # which articles go to two is decided by their text's hash, not by who came first
        assert twice == {a for a, x in shares.items() if x < 0.5}
        assert 0 < len(twice) < N
        assert set(got_ann) | set(got_bob) == set(range(1, N + 1))
        assert len(got_bob) == len(set(got_bob))


def test_a_skipped_article_goes_to_someone_else_but_not_back(db):
    with Store(db) as st:
        ann = session(st, "ann")
        assert ann.article.id == 1 and ann.skip().ok
        assert st.next_for("ann") != 1
        assert st.next_for("bob") == 1


def test_an_annotator_resumes_an_article_in_progress_first(db):
    with Store(db) as st:
        ann = session(st, "ann")
        ann.open(5)
        st.record(ann.session_id, "ann", 5, "skip", [], ("todo", "in_progress"))
        st.save_position("ann", 9, None)
        assert st.next_for("ann", 9) == 5


def test_overlap_is_a_database_setting_with_a_command(db, capsys):
    assert main(["config", "--db", str(db)]) == 0
    assert "overlap = 0.0" in capsys.readouterr().out
    assert main(["config", "overlap", "0.25", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["config", "overlap", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == "overlap = 0.25"
    before = db.read_bytes()
    for bad in ("1.5", "half"):
        assert main(["config", "overlap", bad, "--db", str(db)]) == 2
        assert "overlap must be" in capsys.readouterr().err
    assert main(["config", "colour", "red", "--db", str(db)]) == 2
    assert "no setting 'colour'" in capsys.readouterr().err
    assert db.read_bytes() == before
    with Store(db) as st, pytest.raises(StoreError):
        st.set_setting("overlap", -0.1)


def test_stats_shows_each_annotators_progress_and_pace(db, capsys):
    with Store(db) as st:
        ann, bob = session(st, "ann"), session(st, "bob")
        for _ in range(3):
            assert ann.done().ok
        assert bob.done().ok
    # pace from the events' timestamps: ann's four events 60 s apart, then a two-hour pause
    # (counted as 300 s, a pause is no work) -> 60 + 60 + 300 s for 3 articles done
    c = sqlite3.connect(db)
    ts = ["2026-01-01T10:00:00.000+00:00", "2026-01-01T10:01:00.000+00:00", "2026-01-01T12:01:00.000+00:00",
          "2026-01-01T12:02:00.000+00:00"]
    c.execute("DROP TRIGGER events_no_update")  # the test rewrites history; the app never does
    ids = [r[0] for r in c.execute("SELECT id FROM events WHERE annotator='ann' ORDER BY id")]
    assert len(ids) == 3
    c.execute("INSERT INTO events(session_id, annotator, article_id, ts, action, before, after)"
              " SELECT session_id, annotator, article_id, ts, 'skip', '{\"spans\": [], \"status\": null}',"
              " '{\"spans\": [], \"status\": null}' FROM events WHERE id=?", (ids[-1],))
    ids = [r[0] for r in c.execute("SELECT id FROM events WHERE annotator='ann' ORDER BY id")]
    for i, t in zip(ids, ts):
        c.execute("UPDATE events SET ts=? WHERE id=?", (t, i))
    c.commit()
    c.close()
    assert main(["stats", "--db", str(db), "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    by = {d["annotator"]: d for d in st["annotators"]}
    assert by["ann"]["done"] == 3 and by["bob"]["done"] == 1 and by["ann"]["events"] == 4
    assert by["ann"]["hours"] == round(420 / 3600, 3)
    assert by["ann"]["articles_per_hour"] == 25.7  # 3 articles in 420 s
    assert main(["stats", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "Annotators" in text and "ann" in text and "bob" in text


def test_a_newcomer_to_a_finished_corpus_opens_its_first_article_and_is_served_what_others_left(db):
    """Nothing left to do (every article done in the corpus's own layer): the
    newcomer opens the first article; an article another annotator sent back
    to todo in their layer is no newcomer's business, but one whose own status
    is todo again is served, as is one in the newcomer's own layer still to do."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET status='done'")
    conn.close()
    with Store(db) as st:
        first = session(st, "newcomer")
        assert first.article.id == 1 and first.article.status == "done"
        assert st.next_for("other") is None
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("UPDATE articles SET status='todo' WHERE id=17")
        conn.close()
        assert st.next_for("other") == 17
        assert st.next_for("newcomer", 17) == 17  # wrapping round to it
        st.take_layer(23, "late")
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("UPDATE layers SET status='todo' WHERE article_id=23 AND annotator='late'")
        conn.close()
        assert st.next_for("late") == 17 and st.next_for("late", 17) == 23
