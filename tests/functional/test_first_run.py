"""What a new user meets on the first `zs-tui`: the built-in seeds named as
`seeds/NAME.txt` wherever the checkout is, and the message that the database
was created shown in the app, not left behind it in the terminal."""
from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets._toast import Toast

from zs_tui.cli import main
from zs_tui.ingest.importing import seed_database
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seeded_export(where: Path, monkeypatch, capsys) -> bytes:
    """Create ./annotations.db from a copy of the seeds in ``where``, export every article."""
    where.mkdir(parents=True)
    shutil.copytree(SEEDS, where / "seeds")
    monkeypatch.chdir(where)
    assert seed_database("annotations.db") is not None
    assert main(["export", "--status", "any", "--output", "gold.jsonl"]) == 0
    capsys.readouterr()
    return (where / "gold.jsonl").read_bytes()


def test_the_seeds_export_the_same_bytes_from_any_checkout(tmp_path, monkeypatch, capsys):
    one = seeded_export(tmp_path / "checkout-one", monkeypatch, capsys)
    other = seeded_export(tmp_path / "somewhere" / "else", monkeypatch, capsys)
    assert one == other and one.count(b"\n") == 5
    with Store(tmp_path / "checkout-one" / "annotations.db") as st:
        assert sorted(st.article(a).source for a in st.article_ids()) == sorted(
            f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))


def test_the_first_run_message_is_passed_to_the_app(tmp_path, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(ReviewApp, "run", lambda self: shown.append(self.notice))
    monkeypatch.chdir(tmp_path)
    assert main([]) == 0
    assert len(shown) == 1 and "new database annotations.db from the built-in seeds" in shown[0]
    assert "5 article(s) to review" in shown[0]
    assert main([]) == 0  # the database exists now: nothing to say
    assert shown[1] is None


async def test_the_app_shows_its_notice_on_screen(db_path):
    with Store(db_path) as st:
        app = ReviewApp(st, "ann", clock=lambda: 0.0, notice="new database [x].db from the built-in seeds")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            toasts: list[str] = []
            for _ in range(100):  # raised after the first frame: on a loaded machine, a few pauses later
                await pilot.pause(0.05)
                toasts = [str(t.render()) for t in app.screen.query(Toast)]
                if toasts:
                    break
            assert any("new database [x].db from the built-in seeds" in t for t in toasts)  # not read as markup
