"""Display faults a reviewer hit, each reproduced through the Pilot: what
the text pane, the status line and the hint show after a resize, at 80
columns, on the first frame."""
from __future__ import annotations

from pathlib import Path

from review_data import seed_store

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_view import ArticleView

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def make_app(store: Store) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0)


def shown_text(view: ArticleView) -> str:
    """The characters the text pane draws, top to bottom, without padding
    (nor the scroll thumb of its last column)."""
    h = view.scrollable_content_region.height
    return "".join(view.render_line(y).text[:-1].rstrip() for y in range(h))


def text_from_top(view: ArticleView) -> str:
    """What the pane should draw: the text from its top line on, line breaks and spaces dropped."""
    top = int(view.scroll_offset.y)
    start = view._lines[top][0]
    return view.session.text[start:].replace("\n", "").replace(" ", "")


def seed_article_store(path: Path, name: str) -> Store:
    store = Store(path)
    raw = (SEEDS / name).read_text("utf-8")
    store.add_article(make_article(raw, name, "utf-8"), [], "test")
    return store


async def test_resizing_wider_and_back_loses_no_character_at_line_ends(tmp_path):
    # a Traditional seed article long enough to need a scrollbar at 120x40 but not at 200x50
    store = seed_article_store(tmp_path / "a.db", "004_90e1908df8659d19.txt")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        view = pilot.app.screen.query_one(ArticleView)
        before = shown_text(view).replace(" ", "")
        assert text_from_top(view).startswith(before)
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        after = shown_text(view).replace(" ", "")
        assert text_from_top(view).startswith(after), "a character was cut off at a line end"
        assert after == before
    store.close()


