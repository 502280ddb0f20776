"""`zs-tui adjudicate` from the command line: what it says when there is nothing
to do, and bad input (exit 2, nothing written).  The app itself is driven in
test_ui_adjudicate.py and, in a real terminal, in test_multi_e2e.py."""
from __future__ import annotations

from adjudication_data import two_versions
from review_data import seed_store

from zs_tui.cli import main
from zs_tui.storage import Store


def test_nothing_to_adjudicate_is_said_and_exits_0(tmp_path, capsys):
    db = tmp_path / "a.db"
    seed_store(db).close()
    assert main(["adjudicate", "--db", str(db), "--adjudicator", "carol"]) == 0
    assert "nothing to adjudicate" in capsys.readouterr().out
    with Store(db) as st:
        assert st.sessions() == []


def test_a_missing_database_is_refused_with_exit_2_and_not_created(tmp_path, capsys):
    db = tmp_path / "none.db"
    assert main(["adjudicate", "--db", str(db)]) == 2
    assert f"no database at {db}" in capsys.readouterr().err
    assert not db.exists()


def test_a_file_that_is_no_database_is_refused_and_left_as_it_was(tmp_path, capsys):
    db = tmp_path / "notes.db"
    db.write_text("not sqlite", "utf-8")
    assert main(["adjudicate", "--db", str(db)]) == 2
    assert "not an SQLite database" in capsys.readouterr().err
    assert db.read_text("utf-8") == "not sqlite"


def test_the_layers_own_name_or_a_bad_name_is_refused(tmp_path, capsys):
    db = two_versions(tmp_path / "a.db")
    for name in ("adjudicated", "a\x1bb"):
        assert main(["adjudicate", "--db", str(db), "--adjudicator", name]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: --adjudicator") and "Traceback" not in err
    with Store(db) as st:
        assert [s["annotator"] for s in st.sessions()] == ["ann", "bob"]


def test_help_names_the_take_keys(capsys):
    assert main(["adjudicate", "--help"]) == 0
    out = capsys.readouterr().out
    from zs_tui.review.actions import TAKE_KEYS

    assert "--adjudicator" in out and f"{TAKE_KEYS[0][1]}/{TAKE_KEYS[1][1]} take" in out


def test_stats_counts_articles_awaiting_adjudication_and_no_annotator_named_adjudicated(tmp_path, capsys):
    """stats said nothing of the articles finished differently (they showed as
    todo) and, once adjudicated, listed the adjudicated layer as an annotator."""
    import json

    from zs_tui.labels import DEFAULT_LABELS
    from zs_tui.review.adjudication import disagreements, start_adjudication

    db = two_versions(tmp_path / "a.db", articles=2)

    def stats() -> dict:
        capsys.readouterr()
        assert main(["stats", "--db", str(db), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    st0 = stats()
    assert st0["adjudication"] == {"awaiting": 2, "in_progress": 0, "done": 0}
    assert main(["stats", "--db", str(db)]) == 0
    assert "2 article(s) finished differently by several annotators await adjudication" in capsys.readouterr().out
    with Store(db) as st:
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        assert s.take(0, whole=True).ok and s.done().ok  # article 1; article 2 is opened next
        st.end_session(s.session_id)
        assert len(disagreements(st)) == stats()["adjudication"]["awaiting"] == 1
    after = stats()
    assert after["adjudication"] == {"awaiting": 1, "in_progress": 1, "done": 1}  # article 2 opened, agreed spans in
    names = {d["annotator"] for d in after["annotators"]}
    assert "adjudicated" not in names and {"ann", "bob"} <= names


def test_an_empty_adjudicator_name_is_refused_not_taken_for_the_login_name(tmp_path, capsys):
    db = two_versions(tmp_path / "a.db")
    assert main(["adjudicate", "--db", str(db), "--adjudicator", ""]) == 2
    assert "--adjudicator ''" in capsys.readouterr().err
    with Store(db) as st:
        assert [s["annotator"] for s in st.sessions()] == ["ann", "bob"]  # no session was started
        assert "adjudicated" not in st.article_layers(1)
