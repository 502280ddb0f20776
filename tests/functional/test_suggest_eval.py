"""`zs-tui eval` gives the figures of shared/tools/evaluate.py for the same input."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.evaluate.metrics import score

# A copy of ../shared/tools/evaluate.py, the team's reference scorer, kept
# here so that the parity test runs on a fresh clone too.
SHARED_EVAL = Path(__file__).resolve().parents[1] / "data" / "evaluate_reference.py"


def test_hand_computed_figures():
    text = "2024年3月,合肥市与某公司签约。"
    gold = [{"source": "x.txt", "text": text, "spans": [
        {"start": 0, "end": 7, "label": "DATE"}, {"start": 8, "end": 11, "label": "LOC"}]}]
    # one exact hit, one right boundary with the wrong label, one spurious span
    pred = [{"text": text, "meta": {"source": "/some/dir/x.txt"}, "spans": [
        {"start": 0, "end": 7, "label": "DATE"}, {"start": 8, "end": 11, "label": "ORG"},
        {"start": 12, "end": 15, "label": "COMPANY"}]}]
    res = score(gold, pred)
    assert res["labels"]["DATE"][:3] == (1.0, 1.0, 1.0)
    assert res["labels"]["LOC"][:3] == (0.0, 0.0, 0.0)
    assert res["micro"][0] == pytest.approx(1 / 3) and res["micro"][1] == pytest.approx(1 / 2)
    assert res["boundary"][0] == pytest.approx(2 / 3) and res["boundary"][1] == 1.0
    # accept 1 + relabel 2 + reject 1, against 2 x 2 from scratch
    assert (res["effort_ops"], res["scratch_ops"]) == (4, 4)


def test_offsets_are_carried_through_removed_noise():
    gold_text = "签约仪式在合肥举行"
    pred_text = "签约仪式在 合肥举行"  # the predictor saw a stray space
    gold = [{"source": "a.txt", "text": gold_text, "spans": [{"start": 5, "end": 7, "label": "LOC"}]}]
    pred = [{"text": pred_text, "meta": {"source": "a.txt"}, "spans": [{"start": 6, "end": 8, "label": "LOC"}]}]
    assert score(gold, pred)["micro"][2] == 1.0


def test_eval_prints_what_evaluate_py_prints(capsys, tmp_path, seeds_dir, gold_path):
    paths = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert main(["suggest", *paths]) == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(capsys.readouterr().out, encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SHARED_EVAL), str(gold_path), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    assert main(["eval", str(gold_path), *paths]) == 0
    assert capsys.readouterr().out == ref
    ref_json = json.loads(subprocess.run([sys.executable, str(SHARED_EVAL), str(gold_path), str(pred), "--json"],
                                         capture_output=True, text=True, check=True).stdout)
    assert main(["eval", "--json", str(gold_path), *paths]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours == ref_json


def test_eval_db_scores_the_stored_suggestions(capsys, seeds_dir, gold_path, db_path):
    paths = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert main(["import", "--db", str(db_path), *paths]) == 0
    capsys.readouterr()
    assert main(["eval", "--json", str(gold_path), *paths]) == 0
    fresh = json.loads(capsys.readouterr().out)
    assert main(["eval", "--json", "--db", str(db_path), str(gold_path)]) == 0
    stored = json.loads(capsys.readouterr().out)
    assert stored["micro"] == fresh["micro"] and not stored["missing_articles"]


def test_eval_refuses_a_missing_database(capsys, tmp_path, gold_path):
    assert main(["eval", "--db", str(tmp_path / "none.db"), str(gold_path)]) == 2
    assert not (tmp_path / "none.db").exists()
