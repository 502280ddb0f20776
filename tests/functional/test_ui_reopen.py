"""A done article is not changed silently (r reopens it, as an event), and
the reviewer's unsure flag and note: events, shown in the list and the text
pane's title, undone like any key, exported in ``meta``."""
from __future__ import annotations

import json

from review_data import seed_store, spans_of

from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_list import ArticleList
from zs_tui.ui.article_view import ArticleView
from zs_tui.ui.status_bar import StatusBar


def make_app(store: Store) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0)


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one(StatusBar).query_one("#message").render())


def list_row(app: ReviewApp, y: int = 0) -> str:
    return app.screen.query_one(ArticleList).render_line(y).text


def actions_of(store: Store) -> list[str]:
    return [e["action"] for e in store.events()]


async def test_editing_a_done_article_is_refused_until_r_reopens_it(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("A", "d")  # one article: done, and it stays open
        assert store.article(1).status == "done"
        before = spans_of(store)
        for key in ("x", "2", "right_square_bracket", "plus", "m", "A"):
            await pilot.press(key)
            assert "r reopens it" in message(pilot.app), key
        assert spans_of(store) == before and actions_of(store) == ["accept_all", "done"]
        await pilot.press("r")
        assert store.article(1).status == "in_progress" and actions_of(store)[-1] == "reopen"
        assert "reopened" in message(pilot.app)
        await pilot.press("x")
        assert spans_of(store)[0][2] == "rejected"
        await pilot.press("r")  # not done: nothing to reopen, nothing written
        assert actions_of(store)[-1] == "reject" and "not done" in message(pilot.app)
    store.close()


async def test_the_unsure_flag_and_the_note_are_events_shown_in_the_list_and_undone_like_any_key(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(160, 40)) as pilot:
        app = pilot.app
        await pilot.press("exclamation_mark")
        assert store.article(1).meta["unsure"] is True and actions_of(store) == ["flag"]
        assert "! " in list_row(app) and "unsure" in str(app.screen.query_one(ArticleView).border_title)
        await pilot.press("c", *"两处地名待核实", "enter")
        assert store.article(1).meta["note"] == "两处地名待核实"
        assert "✎ 两处地名待核实" in list_row(app)
        await pilot.press("c", "escape")  # escape leaves the note as it was
        assert store.article(1).meta["note"] == "两处地名待核实" and actions_of(store) == ["flag", "note"]
        await pilot.press("u")
        assert "note" not in store.article(1).meta and "✎" not in list_row(app)
        await pilot.press("ctrl+r")
        assert store.article(1).meta["note"] == "两处地名待核实"
        await pilot.press("exclamation_mark")  # again: the flag is cleared
        assert "unsure" not in store.article(1).meta and "! " not in list_row(app)
        await pilot.press("exclamation_mark", "A", "d")
        await pilot.press("c", "backspace", "enter")  # a done article's note can change: its spans do not
        assert "note" not in store.article(1).meta and store.article(1).status == "done"
    store.close()


async def test_flag_and_note_are_exported_in_meta_and_survive_a_round_trip(tmp_path, cli):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("exclamation_mark", "c", *"标题里的公司名存疑", "enter", "A", "d")
    store.close()
    code, out, _ = cli("export", "--db", tmp_path / "a.db", "--output", "-")
    assert code == 0
    meta = json.loads(out.splitlines()[0])["meta"]
    assert meta["unsure"] is True and meta["note"] == "标题里的公司名存疑"
    (tmp_path / "gold.jsonl").write_text(out, "utf-8")
    assert cli("import", "--as-gold", tmp_path / "gold.jsonl", "--db", tmp_path / "b.db")[0] == 0
    code, again, _ = cli("export", "--db", tmp_path / "b.db", "--output", "-")
    assert code == 0 and again == out
