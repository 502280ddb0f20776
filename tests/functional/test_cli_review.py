"""`zs-tui review` and bare `zs-tui [--db F] [review options]` through click (CliRunner).

The app itself is replaced by a recorder of what it was started with: these
tests are about the command line (the app has its own tests)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from review_data import seed_store

from zs_tui.cli import cli
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def started(monkeypatch):
    """Each ReviewApp.run: (database, annotator, notice) of the app that would have opened."""
    seen: list[tuple[str, str, str | None]] = []
    monkeypatch.setattr(ReviewApp, "run",
                        lambda self: seen.append((str(self.store.path), self.session.annotator, self.notice)))
    return seen


def test_bare_zs_tui_takes_the_review_options(started, db_path):
    seed_store(db_path).close()
    r = run("--db", db_path, "--annotator", "bob", "--no-learn")
    assert r.exit_code == 0, r.stderr
    assert started == [(str(db_path), "bob", None)]


def test_bare_zs_tui_with_a_missing_db_creates_it_from_the_seeds(started, tmp_path, seeds_dir):
    db = tmp_path / "new.db"
    r = run("--db", db)
    assert r.exit_code == 0, r.stderr
    assert f"new database {db} from the built-in seeds" in r.stdout
    ((where, _, notice),) = started
    assert where == str(db) and notice.endswith(f"{len(list(seeds_dir.glob('*.txt')))} article(s) to review")
    with Store(db) as st:
        assert len(st.article_ids()) == len(list(seeds_dir.glob("*.txt")))


def test_review_opens_an_existing_database_only(started, db_path, tmp_path):
    seed_store(db_path).close()
    assert run("review", "--db", db_path, "--annotator", "carol").exit_code == 0
    assert started == [(str(db_path), "carol", None)]
    r = run("review", "--db", tmp_path / "none.db")
    assert r.exit_code == 2 and "zs-tui import" in r.stderr and not (tmp_path / "none.db").exists()


def test_list_keys_and_a_bad_annotator(started, db_path):
    r = run("--list-keys")
    assert r.exit_code == 0 and any(line.split()[0] == "accept" for line in r.stdout.splitlines())
    seed_store(db_path).close()
    r = run("review", "--db", db_path, "--annotator", "bo\x1bb")
    assert r.exit_code == 2 and "a name of printable characters" in r.stderr and "\x1b" not in r.stderr
    assert started == []


def test_an_empty_annotator_name_is_refused_not_taken_for_the_login_name(started, db_path):
    seed_store(db_path).close()
    r = run("review", "--db", db_path, "--annotator", "")
    assert r.exit_code == 2 and "--annotator ''" in r.stderr
    assert started == []
    with Store(db_path) as st:
        assert st.sessions() == []
