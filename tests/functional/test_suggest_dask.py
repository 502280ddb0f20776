"""README's "Past one machine": its Dask bag code, run as written on a local
cluster of two worker processes, gives the lines `zs-tui suggest` prints."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from dask.distributed import Client, LocalCluster

from zs_tui.cli import cli
from zs_tui.errors import ZsError
from zs_tui.suggest.records import suggest_record

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def readme_block() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Past one machine"):]
    block = section[section.index("```python") + len("```python"):]
    return block[:block.index("```")]


def write_corpus(folder: Path) -> None:
    """Two JSONL files of two dev articles each (one Traditional among them)."""
    folder.mkdir()
    seeds = [json.loads(line) for line in (DATA / "gold_seeds.jsonl").open(encoding="utf-8")]
    web = [json.loads(line) for line in (DATA / "gold_web.jsonl").open(encoding="utf-8")]
    for name, recs in (("a", seeds[:2]), ("b", web[:2])):
        lines = [json.dumps({"text": r["text"], "meta": {"source": f"{name}-{k}"}}, ensure_ascii=False)
                 for k, r in enumerate(recs)]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def test_the_readme_dask_code_on_two_workers_gives_the_spans_of_zs_tui_suggest(tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as probe:
        assert len(probe.scheduler_info()["workers"]) == 2
        pids = set(probe.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids  # two processes of their own
        exec(compile(readme_block(), "README.md", "exec"), {"SCHEDULER": cluster.scheduler_address})
    dask_lines = [line for part in sorted((tmp_path / "suggested").glob("*.jsonl"))
                  for line in part.read_text("utf-8").splitlines()]
    r = CliRunner().invoke(cli, ["suggest", "corpus/a.jsonl", "corpus/b.jsonl"])
    assert r.exit_code == 0, r.output
    cli_lines = r.stdout.splitlines()
    assert len(cli_lines) == 4
    assert dask_lines == cli_lines  # same records, byte for byte, in the same order
    spans = [json.loads(line)["spans"] for line in dask_lines]
    assert all(len(s) > 10 for s in spans)  # each dev article names many entities


def test_a_record_import_would_skip_is_refused_with_a_message():
    with pytest.raises(ZsError, match='"text"'):
        suggest_record({"meta": {"source": "x"}})
    with pytest.raises(ZsError, match="meta"):
        suggest_record({"text": "某公司在本市签约。", "meta": ["x"]})


def test_a_record_keeps_its_source_and_is_cleaned_as_import_cleans_it():
    out = suggest_record({"text": "  某集团投资12亿元建设基地。", "meta": {"source": "feed/7"}})
    assert out["meta"] == {"source": "feed/7"}
    assert ("12亿元", "MONEY") in {(s["text"], s["label"]) for s in out["spans"]}
    assert all(out["text"][s["start"]:s["end"]] == s["text"] for s in out["spans"])
