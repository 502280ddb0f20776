"""The store: WAL, foreign keys, append-only events, refusals that change nothing."""
import sqlite3

import pytest

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import SCHEMA_VERSION, FlatnessError, SchemaError, Store, StoreError

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


def test_record_changes_the_status_only_as_asked_in_the_same_event(store):
    # which status an action leads to is review policy (ReviewSession), not storage's
    sid = store.start_session("ann", "t")
    loc, ind = [s.as_dict() for s in store.spans(store.aid)]
    store.record(sid, "ann", store.aid, "accept", [(loc, {**loc, "state": "accepted"})])
    assert store.article(store.aid).status == "todo"
    store.record(sid, "ann", store.aid, "reject", [(ind, {**ind, "state": "rejected"})], ("todo", "in_progress"))
    assert store.article(store.aid).status == "in_progress"
    first, second = store.events()
    assert first["before"]["status"] is None and first["after"]["status"] is None
    assert second["before"]["status"] == "todo" and second["after"]["status"] == "in_progress"


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


# -- schema: refusals leave the file byte-for-byte as it was -----------------

def _snapshot(path):
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def test_newer_schema_is_refused_and_unchanged(db_path):
    with Store(db_path) as st:
        st.add_article(make_article(TEXT, "t.txt", "utf-8"))
        st.conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    before = _snapshot(db_path)
    with pytest.raises(SchemaError, match=rf"newer zs_tui \(schema {SCHEMA_VERSION + 1}\).*not changed"):
        Store(db_path)
    assert _snapshot(db_path) == before


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_foreign_sqlite_database_is_refused_and_unchanged(tmp_path, journal):
    db = tmp_path / "other.db"
    c = sqlite3.connect(db)
    c.execute(f"PRAGMA journal_mode={journal}")
    c.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)")
    c.execute("INSERT INTO customers(name) VALUES ('招商局')")
    c.commit()
    c.close()
    before = _snapshot(db)
    with pytest.raises(SchemaError, match="not a zs_tui one.*not changed"):
        Store(db)
    # journal_mode=WAL is persistent: switching it would rewrite the header
    assert _snapshot(db) == before


def test_foreign_database_with_a_meta_table_is_refused(tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE meta(k TEXT, v TEXT)")
        c.execute("INSERT INTO meta VALUES ('owner', 'someone else')")
    c.close()
    before = _snapshot(db)
    with pytest.raises(SchemaError, match="not a zs_tui one"):
        Store(db)
    assert _snapshot(db) == before


def test_unknown_schema_version_is_refused(db_path):
    with Store(db_path) as st:
        st.conn.execute("DELETE FROM meta WHERE key='schema_version'")
    before = _snapshot(db_path)
    with pytest.raises(SchemaError, match="cannot migrate.*not changed"):
        Store(db_path)
    assert _snapshot(db_path) == before


def test_file_that_is_not_sqlite_is_refused_and_unchanged(tmp_path):
    db = tmp_path / "notes.db"
    db.write_bytes(b"my notes\n" * 100)
    with pytest.raises(SchemaError, match="not an SQLite database"):
        Store(db)
    assert db.read_bytes() == b"my notes\n" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_reopening_keeps_data_and_version(db_path):
    with Store(db_path) as st:
        aid = st.add_article(make_article(TEXT, "t.txt", "utf-8"))
    with Store(db_path, create=False) as st:
        assert st.version == SCHEMA_VERSION
        assert st.article(aid).clean == TEXT
    with pytest.raises(SchemaError, match="no database"):
        Store(db_path.parent / "absent.db", create=False)
    assert not (db_path.parent / "absent.db").exists()


# -- articles ----------------------------------------------------------------

def test_add_article_keeps_everything_and_ignores_duplicates(db_path):
    raw = "南京金基控股(集團(tuán))有限公司\r\n"
    art = make_article(raw, "a/b.txt", "big5", {"url": "http://x"})
    with Store(db_path) as st:
        aid = st.add_article(art)
        assert st.add_article(make_article(raw, "elsewhere.txt", "utf-8")) is None
        got = st.article(aid)
        assert st.count_articles() == 1
    assert (got.raw, got.clean, got.encoding, got.script, got.source) == (
        raw, "南京金基控股(集團)有限公司\n", "big5", "traditional", "a/b.txt")
    assert got.title == "南京金基控股(集團)有限公司" and got.n_chars == len(got.clean)
    assert got.meta == {"url": "http://x"} and got.status == "todo"
    assert got.char_map == art.char_map and got.sha256 == art.sha256


def test_a_failed_transaction_adds_nothing(db_path):
    with Store(db_path) as st:
        st.add_article(make_article(TEXT, "t.txt", "utf-8"))
        with pytest.raises(RuntimeError):
            with st.transaction():
                for i in range(5):
                    if i == 2:
                        raise RuntimeError("disk full")
                    st.add_article(make_article(f"{TEXT}{i}", f"{i}.txt", "utf-8"), [{"start": 0, "end": 2, "label": "LOC"}], "v1")
        assert st.count_articles() == 1
        assert st.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        assert st.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0


def test_suggestion_outside_the_text_is_refused(db_path):
    with Store(db_path) as st:
        with pytest.raises(FlatnessError, match="outside the text"):
            st.add_article(make_article(TEXT, "t.txt", "utf-8"), [{"start": 5, "end": 99, "label": "LOC"}], "v1")
        assert st.count_articles() == 0


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            "INSERT INTO spans(article_id, start, \"end\", label, text, origin, state, updated_at)"
            " VALUES (999, 0, 1, 'LOC', 'x', 'manual', 'accepted', 'now')")


