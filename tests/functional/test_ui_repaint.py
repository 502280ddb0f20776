"""What the screen shows after the app repaints only what changed (issue 14).

The app marks only the changed lines dirty: the title rows of a pane, the
rows of the span list, the open article's row of the article list.  These
tests read the screen as the terminal would get it, from Textual's caches,
so a row left stale by a too-small repaint shows up here.
"""
from __future__ import annotations

import re
import sqlite3

import pytest
from review_data import count_full_repaints, seed_store

from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_view import ArticleView
from zs_tui.ui.span_list import SpanList


def screen_lines(app: ReviewApp) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def pane_rows(app: ReviewApp, widget) -> list[str]:  # noqa: ANN001
    r = widget.region
    return [line_cells(line, r.x, r.right) for line in screen_lines(app)[r.y:r.bottom]]


def listed_rows(app: ReviewApp, pane) -> list[str]:  # noqa: ANN001
    """The rows of a list pane that show something, inside its borders."""
    return [row for row in pane_rows(app, pane)[1:-1] if row.strip("│ ╭╮╰╯─▐")]


def line_cells(line: str, a: int, b: int) -> str:
    """Cells a..b of a screen line (CJK characters take two cells)."""
    from rich.cells import cell_len

    out, col = [], 0
    for ch in line:
        w = cell_len(ch)
        if a <= col < b:
            out.append(ch)
        col += w
    return "".join(out)


@pytest.fixture
def store(db_path):
    st = seed_store(db_path, articles=3)
    yield st
    st.close()


@pytest.mark.asyncio
async def test_the_subtitle_row_follows_the_current_span(store):
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        view = app.screen.query_one(ArticleView)
        for key in ("j", "j", "a"):
            await pilot.press(key)
            await pilot.pause()
            bottom = pane_rows(app, view)[-1]
            cur = app.session.current_span
            assert cur is not None and f"{cur.label} {cur.state}" in bottom, (key, bottom)
            decided = sum(1 for s in app.session.spans if s.state != "pending")
            assert f"{decided}/{len(app.session.spans)} decided" in bottom


@pytest.mark.asyncio
async def test_the_span_list_shows_every_span_after_a_merge_and_its_undo(store):
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        spans = app.screen.query_one(SpanList)

        def listed() -> int:
            return len(listed_rows(app, spans))

        n = len(app.session.spans)
        assert listed() == n
        await pilot.press("+")  # the first span takes in the second: one row fewer
        await pilot.pause()
        assert len(app.session.spans) == n - 1 and listed() == n - 1
        assert "spans " in pane_rows(app, spans)[0]
        await pilot.press("u")
        await pilot.pause()
        assert listed() == n


@pytest.mark.asyncio
async def test_the_span_list_rows_follow_a_split_in_the_middle_and_its_undo(store):
    # a split shifts the rows below it down a row: each row shows its span
    # (label and text, in text order), above the split and below it
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        spans = app.screen.query_one(SpanList)

        def rows_match() -> bool:
            shown = listed_rows(app, spans)
            want = app.session.spans[:len(shown)]
            return len(shown) == min(len(app.session.spans), spans.region.height - 2) and all(
                s.label in row and s.text[:2] in row for s, row in zip(want, shown))

        target = next(i for i, s in enumerate(app.session.spans) if i >= 3 and len(s.text) >= 3)
        for _ in range(target):
            await pilot.press("j")
        await pilot.press("l")  # the text cursor on the span's second character
        await pilot.pause()
        assert rows_match()
        n = len(app.session.spans)
        await pilot.press("minus")
        await pilot.pause()
        assert len(app.session.spans) == n + 1 and rows_match()
        await pilot.press("u")
        await pilot.pause()
        assert len(app.session.spans) == n and rows_match()


@pytest.mark.asyncio
async def test_the_article_list_row_and_progress_follow_done_without_recounting(store):
    """Counts are kept by the session: no count of the corpus per key."""
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    counted: list[str] = []
    async with app.run_test(size=(140, 32)) as pilot:
        await pilot.pause()
        store.conn.set_trace_callback(lambda sql: counted.append(sql) if "count(" in sql.lower() else None)
        try:
            for key in ("a", "x", "j", "k", "A", "n", "p", "h", "l"):
                await pilot.press(key)
            await pilot.pause()
        finally:
            store.conn.set_trace_callback(None)
        # a count of articles (the list's rows count their own spans; the rank counts those before one)
        assert not [sql for sql in counted if re.search(r"count\(\*\) FROM articles", sql)
                    and "WHERE a.id=" not in sql and "id<" not in sql], counted
        await pilot.press("d")  # all decided: done, and on to the next article
        await pilot.pause()
        assert app.session.counts()["done"] == 1 == store.count_articles("done")
        assert "1/3 done" in str(app.screen.query_one("#pace").render())
        rows = "\n".join(screen_lines(app))
        assert "✓     1" in rows  # the article left shows as done in the list


