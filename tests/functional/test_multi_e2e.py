"""Two annotators end to end (issue 12 item 8): with overlap 1.0 both review the
same articles differently, on one database and on two copies merged;
`agreement` prints the figures of a hand count and `export --layer` writes
each one's version.  In real terminals (pseudo-terminals, tests/pty_app.py)
the two review at once, an adjudicator resolves the disagreements with the
take keys and `export --layer adjudicated` writes the result."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pty_app import AppTerminal, Deadline, wait_exit

from zs_tui.cli import main
from zs_tui.ingest.inputs import make_article
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store
from zs_tui.storage.layers import ADJUDICATED

T1 = "甲市与乙公司在丙区签约。"  # 甲市 [0,2) LOC, 乙公司 [3,6) COMPANY, 丙区 [7,9) LOC
T2 = "丁局发布戊项目。"  # 丁局 [0,2) ORG, 戊项目 [4,7) PROJECT
SUGGESTED = {T1: [(0, 2, "LOC"), (3, 6, "COMPANY"), (7, 9, "LOC")], T2: [(0, 2, "ORG"), (4, 7, "PROJECT")]}
COMPANY = [lab.name for lab in DEFAULT_LABELS].index("COMPANY")
# ann accepts every suggestion; bob rejects 乙公司 and labels 丁局 COMPANY.  By hand:
#   spans ann 5, bob 4; strict matches 甲市 丙区 戊项目 = 3 -> strict F1 = 6/9 = 0.6667
#   boundary: ann's 甲市 丙区 丁局 戊项目 are in bob's, bob's 4 in ann's -> 8/9 = 0.8889
#   characters: T1 12, T2 8 = 20; apart: 乙公司 (3, COMPANY/O), 丁局 (2, ORG/COMPANY) -> p_o = 15/20
#   tags ann: LOC 4, COMPANY 3, ORG 2, PROJECT 3, O 8;  bob: LOC 4, COMPANY 2, PROJECT 3, O 11
#   p_e = (4*4 + 3*2 + 2*0 + 3*3 + 8*11) / 400 = 119/400;  kappa = (300 - 119) / (400 - 119) = 181/281 = 0.6441
#   disagreements: only ann 1 (乙公司), label 1 (丁局 ORG / COMPANY)


def make_db(path: Path) -> None:
    with Store(path) as st:
        for i, text in enumerate((T1, T2)):
            st.add_article(make_article(text, f"{i}.txt", "utf-8"),
                           [{"start": s, "end": e, "label": lab} for s, e, lab in SUGGESTED[text]], "t")


def review_as(path: Path, who: str) -> None:
    """What each annotator presses, article by article, as the queue serves them."""
    with Store(path) as st:
        s = ReviewSession(st, who, DEFAULT_LABELS)
        s.resume()
        for _ in range(2):
            assert s.article is not None
            text = s.text
            if who == "ann":
                assert s.accept_all().ok
            elif text == T1:
                assert s.accept().ok and s.reject().ok and s.accept().ok
            else:
                assert s.set_label(COMPANY).ok and s.accept().ok
            assert s.done().ok
        assert s.store.next_for(who) is None
        st.end_session(s.session_id)


def check_agreement(db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["agreement", "--db", str(db), "--json"]) == 0
    (pair,) = json.loads(capsys.readouterr().out)["pairs"]
    assert pair["annotators"] == ["ann", "bob"] and pair["articles"] == 2
    assert (pair["micro"]["strict_f1"], pair["micro"]["boundary_f1"]) == (0.6667, 0.8889)
    assert (pair["kappa"]["chars"], pair["kappa"]["agreeing"], pair["kappa"]["kappa"]) == (20, 15, 0.6441)
    assert sorted((d["kind"], d["count"]) for d in pair["disagreements"]) == [("label", 1), ("only ann", 1)]
    assert main(["agreement", "--db", str(db)]) == 0
    assert "0.644" in capsys.readouterr().out


def check_exports(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "(ann, bob)" in capsys.readouterr().err
    for who, want in (("ann", SUGGESTED), ("bob", {T1: [(0, 2, "LOC"), (7, 9, "LOC")],
                                                  T2: [(0, 2, "COMPANY"), (4, 7, "PROJECT")]})):
        out = tmp_path / f"{who}.jsonl"
        assert main(["export", "--db", str(db), "--layer", who, "-o", str(out)]) == 0
        recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert {r["text"]: [(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in recs} == want
        assert {r["meta"]["annotator"] for r in recs} == {who}


def test_two_annotators_on_one_database(tmp_path, capsys):
    db = tmp_path / "team.db"
    make_db(db)
    assert main(["config", "overlap", "1.0", "--db", str(db)]) == 0
    review_as(db, "ann")
    review_as(db, "bob")
    capsys.readouterr()
    check_agreement(db, capsys)
    check_exports(db, tmp_path, capsys)
    capsys.readouterr()
    assert main(["stats", "--db", str(db), "--json"]) == 0
    by = {d["annotator"]: d for d in json.loads(capsys.readouterr().out)["annotators"]}
    assert (by["ann"]["done"], by["ann"]["spans"], by["bob"]["done"], by["bob"]["spans"]) == (2, 5, 2, 4)


def test_two_annotators_on_two_copies_merged(tmp_path, capsys):
    team, home = tmp_path / "team.db", tmp_path / "home.db"
    make_db(team)
    assert main(["config", "overlap", "1.0", "--db", str(team)]) == 0
    with Store(team) as st:
        st.backup_to(home)
    review_as(team, "ann")
    review_as(home, "bob")
    assert main(["merge", str(home), "--db", str(team)]) == 0
    assert main(["merge", str(home), "--db", str(team)]) == 0
    assert "0 layer(s), 0 event(s)" in capsys.readouterr().out.splitlines()[-1]
    check_agreement(team, capsys)
    check_exports(team, tmp_path, capsys)


# -- in real terminals, then adjudicated ------------------------------------------
# The keys each annotator presses, article by article (the queue serves T1 then
# T2); after each key, the database shows what it did before the next one goes.
KEYS = {"ann": ["A", "d", "A", "d"], "bob": ["a", "x", "a", "d", "3", "a", "d"]}
# carol takes ann's 乙公司 in T1 (t: version A) and bob's COMPANY for 丁局 in T2 (y: version B)
ADJUDICATED_WANT = {T1: SUGGESTED[T1], T2: [(0, 2, "COMPANY"), (4, 7, "PROJECT")]}
WAIT_S = 120  # per step, CPU-starved time not counted (pty_app.Deadline): a loaded 2-core machine


def wait_until(term: AppTerminal, db: Path, check, what: str) -> None:  # noqa: ANN001
    """Poll the database (a read-only connection) until ``check(store)`` holds."""
    deadline = Deadline(term.proc.pid, WAIT_S)
    with Store(db, create=False, readonly=True) as st:
        while not check(st):
            if deadline.passed() or term.proc.poll() is not None:
                raise AssertionError(f"{what}: not seen after {deadline}; the screen ends "
                                     f"{bytes(term.output[-300:])!r}")
            time.sleep(0.05)


def events_of(st: Store, who: str) -> int:
    return sum(1 for e in st.events() if e["annotator"] == who)


def review_in_terminals(dbs: dict[str, Path]) -> None:
    """ann and bob each in a terminal of their own, at once, on ``dbs[name]``."""
    terms = {who: AppTerminal(None, args=["review", "--db", str(dbs[who]), "--annotator", who, "--no-learn"])
             for who in ("ann", "bob")}
    try:
        for term in terms.values():
            term.wait_for_output(b"art/h", timeout=WAIT_S)  # the status bar: the first screen is up
        for step in range(max(len(k) for k in KEYS.values())):
            for who, term in terms.items():  # one key each in turn: both review at the same time
                if step < len(KEYS[who]):
                    term.send(KEYS[who][step])
                    wait_until(term, dbs[who], lambda st, w=who, n=step + 1: events_of(st, w) == n,
                               f"{who}'s key {step + 1} ({KEYS[who][step]!r})")
        for term in terms.values():
            term.send("q")
            assert wait_exit(term.proc, WAIT_S) == 0
    finally:
        for term in terms.values():
            term.kill()


def adjudicate_in_terminal(db: Path) -> None:
    term = AppTerminal(None, args=["adjudicate", "--db", str(db), "--adjudicator", "carol"])

    def adjudicated(st: Store, aid: int) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, s.label) for s in st.spans(aid, layer=ADJUDICATED) if s.state == "accepted"]

    try:
        term.wait_for_output(b"art/h", timeout=WAIT_S)
        # the agreed spans are there before any key: 甲市 and 丙区
        wait_until(term, db, lambda st: adjudicated(st, 1) == [(0, 2, "LOC"), (7, 9, "LOC")], "T1's agreed spans")
        term.send("y")
        wait_until(term, db, lambda st: adjudicated(st, 1) == SUGGESTED[T1], "y took ann's 乙公司")
        term.send("d")
        wait_until(term, db, lambda st: st.article_layers(1).get(ADJUDICATED) == "done"
                   and adjudicated(st, 2) == [(4, 7, "PROJECT")], "T1 done, T2 opened with the agreed 戊项目")
        term.send("z")
        wait_until(term, db, lambda st: adjudicated(st, 2) == ADJUDICATED_WANT[T2], "z took bob's COMPANY")
        term.send("d")
        wait_until(term, db, lambda st: st.article_layers(2).get(ADJUDICATED) == "done", "T2 done")
        term.wait_for_output(b"no disagreement left", timeout=WAIT_S)
        term.send("q")
        assert wait_exit(term.proc, WAIT_S) == 0
    finally:
        term.kill()
    with Store(db, create=False, readonly=True) as st:
        assert {e["annotator"] for e in st.events() if st.session_layer(e["session_id"], "") == ADJUDICATED} == {"carol"}


def check_adjudicated_export(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for args in (["--layer", "adjudicated"], []):  # the default export reads the adjudicated layer too
        out = tmp_path / "adjudicated.jsonl"
        assert main(["export", "--db", str(db), *args, "-o", str(out)]) == 0
        recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        got = {r["text"]: [(s["start"], s["end"], s["label"], s["text"]) for s in r["spans"]] for r in recs}
        assert got == {t: [(s, e, lab, t[s:e]) for s, e, lab in spans] for t, spans in ADJUDICATED_WANT.items()}
        assert {r["meta"]["annotator"] for r in recs} == {"carol"}
    capsys.readouterr()
    check_agreement(db, capsys)  # the adjudicated layer is no annotator: the figures stay the hand count's


def test_two_terminals_one_database_then_adjudicated(tmp_path, capsys):
    db = tmp_path / "team.db"
    make_db(db)
    assert main(["config", "overlap", "1.0", "--db", str(db)]) == 0
    review_in_terminals({"ann": db, "bob": db})
    capsys.readouterr()
    check_agreement(db, capsys)
    check_exports(db, tmp_path, capsys)
    adjudicate_in_terminal(db)
    check_adjudicated_export(db, tmp_path, capsys)


def test_two_terminals_two_copies_merged_then_adjudicated(tmp_path, capsys):
    team, home = tmp_path / "team.db", tmp_path / "home.db"
    make_db(team)
    assert main(["config", "overlap", "1.0", "--db", str(team)]) == 0
    with Store(team) as st:
        st.backup_to(home)
    review_in_terminals({"ann": team, "bob": home})
    assert main(["merge", str(home), "--db", str(team)]) == 0
    capsys.readouterr()
    check_agreement(team, capsys)
    adjudicate_in_terminal(team)
    check_adjudicated_export(team, tmp_path, capsys)
