"""`zs_tui.suggest.use_cases.suggest_paths` / `resuggest` (zs-tui suggest, resuggest) as library calls."""
from __future__ import annotations

import pytest

from zs_tui.errors import ZsError
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store
from zs_tui.suggest.use_cases import resuggest, suggest_paths

TEXT = "据了解,青禾集团计划在当地投资12亿元建设新材料基地。"
INDUSTRY = {"start": 21, "end": 24, "label": "INDUSTRY"}


def decide(st: Store, aid: int, state: str) -> None:
    """A reviewer's decision on every suggestion of the article, as the review app records it."""
    sid = st.start_session("alice", "test")
    for span in st.spans(aid):
        st.record(sid, "alice", aid, "accept" if state == "accepted" else "reject",
                  [(span.as_dict(), {**span.as_dict(), "state": state})])


def spans_of(records: list[dict]) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for rec in records for s in rec["spans"]}


def test_suggest_returns_one_record_per_file_and_reports_what_it_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen: list[str] = []
    res = suggest_paths([str(tmp_path / "a.txt"), str(tmp_path / "empty.txt")], report=seen.append)
    (rec,) = res.records
    assert rec["text"] == TEXT and rec["meta"]["source"].endswith("a.txt")
    assert (15, 19, "MONEY") in spans_of(res.records)
    assert len(res.problems) == 1 and seen == [f"skipped: {res.problems[0]}"]


def test_suggest_learns_a_rejection_from_the_database(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    assert (21, 24, "INDUSTRY") in spans_of(suggest_paths([str(tmp_path / "a.txt")]).records)
    db = tmp_path / "a.db"
    with Store(db) as st:
        aid = st.add_article(make_article("会上介绍了新材料的前景。", "b.txt", "utf-8"),
                             [{"start": 5, "end": 8, "label": "INDUSTRY"}], "test")
        decide(st, aid, "rejected")
    assert (21, 24, "INDUSTRY") not in spans_of(suggest_paths([str(tmp_path / "a.txt")], db=db).records)


def test_nothing_readable_raises(tmp_path):
    with pytest.raises(ZsError, match="no readable articles"):
        suggest_paths([str(tmp_path / "none.txt")])


def test_resuggest_refreshes_stale_suggestions_and_keeps_decisions(tmp_path):
    db = tmp_path / "a.db"
    with Store(db) as st:
        decided = st.add_article(make_article(TEXT, "a.txt", "utf-8"), [INDUSTRY], "an old version")
        decide(st, decided, "accepted")
        st.add_article(make_article("会上," + TEXT, "b.txt", "utf-8"), [], "an old version")
    res = resuggest(db)
    assert res.articles == 2 and res.pending > 0
    assert res.summary().startswith(f"resuggested 2 article(s) in {db} with version {res.version}")
    with Store(db) as st:
        kept = [s for s in st.spans(decided) if s.state == "accepted"]
        assert [(s.start, s.end, s.label) for s in kept] == [(21, 24, "INDUSTRY")]
        assert any(s.label == "MONEY" and s.state == "pending" for s in st.spans(decided))
    again = resuggest(db)
    assert again.articles == 0 and again.summary().startswith("nothing to do")
    assert resuggest(db, every=True).articles == 2  # neither is done