def test_record_refusals_leave_events_spans_and_status_unchanged(store):
    sid = store.start_session("ann", "t")
    span = store.spans(store.aid)[0].as_dict()
    store.record(sid, "ann", store.aid, "accept", [(span, {**span, "state": "accepted"})], ("todo", "in_progress"))
    snap = lambda: (  # noqa: E731
        [s.as_dict() for s in store.spans(store.aid)], store.article(store.aid).status, len(list(store.events())))
    before = snap()
    # stale before: the screen still shows the span as pending
    with pytest.raises(StoreError, match="not as expected"):
        store.record(sid, "ann", store.aid, "reject", [(span, {**span, "state": "rejected"})])
    # a span that does not exist
    with pytest.raises(StoreError, match="not as expected"):
        store.record(sid, "ann", store.aid, "reject", [({**span, "id": 9999}, None)])
    # two changes, the second overlapping the first: the first must not stay
    with pytest.raises(FlatnessError):
        store.record(sid, "ann", store.aid, "add", [
            (None, {"start": 11, "end": 12, "label": "ORG"}),
            (None, {"start": 3, "end": 8, "label": "ORG"}),
        ])
    # a status change from the wrong status
    with pytest.raises(StoreError, match="is in_progress, not todo"):
        store.record(sid, "ann", store.aid, "done", [], status=("todo", "done"))
    assert snap() == before


def test_import_without_suggestions_leaves_articles_for_resuggest(db_path):
    with Store(db_path) as st:
        a = st.add_article(make_article(TEXT, "t.txt", "utf-8"), [], "")
        st.add_article(make_article(TEXT + "!", "u.txt", "utf-8"), [], "v1")
        assert st.articles_needing_suggestions("v1") == [a]


def test_a_failed_write_inside_a_larger_one_leaves_no_trace(store):
    """A refused action caught inside a bigger transaction: its own writes go,
    the rest of the bigger transaction commits."""
    sid = store.start_session("ann", "test")
    loc, ind = store.spans(store.aid)
    with store.transaction():
        store.record(sid, "ann", store.aid, "accept", [(loc.as_dict(), {**loc.as_dict(), "state": "accepted"})])
        with pytest.raises(FlatnessError):
            # the resize is written, then found to overlap: it must be undone
            store.record(sid, "ann", store.aid, "resize", [(ind.as_dict(), {**ind.as_dict(), "start": 3})])
    assert [(s.start, s.end, s.state) for s in store.spans(store.aid)] == [(0, 5, "accepted"), (7, 10, "pending")]
    assert [e["action"] for e in store.events(sid)] == ["accept"]


