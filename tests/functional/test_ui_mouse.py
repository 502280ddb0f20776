"""The mouse on the article text (App.run_test and the Pilot): a click puts
the text cursor on the character drawn there (the span under it current), a
double-click selects jieba's word, a drag selects, and a label key then
labels what was selected.  Where to click is read from the lines as drawn
(wide CJK cells, wrapped lines), never from the text offsets."""
from __future__ import annotations

import pytest
from review_data import at, seed_store, span, spans_of
from rich.cells import cell_len
from rich.color import ColorSystem
from textual.filter import monochrome_style

from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_view import ArticleView


def make_app(store) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0)


def drawn_at(view: ArticleView, text: str) -> tuple[int, int]:
    """The widget-relative cell where the first character of ``text`` is
    drawn, found in the lines as the screen shows them."""
    region, content = view.region, view.content_region
    dx, dy = content.x - region.x, content.y - region.y
    for y in range(content.height):
        line = "".join(seg.text for seg in view.render_line(y))
        if text in line:
            return dx + cell_len(line[: line.index(text)]), dy + y
    raise AssertionError(f"{text!r} is not drawn in the text pane")


async def test_a_click_puts_the_cursor_on_the_character_under_it_and_its_span_becomes_current(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("徐州铜山", "LOC"), span("铜山区招商中心", "ORG")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        view = pilot.app.screen.query_one(ArticleView)
        x, y = drawn_at(view, "忙洽谈")
        await pilot.click(ArticleView, offset=(x + 2, y))  # the second character: each is two cells wide
        assert s.cursor == at("忙洽谈") + 1 and s.current_span is None
        x, y = drawn_at(view, "招商中心主任")  # in 铜山区招商中心, on a later line
        await pilot.click(ArticleView, offset=(x, y))
        assert s.cursor == at("招商中心主任") and s.current_span.text == "铜山区招商中心"
        await pilot.press("x")  # a key then acts on that span
    assert ("铜山区招商中心", "ORG", "rejected", "suggested") in spans_of(store)
    store.close()


async def test_a_double_click_selects_the_word_and_a_label_key_adds_it(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        view = pilot.app.screen.query_one(ArticleView)
        x, y = drawn_at(view, "招商引资奏响")
        await pilot.double_click(ArticleView, offset=(x + 2, y))  # on 商: jieba's word is 招商引资
        assert s.selection == (at("招商引资"), at("招商引资") + 4)
        await pilot.press("8")
    assert spans_of(store) == [("招商引资", "INDUSTRY", "accepted", "manual")]
    store.close()


async def test_a_drag_selects_from_where_the_button_went_down_to_where_it_came_up(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        view = pilot.app.screen.query_one(ArticleView)
        x0, y0 = drawn_at(view, "主要领导")
        x1, y1 = drawn_at(view, "进京入沪")
        await pilot.mouse_down(ArticleView, offset=(x0, y0))
        await pilot.hover(ArticleView, offset=(x1 + 2, y1))
        assert s.selection == (at("主要领导"), at("进京入沪") + 2)  # shown while dragging
        await pilot.hover(ArticleView, offset=(x1 + 6, y1))
        await pilot.mouse_up(ArticleView, offset=(x1 + 6, y1))
        await pilot.click(ArticleView, offset=(x1 + 6, y1))  # the click that ends the drag keeps it
        assert s.selection == (at("主要领导"), at("进京入沪") + 4)
        assert "selecting '主要领导进京入沪'" in str(view.border_subtitle)
        await pilot.press("2")  # ORG, as an example
    assert spans_of(store) == [("主要领导进京入沪", "ORG", "accepted", "manual")]
    store.close()


async def test_a_drag_backwards_over_a_wrapped_line_selects_across_it(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(80, 40)) as pilot:  # a narrow pane: long lines wrap
        s = pilot.app.session
        view = pilot.app.screen.query_one(ArticleView)
        a, b = at("犹如"), at("铜山掀起")
        xa, ya = drawn_at(view, "犹如")
        xb, yb = drawn_at(view, "铜山掀起")
        assert view._line_of[a] != view._line_of[b]  # the two ends are on different screen lines
        await pilot.mouse_down(ArticleView, offset=(xb + 2, yb))  # from 山 back to 犹
        await pilot.hover(ArticleView, offset=(xa, ya))
        await pilot.mouse_up(ArticleView, offset=(xa, ya))
        assert s.selection == (a, b + 2)
    store.close()


@pytest.mark.parametrize("system", ["256", "truecolor", "NO_COLOR"])
async def test_the_text_cursor_is_distinct_from_the_current_span_and_plain_text_as_a_terminal_draws_it(
        tmp_path, monkeypatch, system):
    # what reaches the terminal: each cell's style rendered as escape codes for
    # a 256-colour terminal, a true-colour one, and without colour at all
    if system == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    store = seed_store(tmp_path / "a.db", suggestions=[span("强劲春潮", "EVENT")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        view = pilot.app.screen.query_one(ArticleView)
        s = pilot.app.session
        x, y = drawn_at(view, "劲春潮")
        await pilot.click(ArticleView, offset=(x, y))  # the cursor on 劲, inside the current span
        assert s.cursor == at("强劲") + 1 and s.current_span.text == "强劲春潮"
        line = view.render_line(y - (view.content_region.y - view.region.y))
        cells = {}
        for seg in line:
            for ch in seg.text:
                cells.setdefault(ch, seg.style)
        look = monochrome_style if system == "NO_COLOR" else (lambda st: st)
        depth = {"256": ColorSystem.EIGHT_BIT, "truecolor": ColorSystem.TRUECOLOR, "NO_COLOR": ColorSystem.STANDARD}[system]

        def drawn(ch: str) -> str:
            return look(cells[ch]).render("x", color_system=depth)

        cursor, in_span, plain = drawn("劲"), drawn("春"), drawn("如")
        assert len({cursor, in_span, plain}) == 3, (cursor, in_span, plain)
    store.close()
