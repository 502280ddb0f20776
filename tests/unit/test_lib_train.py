"""`zs_tui.suggest.use_cases.train` (zs-tui train) as a library call."""
from __future__ import annotations

import json

import pytest

from zs_tui.errors import ZsError
from zs_tui.ingest.importing import import_paths
from zs_tui.suggest.model import SpanModel, db_model_path
from zs_tui.suggest.use_cases import train


def test_train_on_a_database_writes_its_model_beside_it(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"text": "青禾智谷项目今天开工,青禾智谷位于城东。",
                                "spans": [{"start": 0, "end": 4, "label": "PROJECT"},
                                          {"start": 11, "end": 15, "label": "PROJECT"}]},
                               ensure_ascii=False) + "\n", "utf-8")
    db = tmp_path / "a.db"
    import_paths(db, [str(gold)], as_gold=True)
    progress: list[str] = []
    out = train(db, folds=0, report=progress.append)
    assert out.target == db_model_path(db) and out.target.exists()
    assert out.source.endswith(f"1 reviewed article(s) of {db}")
    assert progress and out.result.tried == {}  # --folds 0: no cross-validation
    # no cross-validation, no evidence of a gain: the model is off
    assert set(out.result.policy.winner.values()) == {"rules"} and not out.result.policy.uses_model
    assert out.decision() == ["model off: no cross-validation (fewer than 2 articles judged, or --folds 0):"
                              " no evidence of a gain; the rules alone suggest"]
    assert "PROJECT" in SpanModel.load(out.target).labels


def test_refusals(tmp_path):
    with pytest.raises(ZsError, match="--folds must be 0 or more"):
        train(folds=-1)
    with pytest.raises(ZsError, match="no database"):
        train(tmp_path / "none.db", folds=0)
    assert not (tmp_path / "none.db").exists()
    with pytest.raises(ZsError, match="does not exist"):
        train(output=tmp_path / "no" / "such" / "m.crf", folds=0)