def _overlapping(spans):
    live = sorted((s["start"], s["end"]) for s in spans if s["state"] != "rejected")
    return any(b[0] < a[1] for a, b in zip(live, live[1:]))


def test_record_refuses_exactly_the_edits_that_would_overlap(db_path):
    # Random adds, edge moves, two-span changes (merges, splits), deletes and
    # rejects/restores: each is refused iff the layer's live spans would
    # overlap afterwards, and a refused one leaves the spans as they were.
    import random
    rng = random.Random(7)
    text = "开发区" * 40
    st = Store(db_path)
    aid = st.add_article(make_article(text, "r.txt", "utf-8"), [], "v1")
    sid = st.start_session("ann", "t")
    refused = kept = 0
    for _ in range(400):
        spans = [s.as_dict() for s in st.spans(aid, layer="ann")]
        def span_at(pos):
            a = rng.randrange(len(text) - 1)
            return {"start": a, "end": rng.randint(a + 1, min(len(text), a + 9)), "label": "LOC", "state": "accepted"}
        kind = rng.choice(["add", "add", "move", "pair", "delete", "state"] if spans else ["add"])
        if kind == "add":
            changes = [(None, span_at(0))]
        elif kind == "move":
            s = rng.choice(spans)
            a = min(len(text) - 1, max(0, s["start"] + rng.randint(-4, 4)))
            changes = [(s, {**s, "start": a, "end": max(a + 1, min(len(text), s["end"] + rng.randint(-4, 4)))})]
        elif kind == "pair":
            s = rng.choice(spans)
            other = rng.choice(spans)
            grown = {**s, "end": min(len(text), s["end"] + rng.randint(0, 12))}
            changes = [(s, grown), (None, span_at(0))] if other is s else [(s, grown), (other, None)]
        elif kind == "delete":
            s = rng.choice(spans)
            changes = [(s, None)]
        else:
            s = rng.choice(spans)
            changes = [(s, {**s, "state": "accepted" if s["state"] == "rejected" else "rejected"})]
        touched = {b["id"] for b, _ in changes if b is not None}
        result = [s for s in spans if s["id"] not in touched] + [a for _, a in changes if a is not None]
        try:
            st.record(sid, "ann", aid, "edit", changes)
        except FlatnessError:
            refused += 1
            assert _overlapping(result), changes
            assert [s.as_dict() for s in st.spans(aid, layer="ann")] == spans
        else:
            kept += 1
            assert not _overlapping(result), changes
        assert not _overlapping([s.as_dict() for s in st.spans(aid, layer="ann")])
    assert refused > 50 and kept > 50  # both ways were tried
    st.close()


def test_an_overlap_stored_before_blocks_neither_other_edits_nor_lets_new_ones_in(store):
    # a layer holding an overlap already (written by hand or an old build):
    # an edit elsewhere is kept, an edit overlapping any span is refused
    sid = store.start_session("ann", "t")
    span = store.spans(store.aid)[0].as_dict()
    store.record(sid, "ann", store.aid, "accept", [(span, {**span, "state": "accepted"})])  # the layer exists
    store.conn.execute("INSERT INTO spans(article_id, start, \"end\", label, text, origin, state, layer, updated_at)"
                       " VALUES (?, 1, 2, 'ORG', 'x', 'manual', 'accepted', 'ann', 't')", (store.aid,))
    store.conn.commit()
    with pytest.raises(FlatnessError):  # reaches into the long span [0, 5), not only the short one
        store.record(sid, "ann", store.aid, "add", [(None, {"start": 3, "end": 4, "label": "ORG"})])
    store.record(sid, "ann", store.aid, "add", [(None, {"start": 5, "end": 7, "label": "ORG"})])
    assert (5, 7) in [(s.start, s.end) for s in store.spans(store.aid, layer="ann")]
