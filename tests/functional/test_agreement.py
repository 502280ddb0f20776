"""`zs-tui agreement` against a case counted by hand (issue 12 item 3)."""
from __future__ import annotations

import json

import pytest

from zs_tui.cli import main
from zs_tui.evaluate.agreement import agreement
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store

# Two articles, two annotators.  Offsets below are character indices.
T1 = "甲乙丙丁与戊己庚在辛壬癸子签约丑寅卯辰巳"
T2 = "天地玄黄宇宙洪荒日月"
ANN = {T1: [(0, 4, "ORG"), (5, 8, "LOC"), (10, 12, "COMPANY"), (14, 16, "LOC")],
       T2: [(0, 2, "LOC")]}
BOB = {T1: [(0, 4, "ORG"), (5, 8, "ORG"), (10, 13, "COMPANY"), (17, 19, "LOC")],
       T2: [(0, 2, "LOC"), (4, 6, "ORG")]}
# By hand:
#   spans: ann 5, bob 6.  Strict matches (same start, end, label): (0,4,ORG) in T1, (0,2,LOC) in T2 -> 2.
#   strict micro F1 = (2 + 2) / (5 + 6) = 4/11 = 0.3636
#   per label, strict: ORG ann 1 (1 matched), bob 3 (1 matched) -> 2/4 = 0.5
#                      LOC ann 3 (1), bob 2 (1) -> 2/5 = 0.4;  COMPANY ann 1, bob 1, none -> 0/2 = 0
#   boundary (same start and end, any label): ann's (0,4) (5,8) (0,2) are in bob's, and bob's
#     (0,4) (5,8) (0,2) in ann's -> (3 + 3) / 11 = 0.5455
#     ORG: ann (0,4) yes; bob (0,4) yes, (5,8) yes, (4,6) no -> 3/4 = 0.75
#     LOC: ann (5,8) yes, (14,16) no, (0,2) yes; bob (17,19) no, (0,2) yes -> 3/5 = 0.6;  COMPANY 0/2
#   kappa over the 30 characters (tag = label covering it, else O):
#     T1 alike: 0-3 ORG, 4, 8-9, 10-11 COMPANY, 13, 16, 19 -> 12 of 20;
#        apart: 5-7 LOC/ORG, 12 O/COMPANY, 14-15 LOC/O, 17-18 O/LOC
#     T2 alike: 0-1 LOC, 2-3, 6-9 -> 8 of 10; apart: 4-5 O/ORG
#     p_o = 20/30.  Tag counts ann: ORG 4, LOC 7, COMPANY 2, O 17;  bob: ORG 9, LOC 4, COMPANY 3, O 14
#     p_e = (4*9 + 7*4 + 2*3 + 17*14) / 900 = 308/900
#     kappa = (600 - 308) / (900 - 308) = 292/592 = 0.4932
#   disagreements: only bob 2 (T1 (17,19), T2 (4,6)); label 1 (T1 (5,8) LOC vs ORG);
#     boundary 1 (T1 (10,12) vs (10,13)); only ann 1 (T1 (14,16))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "a.db"
    with Store(path) as st:
        ids = {t: st.add_article(make_article(t, f"{i}.txt", "utf-8"), [], "t") for i, t in enumerate((T1, T2))}
        for who, layer in (("ann", ANN), ("bob", BOB)):
            sid = st.start_session(who, "test")
            for text, spans in layer.items():
                aid = ids[text]
                assert st.article(aid).clean == text
                st.record(sid, who, aid, "add", [(None, {"start": s, "end": e, "label": lab}) for s, e, lab in spans])
                st.record(sid, who, aid, "done", [], ("todo", "done"))
        # a third annotator who finished nothing is not compared
        st.take_layer(ids[T1], "cy")
    return path


def test_agreement_matches_the_hand_count(db):
    with Store(db) as st:
        result = agreement(st.finished_layers())
    assert result["articles"] == 2
    (pair,) = result["pairs"]
    assert pair["annotators"] == ["ann", "bob"] and pair["articles"] == 2
    m = pair["micro"]
    assert (m["spans_a"], m["spans_b"], m["strict_matched"]) == (5, 6, 2)
    assert m["strict_f1"] == 0.3636 and m["boundary_f1"] == 0.5455
    per = pair["per_label"]
    assert {k: v["strict_f1"] for k, v in per.items()} == {"COMPANY": 0.0, "LOC": 0.4, "ORG": 0.5}
    assert {k: v["boundary_f1"] for k, v in per.items()} == {"COMPANY": 0.0, "LOC": 0.6, "ORG": 0.75}
    k = pair["kappa"]
    assert (k["chars"], k["agreeing"], k["kappa"]) == (30, 20, 0.4932)
    kinds = [(d["kind"], d["count"]) for d in pair["disagreements"]]
    assert kinds[0] == ("only bob", 2)
    assert sorted(kinds[1:]) == [("boundary", 1), ("label", 1), ("only ann", 1)]
    label = next(d for d in pair["disagreements"] if d["kind"] == "label")
    assert label["examples"] == [{"article": 1, "ann": {"start": 5, "end": 8, "label": "LOC", "text": T1[5:8]},
                                  "bob": {"start": 5, "end": 8, "label": "ORG", "text": T1[5:8]}}]


def test_identical_layers_agree_fully():
    text = "甲乙丙丁戊己"
    spans = [(0, 2, "ORG"), (3, 5, "LOC")]
    (pair,) = agreement([{"id": 1, "text": text, "layers": {"a": spans, "b": list(spans)}}])["pairs"]
    assert pair["micro"]["strict_f1"] == 1.0 and pair["kappa"]["kappa"] == 1.0 and pair["disagreements"] == []


def test_the_command_prints_the_figures_and_json(db, capsys):
    assert main(["agreement", "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pairs"][0]["kappa"]["kappa"] == 0.4932
    assert main(["agreement", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "ann / bob" in text and "0.493" in text and "only bob: 2" in text and "0.364" in text


def test_without_shared_articles_the_command_says_so(tmp_path, capsys):
    path = tmp_path / "b.db"
    Store(path).close()
    assert main(["agreement", "--db", str(path)]) == 0
    assert "nothing to compare" in capsys.readouterr().out
    assert main(["agreement", "--db", str(tmp_path / "missing.db")]) == 2