def test_kept_counts_match_the_database_through_done_skip_and_undo(store):
    from zs_tui.labels import DEFAULT_LABELS
    from zs_tui.review.session import ReviewSession

    s = ReviewSession(store, "ann", DEFAULT_LABELS)
    s.resume()
    for step in (s.accept_all, s.done, s.skip, s.undo, s.undo, s.redo):
        step()
        assert {k: v for k, v in s.counts().items() if k != "total"} == store.count_by_status()
    # another program's progress is caught up with by recount
    other = Store(store.path, create=False)
    other.conn.execute("UPDATE articles SET status='done' WHERE status='todo'")
    other.conn.commit()
    other.close()
    s.recount()
    assert s.counts()["done"] == store.count_articles("done")


def test_an_overlap_with_a_span_further_back_is_refused_with_both_spans(db_path):
    """The flatness check is one pass in text order: a long span must still
    be caught by a span that starts several spans after it."""
    from zs_tui.ingest.inputs import make_article
    from zs_tui.storage import FlatnessError

    text = "甲乙丙丁戊己庚辛壬癸子丑寅卯"
    with Store(db_path) as st:
        aid = st.add_article(make_article(text, "t.txt", "utf-8"))
        sid = st.start_session("ann", "t")
        st.record(sid, "ann", aid, "add", [(None, {"start": 0, "end": 2, "label": "LOC"}),
                                           (None, {"start": 3, "end": 4, "label": "LOC"})])
        with pytest.raises(FlatnessError, match=r"\[2, 12\).*\[3, 4\)|\[3, 4\).*\[2, 12\)"):
            st.record(sid, "ann", aid, "add", [(None, {"start": 2, "end": 12, "label": "ORG"})])
        with pytest.raises(FlatnessError, match="would overlap"):  # two new ones inside each other
            st.record(sid, "ann", aid, "add", [(None, {"start": 6, "end": 12, "label": "ORG"}),
                                               (None, {"start": 8, "end": 9, "label": "LOC"})])
        assert [(s.start, s.end) for s in st.spans(aid)] == [(0, 2), (3, 4)]
    conn = sqlite3.connect(db_path)
    try:
        plan = " ".join(r[-1] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT start, \"end\" FROM spans WHERE article_id=1 AND state!='rejected' ORDER BY start"))
    finally:
        conn.close()
    assert "spans_article" in plan


@pytest.mark.asyncio
async def test_opening_an_article_another_annotator_finished_takes_it_out_of_done(store):
    """The corpus's progress counts an article bob finished as done; once
    alice opens it, her own copy (to do) is what counts: the status bar and
    the list say so at once, not after the 30 s recount."""
    from zs_tui.labels import DEFAULT_LABELS
    from zs_tui.review.session import ReviewSession

    first = store.article_ids()[0]
    bob = ReviewSession(store, "bob", DEFAULT_LABELS)
    bob.open(first)
    assert bob.accept_all().ok and bob.done().ok
    app = ReviewApp(store, "alice", clock=lambda: 0.0)
    async with app.run_test(size=(140, 32)) as pilot:
        await pilot.pause()
        assert app.session.article.id != first  # bob's article is not served to her
        assert "1/3 done" in str(app.screen.query_one("#pace").render())
        for key in ("g", str(first), "enter"):  # she opens it anyway
            await pilot.press(key)
        await pilot.pause()
        assert app.session.article.id == first
        assert "0/3 done" in str(app.screen.query_one("#pace").render())
        assert app.session.counts() == {**store.count_by_status(layer="alice", corpus=True), "total": 3}
        assert "·     1" in "\n".join(screen_lines(app))  # its row: to do, as her copy is


