"""`zs_tui.evaluate.agreement.database_agreement` (zs-tui agreement) as a library call on a database
(the figures themselves against a hand count: tests/test_agreement.py)."""
from __future__ import annotations

import pytest
from review_data import seed_store
from review_pair import review, two_annotators

from zs_tui.errors import ZsError
from zs_tui.evaluate.agreement import database_agreement


def test_two_annotators_on_one_article_are_compared_and_the_database_is_only_read(db_path):
    two_annotators(db_path)
    before = db_path.read_bytes()
    res = database_agreement(db_path)
    assert db_path.read_bytes() == before
    (pair,) = res["pairs"]
    assert pair["annotators"] == ["ann", "bob"] and pair["articles"] == 1
    m = pair["micro"]
    # ann 6 spans, bob the same 5: strict F1 = 2*5 / (6+5)
    assert (m["spans_a"], m["spans_b"], m["strict_matched"], m["strict_f1"]) == (6, 5, 5, round(10 / 11, 4))
    assert [(d["kind"], d["count"]) for d in pair["disagreements"]] == [("only ann", 1)]
    (ex,) = pair["disagreements"][0]["examples"]
    assert ex["ann"]["text"] == "徐州铜山" and ex["ann"]["label"] == "LOC" and ex["bob"] is None


def test_an_article_only_one_annotator_finished_is_not_compared(db_path):
    with seed_store(db_path, articles=2) as st:
        review(st, "ann", "Ad", article=1)
        review(st, "bob", "Ad", article=2)
        review(st, "cy", "A", article=1)  # opened and worked on, not done
    assert database_agreement(db_path)["pairs"] == []


def test_a_missing_database_is_a_zs_error_and_is_not_created(tmp_path):
    with pytest.raises(ZsError, match="no database") as e:
        database_agreement(tmp_path / "none.db")
    assert e.value.exit_code == 2 and not (tmp_path / "none.db").exists()
