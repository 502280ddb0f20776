"""`zs_tui.ingest.importing` as a library: results returned, refusals raised as ZsError, nothing printed."""
from __future__ import annotations

import json

import pytest

from zs_tui.errors import ZsError
from zs_tui.ingest.importing import import_paths, seed_database
from zs_tui.storage import Store

TEXT = "据悉,青禾新材料产业园项目总投资12亿元,预计明年投产。"


def test_import_returns_what_it_added_and_prints_nothing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    (tmp_path / "b.txt").write_text("会上," + TEXT, "utf-8")
    db = tmp_path / "x.db"
    res = import_paths(db, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], suggest=False)
    assert (res.read, res.added, res.dupes) == (2, 2, 0)
    assert res.summary() == f"imported 2 article(s) into {db}"
    again = import_paths(db, [str(tmp_path / "a.txt")], suggest=False)
    assert again.added == 0 and again.summary().startswith("nothing new: all 1 article(s)")
    assert capsys.readouterr() == ("", "")
    with Store(db) as st:
        assert len(st.article_ids()) == 2


def test_suggested_import_counts_the_suggestions_it_stored(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    res = import_paths(tmp_path / "x.db", [str(tmp_path / "a.txt")])
    with Store(tmp_path / "x.db") as st:
        stored = st.suggestions(st.article_ids()[0])
    assert res.spans == len(stored) > 0 and any(s["label"] == "MONEY" for s in stored)


def test_a_bad_file_refuses_everything_with_a_hint_and_reports_it(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen: list[str] = []
    with pytest.raises(ZsError) as e:
        import_paths(tmp_path / "x.db", [str(tmp_path / "good.txt"), str(tmp_path / "empty.txt")],
                     suggest=False, report=seen.append)
    assert e.value.message == "nothing imported: 1 problem(s)" and e.value.hint == "use --skip-bad to import the rest"
    assert e.value.exit_code == 2
    assert len(seen) == 1 and "empty.txt: empty file" in seen[0]
    assert not (tmp_path / "x.db").exists()
    res = import_paths(tmp_path / "x.db", [str(tmp_path / "good.txt"), str(tmp_path / "empty.txt")],
                       suggest=False, skip_bad=True)
    assert res.added == 1


def test_gold_import_stores_the_spans_as_done(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"text": TEXT, "spans": [{"start": 16, "end": 20, "label": "MONEY"}]},
                               ensure_ascii=False) + "\n", "utf-8")
    res = import_paths(tmp_path / "x.db", [str(gold)], as_gold=True)
    assert res.summary().endswith("as gold (1 spans)")
    with Store(tmp_path / "x.db") as st:
        (aid,) = st.article_ids()
        assert st.article(aid).status == "done"


def test_seeding_names_the_seeds_as_the_user_would(tmp_path, monkeypatch, seeds_dir):
    monkeypatch.chdir(tmp_path)
    seeded = seed_database("annotations.db")
    assert seeded is not None and seeded.imported.added == len(list(seeds_dir.glob("*.txt")))
    assert seeded.notice.endswith(f"{seeded.imported.added} article(s) to review")
    with Store("annotations.db") as st:
        assert all(st.article(a).source.startswith("seeds/") for a in st.article_ids())
