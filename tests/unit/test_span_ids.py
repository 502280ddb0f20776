"""A deleted span's id is never given to another span: undo puts the span
back under its own id, and another annotator or an import may have added
spans meanwhile (this closed a review app with a UNIQUE constraint error)."""
from __future__ import annotations

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store
from zs_tui.storage.publish import publish, staging_path

TEXT = "徐州市与上海企业签约,总投资5亿元。\n"


def _manual(aid: int, start: int, end: int, label: str = "LOC") -> dict:
    return {"article_id": aid, "start": start, "end": end, "label": label, "origin": "manual", "state": "accepted"}


def test_undoing_a_removal_after_someone_else_added_a_span_restores_it(db_path):
    bob, alice = Store(db_path), Store(db_path)
    try:
        aid = bob.add_article(make_article(TEXT, "a.txt", "utf-8"), [], "t")
        sb, sa = bob.start_session("bob", "test"), alice.start_session("alice", "test")
        bob.record(sb, "bob", aid, "add", [(None, _manual(aid, 0, 3))])
        (added,) = [s.as_dict() for s in bob.spans(aid)]
        bob.record(sb, "bob", aid, "reject", [(added, None)])  # a span he added is removed
        alice.record(sa, "alice", aid, "add", [(None, _manual(aid, 4, 6))])
        bob.record(sb, "bob", aid, "undo", [(None, added)])  # his removal taken back
        assert {(s.id, s.start, s.end) for s in bob.spans(aid, layer="bob")} == {(added["id"], 0, 3)}
        # alice's span is in her own layer, under an id of its own
        (hers,) = alice.spans(aid, layer="alice")
        assert (hers.start, hers.end) == (4, 6) and hers.id != added["id"]
    finally:
        bob.close()
        alice.close()


def test_an_import_published_into_a_database_does_not_take_a_deleted_span_id(db_path, tmp_path):
    with Store(db_path) as st:
        aid = st.add_article(make_article(TEXT, "a.txt", "utf-8"), [], "t")
        sid = st.start_session("bob", "test")
        st.record(sid, "bob", aid, "add", [(None, _manual(aid, 0, 3))])
        (gone,) = [s.as_dict() for s in st.spans(aid)]
        st.record(sid, "bob", aid, "reject", [(gone, None)])
    staged = staging_path(db_path)
    with Store(staged, create=True) as stage:
        stage.add_article(make_article("另一篇:南京签约。\n", "b.txt", "utf-8"), [{"start": 4, "end": 6, "label": "LOC"}], "t")
    publish(staged, db_path)
    with Store(db_path) as st:
        ids = [s.id for a in st.article_ids() for s in st.spans(a)]
        assert ids and gone["id"] not in ids