def test_the_open_articles_list_row_is_the_one_the_database_has(store):
    """The open article's row of the list is drawn from what the session holds,
    not read per key: it must match the database's row after every kind of change."""
    from zs_tui.labels import DEFAULT_LABELS
    from zs_tui.review.session import ReviewSession

    s = ReviewSession(store, "ann", DEFAULT_LABELS)
    s.resume()
    for step in (s.accept, s.reject, s.toggle_unsure, lambda: s.set_note("check the date"), s.accept_all,
                 s.done, s.undo, s.undo, s.redo, lambda: s.set_note("")):
        assert step().ok
        assert s.list_row() == store.article_row(s.article.id, layer="ann", corpus=True)
        # and the article as held is the one stored (status and meta kept in memory)
        stored = store.article(s.article.id, layer="ann")
        assert (s.article.status, s.article.meta) == (stored.status, stored.meta)


@pytest.mark.asyncio
async def test_the_scroll_thumbs_the_panes_draw_follow_the_view(store):
    """The text and the span list draw their own scroll thumb in their last
    column; lines Textual kept from before a scroll or a change of length
    must not show it where it was."""
    from zs_tui.ui.repaint import THUMB

    def thumb_rows(pane) -> set[int]:  # noqa: ANN001
        # worked out here from the pane as it is now, not by the app's memo
        h, total, y = pane.scrollable_content_region.height, pane.virtual_size.height, pane.scroll_offset.y
        if total <= h:
            return set()
        size = max(1, min(h, round(h * h / total)))
        a = round(min(max(y, 0), total - h) * (h - size) / (total - h))
        return set(range(a, a + size))

    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(110, 9)) as pilot:  # small enough for both panes to scroll
        await pilot.pause()
        view, spans = app.screen.query_one(ArticleView), app.screen.query_one(SpanList)
        seen = set()
        for key in ("j", "j", "j", "j", "j", "+", "j", "u", "wheel", "wheel", "k", "k", "k", "k", "n", "p",
                    "taller", "j", "shorter"):
            if key == "wheel":  # the mouse wheel scrolls the text without a key: Textual's own path
                view.scroll_relative(y=50, animate=False)
            elif key in ("taller", "shorter"):  # another height, the same rows and scroll
                await pilot.resize_terminal(110, 11 if key == "taller" else 9)
            else:
                await pilot.press(key)
            await pilot.pause()
            for pane in (view, spans):
                rows = pane_rows(app, pane)[1:-1]  # inside the borders
                # the thumb's column: the last before the right border
                drawn = {i for i, row in enumerate(rows) if row.rstrip("│").endswith(THUMB)}
                want = thumb_rows(pane)
                assert drawn == want, (key, pane.id, drawn, want)
                seen.add((pane.id, min(want, default=None)))
        # both panes scrolled: each thumb was drawn in more than one place
        assert all(len({top for p, top in seen if p == pane and top is not None}) > 1 for pane in ("text", "spans")), seen


@pytest.mark.asyncio
async def test_the_title_follows_the_article_without_repainting_the_whole_screen(store):
    # the title names the open article and its status: set as a reactive, every
    # n/p and done would repaint every widget of the screen
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        whole = count_full_repaints(app)
        first = app.session.article.id
        for key in ("n", "p"):
            await pilot.press(key)
            await pilot.pause()
            assert app.title.startswith(f"zs_tui · #{app.session.article.id} "), (key, app.title)
        assert app.session.article.id == first and whole == []


@pytest.mark.asyncio
async def test_the_text_after_the_jump_hints_go_is_the_text_before_them(store):
    # lines come back from a cache of the lines drawn, by what they show: the
    # hints are drawn over the words, then what they covered is shown again
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.pause()
        before = pane_rows(app, view)[1:-1]
        await pilot.press("t")
        await pilot.pause()
        hinted = pane_rows(app, view)[1:-1]
        assert hinted != before
        await pilot.press("escape")
        await pilot.pause()
        assert pane_rows(app, view)[1:-1] == before


