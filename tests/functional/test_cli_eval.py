"""`zs-tui eval` through click (CliRunner): the report, --json, a missing gold file."""
from __future__ import annotations

import json

from click.testing import CliRunner

from zs_tui.cli import cli

TEXT = "据了解,青禾集团计划在当地投资12亿元建设新材料基地。"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_report_and_json_of_the_suggester_on_a_file(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"text": TEXT, "spans": [{"start": 15, "end": 19, "label": "MONEY"}]},
                               ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    r = run("eval", gold, tmp_path / "a.txt")
    assert r.exit_code == 0
    money = next(line for line in r.stdout.splitlines() if line.startswith("MONEY"))
    assert money.split()[1:4] == ["1.000", "1.000", "1.000"]
    assert r.stdout.splitlines()[-1].startswith("strict micro F1 ")
    r = run("eval", gold, "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["labels"]["MONEY"][2] == 1.0


def test_a_missing_gold_file_exits_2(tmp_path):
    r = run("eval", tmp_path / "none.jsonl")
    assert r.exit_code == 2 and r.stderr.startswith(f"error: cannot read gold {tmp_path / 'none.jsonl'}")
