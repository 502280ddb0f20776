"""`zs_tui.evaluate.evaluating.evaluate_suggestions` (zs-tui eval) as a library call."""
from __future__ import annotations

import json

import pytest

from zs_tui.errors import ZsError
from zs_tui.evaluate.evaluating import evaluate_suggestions
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store

TEXT = "据了解,青禾集团计划在当地投资12亿元建设新材料基地。"
MONEY = {"start": 15, "end": 19, "label": "MONEY"}
FIRM = {"start": 4, "end": 8, "label": "COMPANY"}


def write_gold(path, spans):
    path.write_text(json.dumps({"text": TEXT, "spans": spans, "source": "a.txt"}, ensure_ascii=False) + "\n", "utf-8")
    return path


def db_with(path, suggestions):
    with Store(path) as st:
        st.add_article(make_article(TEXT, "a.txt", "utf-8"), suggestions, "test")
    return path


def test_stored_suggestions_equal_to_the_gold_score_one(tmp_path):
    gold = write_gold(tmp_path / "g.jsonl", [MONEY, FIRM])
    res = evaluate_suggestions(gold, db=db_with(tmp_path / "a.db", [MONEY, FIRM]))
    assert res["micro"] == pytest.approx((1.0, 1.0, 1.0)) and res["effort_saved"] == 0.5


def test_a_wrong_label_costs_precision_and_recall(tmp_path):
    gold = write_gold(tmp_path / "g.jsonl", [MONEY, FIRM])
    res = evaluate_suggestions(gold, db=db_with(tmp_path / "a.db", [MONEY, {**FIRM, "label": "ORG"}]))
    assert res["micro"][0] == pytest.approx(0.5) and res["micro"][1] == pytest.approx(0.5)
    assert res["boundary"][2] == pytest.approx(1.0)  # the boundaries were right


def test_the_suggester_run_now_on_the_gold_texts(tmp_path):
    res = evaluate_suggestions(write_gold(tmp_path / "g.jsonl", [MONEY]))
    assert res["labels"]["MONEY"][:3] == pytest.approx((1.0, 1.0, 1.0))


def test_bad_gold_and_bad_combinations_raise(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": TEXT, "spans": [{"start": 5, "end": 99, "label": "X"}]}) + "\n", "utf-8")
    with pytest.raises(ZsError, match=r"bad\.jsonl:1: .*outside the text"):
        evaluate_suggestions(bad)
    with pytest.raises(ZsError, match="either --db or PATHs"):
        evaluate_suggestions(bad, ["a.txt"], db="a.db")
    with pytest.raises(ZsError, match="no database at"):
        evaluate_suggestions(write_gold(tmp_path / "g.jsonl", [MONEY]), db=tmp_path / "none.db")
