"""`zs_tui.export.exporting.export_gold` (zs-tui export) as a library call."""
from __future__ import annotations

import json

import pytest

from zs_tui.errors import ZsError
from zs_tui.export.exporting import export_gold
from zs_tui.storage import Store


def test_export_writes_the_accepted_spans_of_done_articles(reviewed_db, tmp_path):
    db, _ = reviewed_db
    out = tmp_path / "gold.jsonl"
    res = export_gold(db, str(out))
    (rec,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    with Store(db) as st:
        (done,) = [a for a in st.article_ids() if st.article(a).status == "done"]
        accepted = sorted((s.start, s.end, s.label) for s in st.spans(done) if s.state == "accepted")
    assert sorted((s["start"], s["end"], s["label"]) for s in rec["spans"]) == accepted
    assert (res.counts.articles, res.counts.spans) == (1, len(accepted))
    assert res.summary() == f"exported 1 article(s) (status done), {len(accepted)} span(s), as jsonl to {out}"


def test_any_status_and_formats(reviewed_db, tmp_path):
    db, _ = reviewed_db
    out = tmp_path / "all.conll"
    res = export_gold(db, str(out), fmt="conll", scheme="bmes", status="any")
    with Store(db) as st:
        n = len(st.article_ids())
    assert res.counts.articles == n and out.read_text("utf-8").count("\n\n") == n


@pytest.mark.parametrize("kwargs, says", [
    ({"fmt": "jsonl", "scheme": "bmes"}, "--scheme applies to --format conll only"),
    ({"output": "DB"}, "is the database (or one of its files)"),
    ({"output": "DB-wal"}, "is the database (or one of its files)"),
])
def test_refusals_raise_and_write_nothing(reviewed_db, kwargs, says):
    db, _ = reviewed_db
    before = db.read_bytes()
    if "output" in kwargs:
        kwargs = {**kwargs, "output": kwargs["output"].replace("DB", str(db))}
    with pytest.raises(ZsError, match=says.replace("(", r"\(").replace(")", r"\)")):
        export_gold(db, **kwargs)
    assert db.read_bytes() == before


def test_a_missing_database_is_refused_and_not_created(tmp_path):
    with pytest.raises(ZsError, match="no database"):
        export_gold(tmp_path / "none.db", str(tmp_path / "out.jsonl"))
    assert list(tmp_path.iterdir()) == []
