"""`zs_tui.sessions.session_file.list_sessions` / `export_session` (zs-tui sessions) as library calls."""
from __future__ import annotations

import pytest

from zs_tui.errors import ZsError
from zs_tui.sessions.session_file import export_session, list_sessions, read_session
from zs_tui.storage import Store


def test_list_sessions_returns_each_session_with_its_counts(reviewed_db):
    db, sid = reviewed_db
    sessions = list_sessions(db)
    mine = next(s for s in sessions if s["id"] == sid)
    with Store(db) as st:
        assert mine["actions"] == len(list(st.events(sid)))
    assert mine["annotator"] == "alice" and mine["articles"] == 2


def test_export_session_writes_a_file_that_reads_back(reviewed_db, tmp_path):
    db, sid = reviewed_db
    path = tmp_path / "s.jsonl"
    n = export_session(db, sid, str(path))
    header, events = read_session(path)
    assert header["id"] == sid and len(events) == n > 0


def test_an_unknown_session_raises_with_a_hint(reviewed_db, tmp_path):
    db, _ = reviewed_db
    with pytest.raises(ZsError) as e:
        export_session(db, "nope", str(tmp_path / "s.jsonl"))
    assert e.value.message == f"no session 'nope' in {db}"
    assert e.value.hint == f"`zs-tui sessions --db {db}` lists them"
    assert not (tmp_path / "s.jsonl").exists()


def test_export_refuses_to_overwrite_the_database(reviewed_db):
    db, sid = reviewed_db
    before = db.read_bytes()
    with pytest.raises(ZsError, match="is the database"):
        export_session(db, sid, str(db))
    assert db.read_bytes() == before
