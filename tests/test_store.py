"""The store: WAL, foreign keys, append-only events, refusals that change nothing."""
import sqlite3

import pytest

from zs_tui.ingest import make_article
from zs_tui.storage import FlatnessError, Store, StoreError

TEXT = "徐州高新区签约新能源项目。"


@pytest.fixture
def store(db_path):
    st = Store(db_path)
    aid = st.add_article(make_article(TEXT, "t.txt", "utf-8"),
                         [{"start": 0, "end": 5, "label": "LOC"}, {"start": 7, "end": 10, "label": "INDUSTRY"}], "v1")
    st.aid = aid
    yield st
    st.close()


def test_wal_and_foreign_keys_are_on(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_events_are_append_only(store):
    sid = store.start_session("ann", "t")
    span = store.spans(store.aid)[0]
    store.record(sid, "ann", store.aid, "accept", [(span.as_dict(), {**span.as_dict(), "state": "accepted"})])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE events SET action='x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM events")


def test_record_refuses_overlap_and_changes_nothing(store):
    sid = store.start_session("ann", "t")
    before = [(s.start, s.end, s.state) for s in store.spans(store.aid)]
    with pytest.raises(FlatnessError):
        store.record(sid, "ann", store.aid, "add", [(None, {"start": 3, "end": 8, "label": "ORG"})])
    with pytest.raises(FlatnessError):
        store.record(sid, "ann", store.aid, "add", [(None, {"start": 11, "end": 99, "label": "ORG"})])
    assert [(s.start, s.end, s.state) for s in store.spans(store.aid)] == before
    assert list(store.events()) == []


def test_record_refuses_a_stale_before(store):
    sid = store.start_session("ann", "t")
    span = store.spans(store.aid)[0].as_dict()
    store.record(sid, "ann", store.aid, "accept", [(span, {**span, "state": "accepted"})])
    with pytest.raises(StoreError, match="not as expected"):
        store.record(sid, "ann", store.aid, "reject", [(span, {**span, "state": "rejected"})])
    assert store.spans(store.aid)[0].state == "accepted"


def test_first_decision_puts_article_in_progress_in_the_same_event(store):
    sid = store.start_session("ann", "t")
    span = store.spans(store.aid)[0].as_dict()
    store.record(sid, "ann", store.aid, "accept", [(span, {**span, "state": "accepted"})])
    assert store.article(store.aid).status == "in_progress"
    ev = list(store.events())[0]
    assert ev["before"]["status"] == "todo" and ev["after"]["status"] == "in_progress"


def test_resuggest_keeps_decided_spans(store):
    sid = store.start_session("ann", "t")
    loc, ind = [s.as_dict() for s in store.spans(store.aid)]
    store.record(sid, "ann", store.aid, "reject", [(ind, {**ind, "state": "rejected"})])
    store.record(sid, "ann", store.aid, "accept", [(loc, {**loc, "state": "accepted"})])
    new = [{"start": 0, "end": 2, "label": "LOC"}, {"start": 7, "end": 10, "label": "INDUSTRY"}, {"start": 7, "end": 12, "label": "PROJECT"}]
    store.replace_suggestions(store.aid, new, "v2")
    spans = [(s.start, s.end, s.label, s.state) for s in store.spans(store.aid)]
    # accepted LOC kept, overlapping new LOC dropped; rejected INDUSTRY not resuggested;
    # the new PROJECT does not overlap a kept span, so it is offered.
    assert (0, 5, "LOC", "accepted") in spans and (0, 2, "LOC", "pending") not in spans
    assert spans.count((7, 10, "INDUSTRY", "rejected")) == 1 and (7, 10, "INDUSTRY", "pending") not in spans
    assert (7, 12, "PROJECT", "pending") in spans
