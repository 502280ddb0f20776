"""Test tooling, shipped so that anyone can turn recorded sessions into UI tests.

Record a session on a database built from a frozen corpus, export it with
``zs-tui sessions --export``, and replay it through the real app in a
pytest-asyncio test::

    from zs_tui.storage import Store
    from zs_tui.sessions.testing import assert_session_replays, load_corpus

    async def test_my_session(tmp_path):
        store = Store(tmp_path / "a.db")
        load_corpus(store, "fixtures/corpus.jsonl")
        await assert_session_replays(store, "fixtures/mine.session.jsonl", "fixtures/mine.expected.json")

Nothing here imports pytest.
"""
from .app_replay import AppReplayResult, SessionReplayError, assert_session_replays, replay_in_app
from .corpus import CorpusError, load_corpus, write_corpus
from .state import article_state, read_expected, state_differences, touched, write_expected

__all__ = [
    "AppReplayResult", "SessionReplayError", "assert_session_replays", "replay_in_app",
    "CorpusError", "load_corpus", "write_corpus",
    "article_state", "read_expected", "state_differences", "touched", "write_expected",
]
