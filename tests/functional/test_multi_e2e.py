"""Two annotators end to end (issue 12 item 8, without adjudication): with
overlap 1.0 both review the same articles differently, on one database and on
two copies merged; `agreement` prints the figures of a hand count and
`export --layer` writes each one's version."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.ingest.inputs import make_article
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store

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
