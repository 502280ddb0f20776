"""`zs_tui.sessions.replay.replay_session` (zs-tui replay) as a library call, on the frozen corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from zs_tui.errors import ZsError
from zs_tui.sessions.replay import ReplayError, replay_session
from zs_tui.sessions.session_file import read_session
from zs_tui.sessions.testing import load_corpus
from zs_tui.storage import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SESSION = FIXTURES / "several_articles.session.jsonl"


@pytest.fixture
def corpus_db(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as st:
        load_corpus(st, FIXTURES / "corpus.jsonl")
    return db


def test_replay_applies_every_event_under_a_new_session(corpus_db):
    header, events = read_session(SESSION)
    out = replay_session(str(SESSION), corpus_db, "unused.db")
    assert out.result is not None and out.result.events == len(events) and out.result.articles == 3
    assert out.summary().startswith(f"replayed {len(events)} event(s) on 3 article(s) of session {header['id']}")
    with Store(corpus_db) as st:
        new = next(s for s in st.sessions() if s["id"] == out.result.session_id)
    assert new["app_version"].endswith(f"replay:{header['id']}")


def test_replaying_twice_is_a_replay_error_exit_1_and_writes_nothing(corpus_db):
    replay_session(str(SESSION), corpus_db, "unused.db")
    before = corpus_db.read_bytes()
    with pytest.raises(ReplayError) as e:
        replay_session(str(SESSION), corpus_db, "unused.db")
    assert isinstance(e.value, ZsError) and e.value.exit_code == 1 and "already replayed" in str(e.value)
    assert corpus_db.read_bytes() == before


def test_a_missing_target_and_an_unknown_id(tmp_path, corpus_db):
    with pytest.raises(ZsError, match="no database at"):
        replay_session(str(SESSION), tmp_path / "none.db", corpus_db)
    with pytest.raises(ZsError) as e:
        replay_session("nope", tmp_path / "other.db", corpus_db)
    assert e.value.exit_code == 2 and e.value.hint == f"`zs-tui sessions --db {corpus_db}` lists them"
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "other.db").exists()
