"""`zs-tui merge OTHER.db` (issue 12 item 5): annotators work offline on copies
of one database; merging brings their layers, events and sessions in,
twice adds nothing, and one annotator with two diverging histories is refused
with nothing written."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.evaluate.agreement import agreement
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.sessions.testing import load_corpus
from zs_tui.storage import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def copies(tmp_path) -> tuple[Path, Path]:
    """The team's database and a copy taken home."""
    main_db, home = tmp_path / "team.db", tmp_path / "home.db"
    with Store(main_db) as st:
        load_corpus(st, FIXTURES / "corpus.jsonl")
        st.backup_to(home)
    return main_db, home


def work(path: Path, who: str, article: int, steps: str) -> None:
    """``a`` accept, ``x`` reject, ``A`` accept all, ``d`` done."""
    with Store(path) as st:
        s = ReviewSession(st, who, DEFAULT_LABELS)
        s.open(article)
        for k in steps:
            out = {"a": s.accept, "x": s.reject, "A": s.accept_all, "d": s.done}[k]()
            assert out.ok, out.message
        st.end_session(s.session_id)


def layer(path: Path, who: str, article: int) -> tuple[str, list[tuple]]:
    with Store(path) as st:
        return (st.article(article, layer=who).status,
                [(s.start, s.end, s.label, s.state, s.origin) for s in st.spans(article, layer=who)])


def dump(path: Path) -> list:
    c = sqlite3.connect(path)
    try:
        return [c.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("spans", "layers", "events", "sessions", "articles")]
    finally:
        c.close()


def test_work_done_on_two_copies_comes_together(copies, capsys):
    team, home = copies
    work(team, "ann", 1, "axAd")
    work(home, "bob", 1, "xAd")
    work(home, "bob", 2, "a")
    bob1, bob2 = layer(home, "bob", 1), layer(home, "bob", 2)
    ann1 = layer(team, "ann", 1)
    c = sqlite3.connect(team)
    last_id = c.execute("SELECT seq FROM sqlite_sequence WHERE name='spans'").fetchone()[0]
    c.close()
    assert main(["merge", str(home), "--db", str(team)]) == 0
    assert "2 layer(s), 4 event(s), 2 session(s)" in capsys.readouterr().out
    assert layer(team, "bob", 1) == bob1 and layer(team, "bob", 2) == bob2
    assert layer(team, "ann", 1) == ann1
    with Store(team) as st:
        assert [e["annotator"] for e in st.events()].count("bob") == 4  # reject, accept all, done; accept
        # article 1, done by both, is what agreement compares
        (pair,) = agreement(st.finished_layers())["pairs"]
        assert pair["annotators"] == ["ann", "bob"] and pair["articles"] == 1
        # bob's spans got ids this database never gave out (home numbered its own, and may
        # have used ids team.db gave to spans since deleted)
        assert min(sp.id for a in (1, 2) for sp in st.spans(a, layer="bob")) > last_id
    # and bob can go on reviewing in the team's database, undo included
    with Store(team) as st:
        s = ReviewSession(st, "bob", DEFAULT_LABELS)
        s.open(2)
        assert s.accept().ok and s.undo().ok


def test_merging_twice_adds_nothing(copies, capsys):
    team, home = copies
    work(home, "bob", 1, "Ad")
    assert main(["merge", str(home), "--db", str(team)]) == 0
    before = dump(team)
    assert main(["merge", str(home), "--db", str(team)]) == 0
    assert "0 layer(s), 0 event(s), 0 session(s)" in capsys.readouterr().out
    assert dump(team) == before


def test_work_continued_on_a_copy_brings_the_rest_in(copies):
    team, home = copies
    work(team, "ann", 1, "a")
    with Store(team) as st:
        st.backup_to(home)  # ann takes her work home and goes on there
    work(home, "ann", 1, "Ad")
    assert main(["merge", str(home), "--db", str(team)]) == 0
    assert layer(team, "ann", 1) == layer(home, "ann", 1)
    assert layer(team, "ann", 1)[0] == "done"
    # merging the other way round: the team's history is a beginning of home's, nothing to add
    before = dump(home)
    assert main(["merge", str(team), "--db", str(home)]) == 0
    assert dump(home) == before


def test_two_diverging_histories_of_one_annotator_are_refused(copies, capsys):
    team, home = copies
    work(team, "ann", 1, "a")
    work(home, "ann", 1, "x")
    work(home, "bob", 2, "a")  # would merge cleanly, but the merge is all or nothing
    before = dump(team)
    assert main(["merge", str(home), "--db", str(team)]) == 2
    err = capsys.readouterr().err
    assert "diverging histories" in err and "ann on article #1" in err and "nothing was merged" in err
    assert dump(team) == before


def test_bad_merges_are_refused_with_nothing_written(copies, tmp_path, capsys):
    team, _ = copies
    before = dump(team)
    assert main(["merge", str(tmp_path / "nope.db"), "--db", str(team)]) == 2
    assert "no database at" in capsys.readouterr().err
    assert main(["merge", str(team), "--db", str(team)]) == 2
    assert "is the database itself" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all, just text" * 10)
    assert main(["merge", str(junk), "--db", str(team)]) == 2
    assert "nothing was merged" in capsys.readouterr().err
    assert dump(team) == before


def test_an_older_database_is_merged_without_changing_it(tmp_path, copies):
    team, _ = copies
    old = tmp_path / "old.db"
    old.write_bytes((FIXTURES / "v1.db").read_bytes())
    raw = old.read_bytes()
    assert main(["merge", str(old), "--db", str(team)]) == 0
    assert old.read_bytes() == raw
    with Store(team) as st:
        assert st.article_layers(1) == {"v1-reviewer": "done"}


def test_events_without_a_layer_bring_history_only(tmp_path):
    # in v3.db ann's first event on article 2 is history: bob went on from it and the
    # article is his (migration 0004); merged into a fresh copy of the corpus ann gets
    # no empty layer there, she still starts article 2 from its suggestions
    team = tmp_path / "team.db"
    with Store(team) as st:
        load_corpus(st, FIXTURES / "corpus.jsonl")
    v3 = tmp_path / "v3.db"
    v3.write_bytes((FIXTURES / "v3.db").read_bytes())
    assert main(["merge", str(v3), "--db", str(team)]) == 0
    with Store(team) as st:
        assert st.article_layers(2) == {"bob": "done"}
        assert st.article_layers(1) == {"ann": "done"}
        fresh = st.spans(2, layer="ann")
        assert fresh and {s.state for s in fresh} == {"pending"}
        assert [e["annotator"] for e in st.events() if e["article_id"] == 2] == ["ann", "bob", "bob", "bob"]
