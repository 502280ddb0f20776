"""Finding, driven by keys (App.run_test and the Pilot): `/` in the open
article with Simplified and Traditional matching each other, `;` and `,`
to repeat, a found name labelled with one key, `F` across the corpus (hits
with context, the article opened at the hit) and `g` to article N."""
from __future__ import annotations

from review_data import SEED_TEXT, at, seed_store, spans_of

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.find_screen import FindScreen
from zs_tui.ui.prompt_screen import PromptScreen
from zs_tui.ui.status_bar import StatusBar

# Written for these tests: a Traditional article naming one week twice.
TRAD = "甲市本月舉辦精準招商週，簽約項目十個。\n乙縣也參加了精準招商週，並簽約兩個項目。\n"


def make_app(store: Store) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0)


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one(StatusBar).query_one("#message").render())


def trad_store(path) -> Store:
    store = Store(path)
    store.add_article(make_article(TRAD, "trad.txt", "utf-8"), [], "test")
    return store


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def test_slash_finds_traditional_text_typed_in_simplified_and_a_label_key_adds_it(tmp_path):
    store = trad_store(tmp_path / "a.db")
    first, second = TRAD.index("精準招商週"), TRAD.index("精準招商週", 10)
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        await pilot.press("slash")
        assert isinstance(pilot.app.screen, PromptScreen)
        await type_text(pilot, "精准招商周")
        await pilot.press("enter")
        assert not isinstance(pilot.app.screen, PromptScreen)
        assert s.selection == (first, first + 5)  # the match is selected
        assert "1/2" in message(pilot.app)
        await pilot.press("semicolon")
        assert s.selection == (second, second + 5)
        await pilot.press("semicolon")  # wraps to the first
        assert s.selection == (first, first + 5) and "wrapped" in message(pilot.app)
        await pilot.press("comma")
        assert s.selection == (second, second + 5)
        await pilot.press("9")  # EVENT: the match becomes a span
    assert spans_of(store) == [("精準招商週", "EVENT", "accepted", "manual")]
    store.close()


async def test_a_find_inside_a_span_makes_it_current_and_a_miss_changes_nothing(tmp_path):
    store = seed_store(tmp_path / "a.db")  # 徐州铜山 is suggested as LOC
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        await pilot.press("j", "j")
        await pilot.press("slash")
        await type_text(pilot, "铜山")
        await pilot.press("enter")  # the next 铜山 after the cursor is a suggestion of its own
        assert s.selection is None and s.current_span.text == "铜山" and s.cursor == at("铜山", 1)
        before = (s.cursor, s.current)
        await pilot.press("slash")
        await type_text(pilot, "不在文中的词")
        await pilot.press("enter")
        assert (s.cursor, s.current) == before
        assert s.last_find == "不在文中的词"  # typing replaced the last find the prompt offered
        assert "not in this article" in message(pilot.app)
    store.close()


async def test_repeating_before_any_find_says_how_to_find(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("semicolon")
        assert "/ finds" in message(pilot.app)
    store.close()


async def test_F_lists_each_hit_with_context_and_opens_the_article_at_it(tmp_path):
    store = seed_store(tmp_path / "a.db", articles=2, suggestions=[])
    store.add_article(make_article(TRAD, "trad.txt", "utf-8"), [], "test")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        screen = pilot.app.screen
        assert isinstance(screen, FindScreen)
        await type_text(pilot, "招商周")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [(h.article_id, h.offset) for h in screen._hits] == [
            (3, TRAD.index("招商週")), (3, TRAD.index("招商週", 10))]
        assert "精準招商週" in screen._hits[0].snippet
        await pilot.press("down", "enter")
        s = pilot.app.session
        assert s.article.id == 3 and s.selection == (TRAD.index("招商週", 10), TRAD.index("招商週", 10) + 3)
        await pilot.press("F")
        await type_text(pilot, "铜山")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        hits = pilot.app.screen._hits
        assert {h.article_id for h in hits} == {1, 2}
        assert len([h for h in hits if h.article_id == 1]) == min(5, SEED_TEXT.count("铜山"))
    store.close()


async def test_g_opens_article_number_n_and_refuses_one_that_does_not_exist(tmp_path):
    store = seed_store(tmp_path / "a.db", articles=3)
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "3", "enter")
        assert pilot.app.session.article.id == 3
        await pilot.press("g", "9", "9", "enter")
        assert pilot.app.session.article.id == 3
        assert "no article 99" in message(pilot.app)
        await pilot.press("g", "x", "enter")
        assert pilot.app.session.article.id == 3 and "not an article number" in message(pilot.app)
        await pilot.press("g", "1", "escape")  # escape cancels
        assert pilot.app.session.article.id == 3
    store.close()