async def test_at_80_columns_showing_the_article_list_leaves_the_text_readable(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        view = pilot.app.screen.query_one(ArticleView)
        alone = view.scrollable_content_region.width
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert pilot.app.screen.query_one("#articles").display
        assert view.scrollable_content_region.width >= alone  # the list takes the span list's place
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert pilot.app.screen.query_one("#spans").display and view.scrollable_content_region.width == alone
    store.close()


async def test_the_panes_follow_the_terminal_as_it_is_resized_and_back(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        screen = pilot.app.screen
        view = screen.query_one(ArticleView)
        wide = view.scrollable_content_region.width
        assert screen.query_one("#articles").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.query_one("#articles").display  # below 110 columns the list goes
        assert screen.query_one("#spans").region.right == 80  # laid out for 80 columns, nothing beyond
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert screen.query_one("#articles").display and view.scrollable_content_region.width > wide
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert view.scrollable_content_region.width == wide
        await pilot.press("question_mark")  # resized under the help screen, then back to where it was
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.query_one("#articles").display and view.scrollable_content_region.width == wide
    store.close()


async def test_a_resize_as_the_help_screen_closes_still_lays_the_panes_out_for_the_new_size(tmp_path):
    from textual.events import Resize
    from textual.geometry import Size

    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        screen = pilot.app.screen
        await pilot.press("question_mark")
        size = Size(80, 24)
        pilot.app._driver._size = size  # as Pilot.resize_terminal does, without waiting for the event
        pilot.app.post_message(Resize(size, size))
        pilot.app.pop_screen()  # escape, before the screen below got its resize
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is screen and not screen.query_one("#articles").display
        assert screen.query_one("#spans").region.right == 80
    store.close()


async def test_the_article_list_shown_at_80_columns_has_the_decisions_made_while_it_was_hidden(tmp_path):
    store = seed_store(tmp_path / "a.db", articles=3)
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        assert not pilot.app.screen.query_one("#articles").display  # hidden from the start
        await pilot.press("a", "a")
        await pilot.press("ctrl+l")
        await pilot.pause()
        lst = pilot.app.screen.query_one("#articles")
        rows = ["".join(seg.text for seg in lst.render_line(y)) for y in range(3)]
        total = len(pilot.app.session.spans)
        assert any(f"2/{total}" in row for row in rows), rows  # the open article's row, with both accepts
        assert sum(1 for row in rows if row.strip()) == 3  # every article listed
    store.close()


def message_fits(app: ReviewApp) -> tuple[bool, str, int]:
    from rich.cells import cell_len

    msg = app.screen.query_one("#message")
    text = str(msg.render())
    return cell_len(text) <= msg.content_region.width, text, msg.content_region.width


async def test_the_hint_and_status_messages_are_not_cut_at_80_columns(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert message_fits(pilot.app)[0], message_fits(pilot.app)
        await pilot.press("d")  # refused: the count of undecided spans and the keys that decide them
        assert "undecided" in message_fits(pilot.app)[1] and message_fits(pilot.app)[0], message_fits(pilot.app)
    store.close()


async def test_the_m_message_and_the_hint_are_not_cut_at_120_columns(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert message_fits(pilot.app)[0], message_fits(pilot.app)
        await pilot.press("j", "j", "j", "j")  # 铜山, which occurs again
        await pilot.press("m")
        assert "everywhere" in message_fits(pilot.app)[1] and message_fits(pilot.app)[0], message_fits(pilot.app)
    store.close()


async def test_the_first_frame_wraps_the_text_for_the_pane_s_real_width(tmp_path, monkeypatch):
    from zs_tui.ui import article_view

    widths: list[int] = []
    real_wrap = article_view.wrap

    def recording_wrap(text: str, width: int):
        widths.append(width)
        return real_wrap(text, width)

    monkeypatch.setattr(article_view, "wrap", recording_wrap)
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = pilot.app.screen.query_one(ArticleView)
        real = view.text_width()
        assert real == view.scrollable_content_region.width - 2  # all but a gap and the scroll thumb
        assert widths and set(widths) == {real}, f"wrapped for widths {widths}, the pane is {real} wide"
    store.close()


async def test_the_legend_shows_every_label_with_its_key_in_its_colour(tmp_path):
    from rich.cells import cell_len
    from rich.color import Color
    from rich.style import Style

    from zs_tui.labels import DEFAULT_LABELS
    from zs_tui.ui.status_bar import legend

    store = seed_store(tmp_path / "a.db")
    for size in ((80, 24), (100, 24), (120, 40), (200, 50)):
        async with make_app(store).run_test(size=size) as pilot:
            shown = pilot.app.screen.query_one("#legend")
            text = shown.render()
            plain = str(text)
            assert cell_len(plain.rstrip()) <= shown.content_region.width, (size, plain)
            for lab in DEFAULT_LABELS:
                assert f"{lab.key}{lab.name}" in plain.replace(" ", ""), (size, lab.name)
            drawn = legend(pilot.app.session.labels, compact=size[0] < 110)
            assert drawn.plain == plain
            for lab in DEFAULT_LABELS:
                start = drawn.plain.index(lab.name)
                colours = [sp.style.color for sp in drawn.spans
                           if sp.start <= start < sp.end and isinstance(sp.style, Style) and sp.style.color]
                assert Color.parse(lab.color) in colours, (size, lab.name, colours)
    store.close()


async def test_a_message_longer_than_the_screen_ends_in_an_ellipsis_and_the_next_replaces_it(tmp_path):
    from zs_tui.ui.status_bar import StatusBar

    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(81, 24)) as pilot:  # odd: a two-cell character meets the edge
        await pilot.pause()
        bar = pilot.app.screen.query_one(StatusBar)
        message = bar.query_one("#message")

        def row() -> tuple[str, set]:
            strip = pilot.app.screen._compositor.render_strips()[bar.region.y]
            return "".join(seg.text for seg in strip), {seg.style.color for seg in strip if seg.text.strip() and seg.style}

        bar.show("甲乙丙丁 " * 20, error=True)
        await pilot.pause()
        text, colours = row()
        assert text.startswith(" 甲乙丙丁 甲乙丙丁") and text.endswith("… "), text  # the padding cell after it
        error = message.rich_style.color
        assert error in colours, colours
        bar.show("merged")
        await pilot.pause()
        text, colours = row()
        assert text.strip() == "merged", text
        assert error not in colours, colours
    store.close()
