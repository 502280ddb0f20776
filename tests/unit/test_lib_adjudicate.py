"""zs_tui.review.adjudication: the disagreements of the annotators' versions, and
the adjudicated layer an adjudicator's session makes (events under their name,
replayed, merged, exported, never counted as an annotator)."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from adjudication_data import two_versions

from zs_tui.evaluate.agreement import database_agreement
from zs_tui.export.exporting import export_gold
from zs_tui.ingest.inputs import make_article
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.adjudication import (
    AdjudicationSession,
    NothingToAdjudicate,
    conflicts,
    disagreements,
    open_adjudication,
    start_adjudication,
)
from zs_tui.review.session import ReviewSession
from zs_tui.sessions.replay import replay
from zs_tui.sessions.session_file import session_events, session_header
from zs_tui.storage import Store, schema
from zs_tui.storage.layers import ADJUDICATED

T1 = "甲市与乙公司在丙区签约。"  # 甲市 [0,2) 乙公司 [3,6) 丙区 [7,9)
T2 = "丁局发布戊项目。"  # 丁局 [0,2) 戊项目 [4,7)
SUGGESTED = {T1: [(0, 2, "LOC"), (3, 6, "COMPANY"), (7, 9, "LOC")], T2: [(0, 2, "ORG"), (4, 7, "PROJECT")]}
COMPANY = [lab.name for lab in DEFAULT_LABELS].index("COMPANY")


def team(path: Path) -> Path:
    """ann accepts everything; bob rejects 乙公司 in T1 and labels 丁局 COMPANY in T2."""
    with Store(path) as st:
        for i, text in enumerate((T1, T2)):
            st.add_article(make_article(text, f"{i}.txt", "utf-8"),
                           [{"start": s, "end": e, "label": lab} for s, e, lab in SUGGESTED[text]], "t")
        for who in ("ann", "bob"):
            s = ReviewSession(st, who, DEFAULT_LABELS)
            for aid in (1, 2):
                s.open(aid)
                if who == "bob" and aid == 1:
                    assert s.accept().ok and s.reject().ok
                if who == "bob" and aid == 2:
                    assert s.set_label(COMPANY).ok
                assert s.accept_all().ok or not s.pending
                assert s.done().ok, s.article
            st.end_session(s.session_id)
    return path


def triples(spans) -> list[tuple[int, int, str]]:  # noqa: ANN001
    return sorted((s.start, s.end, s.label) for s in spans if s.state != "rejected")


def test_conflicts_split_agreement_from_each_kind_of_disagreement():
    versions = {"ann": [(0, 2, "LOC"), (3, 6, "ORG"), (10, 14, "PER"), (20, 22, "DATE")],
                "bob": [(0, 2, "LOC"), (3, 6, "COMPANY"), (10, 12, "PER"), (12, 14, "PER")],
                "cy": [(0, 2, "LOC"), (3, 6, "ORG"), (11, 14, "PER")]}
    agreed, found = conflicts(versions)
    assert agreed == [(0, 2, "LOC")]
    assert [(k.start, k.end) for k in found] == [(3, 6), (10, 14), (20, 22)]
    assert found[0].versions == {"ann": ((3, 6, "ORG"),), "bob": ((3, 6, "COMPANY"),), "cy": ((3, 6, "ORG"),)}
    assert found[0].kind() == "label"
    assert found[1].versions["bob"] == ((10, 12, "PER"), (12, 14, "PER")) and found[1].kind() == "boundary"
    assert found[2].kind() == "only ann" and found[2].versions["cy"] == ()


def test_the_walk_prefills_agreement_and_the_take_keys_resolve_each_article(tmp_path):
    with Store(team(tmp_path / "t.db")) as st:
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        assert s.article.id == 1 and s.names == ["ann", "bob"] and s.layer == ADJUDICATED
        # the spans both annotators have are there already, accepted; the disagreement is not
        assert triples(s.spans) == [(0, 2, "LOC"), (7, 9, "LOC")]
        assert {x.state for x in s.spans} == {"accepted"}
        assert s.describe_conflict() == "disagreement 1/1: only ann at 3-6"
        assert s.take(1).message.startswith("the adjudicated layer already has bob's")  # bob has nothing there
        assert s.take(0).ok and triples(s.spans) == [(0, 2, "LOC"), (3, 6, "COMPANY"), (7, 9, "LOC")]
        assert s.undo().ok and triples(s.spans) == [(0, 2, "LOC"), (7, 9, "LOC")]
        assert s.take(0, whole=True).ok and triples(s.spans) == SUGGESTED[T1]
        assert s.done().ok and s.article.id == 2  # on to the next disagreement
        assert s.take(1).ok and triples(s.spans) == [(0, 2, "COMPANY"), (4, 7, "PROJECT")]
        assert s.take(0).ok and triples(s.spans) == SUGGESTED[T2]  # changed her mind: ann's label
        out = s.done()
        assert out.ok and "no disagreement left" in out.message
        assert s.counts()["done"] == 2 and disagreements(st) == []
        evs = list(st.events(s.session_id))
        assert {e["annotator"] for e in evs} == {"carol"}
        assert [e["action"] for e in evs] == ["take", "take", "undo", "take", "done", "take", "take", "take", "done"]
        # the annotators' own layers are as they left them
        assert triples(st.spans(1, layer="bob")) == [(0, 2, "LOC"), (7, 9, "LOC")]
        assert st.session(s.session_id)["layer"] == ADJUDICATED


def test_an_article_outside_the_walk_is_refused_and_gets_no_layer(tmp_path):
    path = team(tmp_path / "t.db")
    with Store(path) as st:
        st.add_article(make_article("庚县无事。", "x.txt", "utf-8"), [], "t")
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        out = s.open_number("3")
        assert not out.ok and "no differing versions" in out.message
        assert ADJUDICATED not in st.article_layers(3)
        assert s.step_article(1).ok and s.article.id == 2 and not s.step_article(1).ok


def test_nothing_to_adjudicate_says_why_and_writes_nothing(tmp_path):
    path = tmp_path / "t.db"
    with Store(path) as st:
        st.add_article(make_article(T1, "0.txt", "utf-8"), [], "t")
    with pytest.raises(NothingToAdjudicate, match="no article is finished by two or more annotators"):
        with open_adjudication(path, "carol"):
            pass
    with Store(path) as st:
        assert st.sessions() == [] and st.layer_names() == []


def test_an_adjudicator_may_not_be_called_adjudicated(tmp_path):
    from zs_tui.errors import ZsError

    with pytest.raises(ZsError, match="names the layer"):
        with open_adjudication(team(tmp_path / "t.db"), ADJUDICATED):
            pass


def adjudicate_all(st: Store, who: str = "carol") -> AdjudicationSession:
    s = start_adjudication(st, who, DEFAULT_LABELS)
    assert s.take(0).ok and s.done().ok  # T1: ann's 乙公司
    assert s.take(1).ok and s.done().ok  # T2: bob's COMPANY
    st.end_session(s.session_id)
    return s


WANT = {T1: SUGGESTED[T1], T2: [(0, 2, "COMPANY"), (4, 7, "PROJECT")]}


def exported(db: Path, tmp_path: Path, **kw) -> dict[str, list[tuple[int, int, str]]]:  # noqa: ANN003
    out = tmp_path / "out.jsonl"
    export_gold(db, str(out), **kw)
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return {r["text"]: [(x["start"], x["end"], x["label"]) for x in r["spans"]] for r in recs}


def test_export_prefers_the_adjudicated_layer_and_agreement_ignores_it(tmp_path):
    db = team(tmp_path / "t.db")
    before = database_agreement(db)
    with Store(db) as st:
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        st.end_session(s.session_id)
    from zs_tui.errors import ZsError

    with pytest.raises(ZsError, match="none adjudicated to done"):  # opened, not finished: still no one version
        exported(db, tmp_path)
    with Store(db) as st:
        adjudicate_all(st)
    assert exported(db, tmp_path) == WANT == exported(db, tmp_path, layer=ADJUDICATED)
    assert database_agreement(db) == before  # the adjudicated layer is nobody's version
    rec = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert rec["meta"]["annotator"] == "carol"


def test_replaying_an_adjudication_rebuilds_the_adjudicated_layer(tmp_path):
    db = team(tmp_path / "t.db")
    shutil.copyfile(db, tmp_path / "copy.db")
    with Store(db) as st:
        sid = adjudicate_all(st).session_id
        header, events = session_header(st, sid), list(session_events(st, sid))
    assert header["layer"] == ADJUDICATED
    with Store(tmp_path / "copy.db") as other:
        replay(other, header, events)
    assert exported(tmp_path / "copy.db", tmp_path) == WANT


def test_merge_carries_the_adjudicated_layer_and_twice_adds_nothing(tmp_path):
    db = team(tmp_path / "t.db")
    home = tmp_path / "home.db"
    shutil.copyfile(db, home)
    with Store(home) as st:
        adjudicate_all(st)
    from zs_tui.storage.opening import merge_databases

    first = merge_databases(db, home)
    assert first.layers == 2 and first.events > 0
    assert merge_databases(db, home).events == 0
    assert exported(db, tmp_path) == WANT
    with Store(db) as st:
        evs = [e for e in st.events() if e["annotator"] == "carol"]
        assert evs and all(st.session_layer(e["session_id"], "carol") == ADJUDICATED for e in evs)


def test_two_adjudicators_diverging_on_copies_are_refused_by_merge(tmp_path):
    db = team(tmp_path / "t.db")
    home = tmp_path / "home.db"
    shutil.copyfile(db, home)
    for path, who in ((db, "carol"), (home, "dan")):
        with Store(path) as st:
            adjudicate_all(st, who)
    from zs_tui.errors import ZsError
    from zs_tui.storage.opening import merge_databases

    with pytest.raises(ZsError, match="diverging"):
        merge_databases(db, home)


V3 = Path(__file__).parents[1] / "fixtures" / "v3.db"


def test_a_v3_database_gets_session_layers_in_the_same_migration_run(tmp_path):
    path = tmp_path / "v3.db"
    shutil.copyfile(V3, path)
    with Store(path) as st:
        assert "0005_session_layer" in schema.applied_migrations(st.conn)  # later ones may follow
        assert {s["layer"] for s in st.sessions()} == {None}  # every old session wrote its annotator's layer
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
    stamps = {r[0] for r in conn.execute("SELECT applied_at FROM migrations WHERE name >= '0004'")}
    conn.close()
    assert names[names.index("0004_annotator_layers") + 1] == "0005_session_layer" and len(stamps) == 1


def test_j_and_k_go_round_the_disagreements(tmp_path):
    with Store(two_versions(tmp_path / "a.db")) as st:
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        assert s.cursor == 0 and s.conflict_index == 0  # at the first disagreement
        starts = []
        for _ in range(4):
            s.step_conflict(1)
            starts.append(s.cursor)
        assert starts == [5, 18, 0, 5]
        s.move_cursor(200)  # past the last one
        s.step_conflict(1)
        assert s.cursor == 0
        s.step_conflict(-1)
        assert s.cursor == 18 and s.describe_conflict() == "disagreement 3/3: boundary at 18-37"


def test_versions_that_agree_need_no_adjudication_and_export_by_default(tmp_path):
    """Two annotators who finished an article alike: it is not in the walk, and
    the default export writes their version (it used to stop the export)."""
    path = tmp_path / "t.db"
    with Store(path) as st:
        st.add_article(make_article(T1, "0.txt", "utf-8"),
                       [{"start": s, "end": e, "label": lab} for s, e, lab in SUGGESTED[T1]], "t")
        st.add_article(make_article(T2, "1.txt", "utf-8"), [], "t")  # nothing to accept: two empty versions agree
        for who in ("ann", "bob"):
            s = ReviewSession(st, who, DEFAULT_LABELS)
            for aid in (1, 2):
                s.open(aid)
                assert (s.accept_all().ok or not s.pending) and s.done().ok
    with pytest.raises(NothingToAdjudicate, match="2 article.*agree"):
        with open_adjudication(path, "carol"):
            pass
    assert exported(path, tmp_path) == {T1: SUGGESTED[T1], T2: []}
    rec = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert rec["meta"]["annotator"] == "ann"  # the first of them by name, who marked it done


def test_an_article_whose_own_status_is_done_starts_its_adjudication_todo(tmp_path):
    # an article's own status can be done (imported --as-gold, or the status
    # migration 0004 kept): the adjudicated layer still starts todo, so the
    # takes and done work, and the screen does not say done
    db = team(tmp_path / "t.db")
    with Store(db) as st:
        st.conn.execute("UPDATE articles SET status='done' WHERE id=1")
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        assert s.article.id == 1 and s.article.status == "in_progress"  # the agreed spans taken
        assert s.take(0).ok and s.done().ok
        assert st.article_layers(1)[ADJUDICATED] == "done"


def test_n_and_p_walk_the_kept_walk_and_it_sees_what_another_connection_finished(tmp_path):
    # the walk is read once (every layer of the corpus): n/p, counts and the
    # redraws after them must not read it again, yet an article two annotators
    # finished differently meanwhile, on another connection, joins the walk
    path = team(tmp_path / "t.db")
    with Store(path) as st:
        st.add_article(make_article("己市建设庚园。", "3.txt", "utf-8"), [{"start": 0, "end": 2, "label": "LOC"}], "t")
        ann = ReviewSession(st, "ann", DEFAULT_LABELS)
        ann.open(3)
        assert ann.accept_all().ok and ann.done().ok
    with Store(path) as st, Store(path) as other:
        s = start_adjudication(st, "carol", DEFAULT_LABELS)
        assert s.walk == [1, 2] and s.counts()["total"] == 2
        statements: list[str] = []
        st.conn.set_trace_callback(statements.append)
        s.refresh_walk()
        read_walk = {q for q in statements if not q.startswith("PRAGMA")}
        statements.clear()
        s.recount()  # the counts read the statuses, not the walk
        walk_sql = read_walk - set(statements)
        assert walk_sql
        statements.clear()
        for step in (1, -1, 1, -1):
            assert s.step_article(step).ok
            s.counts(), s.sync()
        assert not walk_sql & set(statements), "n/p read the walk again"
        assert s.article.id == 1
        bob = ReviewSession(other, "bob", DEFAULT_LABELS)
        bob.open(3)
        assert bob.reject().ok and bob.done().ok  # now ann and bob differ on article 3
        statements.clear()
        assert s.step_article(1).ok and s.article.id == 2
        assert s.counts()["total"] == 3  # the walk was read again: article 3 is counted
        assert s.step_article(1).ok and s.article.id == 3 and s.names == ["ann", "bob"]
        assert s.describe_conflict() == "disagreement 1/1: only ann at 0-2"
        assert s.step_article(-1).ok and s.counts()["total"] == 3
        # once for that commit, not once per key after it
        assert sum(q in walk_sql for q in statements) == len(walk_sql)
        st.conn.set_trace_callback(None)