@pytest.mark.asyncio
async def test_the_text_cursor_on_an_empty_line_is_drawn_there_and_nowhere_else(db_path):
    # the cursor on a line break is drawn in the cell after the line's text:
    # moving on or off it redraws that line, and the line it left
    from rich.cells import cell_len

    from zs_tui.ingest.inputs import make_article

    st = Store(db_path)
    st.add_article(make_article("开发区签约仪式\n\n新能源项目落地\n总投资十亿元", "e.txt", "utf-8"), [], "t")
    app = ReviewApp(st, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(100, 20)) as pilot:
        view = app.screen.query_one(ArticleView)
        s = app.session
        seen_break = 0
        for _ in range(16):
            await pilot.press("l")
            await pilot.pause()
            r = view.region
            marked = []
            for y, strip in enumerate(app.screen._compositor.render_strips()[r.y + 1:r.bottom - 1]):
                col = 0
                for seg in strip:
                    if seg.style is not None and seg.style.reverse and r.x + 2 <= col < r.right - 2:
                        marked.append(y)
                    col += cell_len(seg.text)
            line = view._line_of[s.cursor] - int(view.scroll_offset.y)
            assert marked == [line] * len(marked) and marked, (s.cursor, marked, line)
            seen_break += s.text[s.cursor] == "\n"
        assert seen_break >= 2  # the cursor was on both line breaks around the empty line
    st.close()


@pytest.mark.asyncio
async def test_each_article_shows_its_own_text_after_n_and_p(db_path):
    # lines are kept by what they show: two articles with lines at the same
    # offsets and no spans must each show their own text
    from zs_tui.ingest.inputs import make_article

    st = Store(db_path)
    texts = ["苏州工业园区" * 12, "无锡高新技术" * 12]
    for i, text in enumerate(texts):
        st.add_article(make_article(text, f"{i}.txt", "utf-8"), [], "t")
    app = ReviewApp(st, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(100, 20)) as pilot:
        view = app.screen.query_one(ArticleView)
        for key, want in (("n", 1), ("p", 0), ("n", 1)):
            await pilot.press(key)
            await pilot.pause()
            shown = "".join(row.strip("│ ▐") for row in pane_rows(app, view)[1:-1])
            assert texts[want][:20] in shown and texts[1 - want][:6] not in shown, (key, shown[:40])
    st.close()


@pytest.mark.asyncio
async def test_a_new_theme_redraws_every_pane_in_its_colours(store):
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        view, spans = app.screen.query_one(ArticleView), app.screen.query_one(SpanList)
        dark = view.rich_style.bgcolor
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        for pane in (view, spans):
            want = pane.rich_style.bgcolor
            assert want != dark
            r = pane.region
            rows = app.screen._compositor.render_strips()[r.y + 1:r.bottom - 1]
            backgrounds = {seg.style.bgcolor for strip in rows for seg in strip.crop(r.x + 1, r.right - 1)
                           if seg.style is not None and seg.text.strip() == "" and seg.text}
            assert backgrounds == {want}, (pane.id, backgrounds, want)


def count_frames(app: ReviewApp) -> list[int]:
    """The frames the screen draws from now on, each as the number of screen
    regions it repaints (frames that repaint nothing are not counted); clear
    the list to count again."""
    frames: list[int] = []
    screen = app.screen
    real = screen._compositor_refresh

    def counted() -> None:
        if screen._compositor._dirty_regions:
            frames.append(len(screen._compositor._dirty_regions))
        real()

    screen._compositor_refresh = counted  # type: ignore[method-assign]
    return frames


async def settle(pilot) -> None:  # noqa: ANN001
    for _ in range(4):  # several turns of the loop, past the next frame's tick
        await pilot.pause(0.02)


@pytest.mark.asyncio
async def test_what_one_key_or_click_changes_is_drawn_in_one_frame(store):
    # Each widget hands its repaint to the screen when its own message loop
    # idles: a screen that drew first drew the other panes up to 1/60 s later,
    # in a frame of their own (escape cancelling a jump: the text, then the
    # message row; a click in the text: the text, then the span list; a click
    # in a side list: Textual's text selection repainted the whole screen on
    # the press and on the release, then the pick came)
    from zs_tui.ui.article_list import ArticleList

    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        frames = count_frames(app)
        for keys in (("t", "a"), ("j", "j"), ("a", "u"), ("V", "v"), ("t", "escape"), ("n", "p")):
            for key in keys:
                frames.clear()
                await pilot.press(key)
                await settle(pilot)
                assert len(frames) == 1, (keys, key, frames)
        for widget, offset in ((ArticleView, (12, 4)), (SpanList, (6, 3)), (ArticleList, (6, 2))):
            frames.clear()
            await pilot.click(app.screen.query_one(widget), offset=offset)
            await settle(pilot)
            assert len(frames) == 1, (widget.__name__, frames)
