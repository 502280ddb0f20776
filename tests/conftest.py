"""Shared fixtures: paths to the seeds and gold, and a fresh database per test."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold_seeds.jsonl"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def gold_path() -> Path:
    return GOLD


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def cli(capsys):
    """Run ``zs-tui ARGS...`` in-process: returns (exit code, stdout, stderr)."""
    from zs_tui.cli import main

    def run(*args: object) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _free_pair(text: str, spans) -> int:  # noqa: ANN001
    """Start of two characters that are not whitespace and carry no span."""
    taken = {i for s in spans if s.state != "rejected" for i in range(s.start, s.end)}
    return next(i for i in range(len(text) - 1)
                if not ({i, i + 1} & taken) and not text[i].isspace() and not text[i + 1].isspace())


@pytest.fixture(scope="session")
def reviewed_db(tmp_path_factory):
    """The seeds, with one review session over two articles, as a user would make it:
    accept, reject, relabel, undo/redo, a manual span removed and restored, accept all,
    done; then a skip.  Returns (database path, session id).  Read-only for tests."""
    from zs_tui.cli import main
    from zs_tui.labels import load_labels
    from zs_tui.review.session import ReviewSession
    from zs_tui.storage import Store

    db = tmp_path_factory.mktemp("reviewed") / "source.db"
    assert main(["import", str(SEEDS), "--db", str(db)]) == 0
    with Store(db) as st:
        rs = ReviewSession(st, "alice", load_labels())
        first, second = st.article_ids()[:2]
        rs.open(first)
        for step in (rs.accept, rs.reject, lambda: rs.set_label(1), rs.undo, rs.redo):
            assert step().ok
        rs.cursor = _free_pair(rs.text, rs.spans)
        rs.start_selection()
        rs.move_cursor(1)
        assert rs.set_label(0).ok  # a manual PER span over the two characters
        rs.current = next(s.id for s in rs.spans if s.origin == "manual")
        assert rs.reject().ok  # removes the manual span
        assert rs.undo().ok  # ... and brings it back under its id
        assert rs.accept_all().ok and rs.done().ok
        rs.open(second)
        assert rs.skip().ok
        st.end_session(rs.session_id)
        return db, rs.session_id


@pytest.fixture(scope="session")
def _pristine_reversed(tmp_path_factory):
    from zs_tui.cli import main

    db = tmp_path_factory.mktemp("reversed") / "pristine.db"
    assert main(["import", *map(str, sorted(SEEDS.glob("*.txt"), reverse=True)), "--db", str(db)]) == 0
    return db


@pytest.fixture
def reversed_db(_pristine_reversed, tmp_path):
    """A fresh database with the seeds imported in reverse order: same articles, other ids."""
    import shutil

    db = tmp_path / "other.db"
    shutil.copy(_pristine_reversed, db)
    return db


@pytest.fixture(scope="session")
def sug():
    """One Suggester for the rule tests (loading its lexicons takes a second)."""
    from zs_tui.suggest import Suggester

    return Suggester()
