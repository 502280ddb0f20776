"""The review app driven by keys only (App.run_test and the Pilot)."""
from __future__ import annotations

import sqlite3

import pytest
from review_data import SEED_TEXT, at, seed_store, span, spans_of
from rich.style import Style
from textual.widgets import Markdown

from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_list import ArticleList
from zs_tui.ui.article_view import ArticleView
from zs_tui.ui.help_screen import HelpScreen
from zs_tui.ui.review_screen import ReviewScreen


def make_app(store: Store, **kw) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0, **kw)


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one("#message").render())


def db_spans(path) -> list[tuple[str, str, str, str]]:
    """What another process reading the database sees."""
    conn = sqlite3.connect(path)
    try:
        # the reviewer's layer (the import's unnamed one stays as imported)
        return [tuple(r) for r in conn.execute(
            "SELECT text, label, state, origin FROM spans WHERE layer != '' ORDER BY start, id")]
    finally:
        conn.close()


@pytest.fixture
def store(db_path):
    st = seed_store(db_path)
    yield st
    st.close()


async def test_a_session_driven_by_keys_ends_with_the_expected_spans(store, db_path):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "x", "right_curly_bracket", "a", "2", "a")
        assert app.session.current_span.text == "商琦"
        # 铜山区招商中心 was not suggested: select it from the cursor and label it ORG
        await pilot.press(*["h"] * (at("商琦") - at("铜山区招商中心")), "v", *["l"] * 6, "2")
        assert "added ORG 铜山区招商中心" in message(app)
        await pilot.press("a", "d")
        assert "no article left" in message(app)
    assert db_spans(db_path) == [
        ("徐州铜山", "LOC", "accepted", "suggested"),
        ("招商引资", "INDUSTRY", "rejected", "suggested"),
        ("2023年03月18日 14:43:10", "DATE", "accepted", "suggested"),
        ("徐州日报", "ORG", "accepted", "suggested"),
        ("铜山", "LOC", "accepted", "suggested"),
        ("铜山区招商中心", "ORG", "accepted", "manual"),
        ("商琦", "PER", "accepted", "suggested"),
    ]
    assert [e["action"] for e in store.events()] == [
        "accept", "reject", "resize", "accept", "label", "accept", "add", "accept", "done"]
    assert store.article(1).status == "done"


async def test_undo_and_redo_keys(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "x", "u")
        assert message(app) == "undid reject"
        assert app.session.current_span.text == "招商引资"
        await pilot.press("u")
        assert app.session.current_span.text == "徐州铜山"
        assert [x[2] for x in spans_of(store)][:2] == ["pending", "pending"]
        await pilot.press("ctrl+r")
        assert message(app) == "redid accept"
        assert spans_of(store)[0][2] == "accepted"
    evs = list(store.events())
    assert [e["action"] for e in evs] == ["accept", "reject", "undo", "undo", "redo"]
    assert [e["ref_event"] for e in evs[2:]] == [evs[1]["id"], evs[0]["id"], evs[0]["id"]]


async def test_an_overlap_or_leaving_the_text_is_refused_visibly_and_changes_nothing(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_curly_bracket")  # 徐州铜山: -> still flat
        before = spans_of(store)
        n_events = len(list(store.events()))
        await pilot.press("right_curly_bracket")  # would eat the first char of 招商引资
        msg = app.screen.query_one("#message")
        assert "refused: would overlap INDUSTRY '招商引资'" in message(app) and msg.has_class("error")
        await pilot.press("left_square_bracket")  # start is 0 already
        assert "refused" in message(app) and "start of the text" in message(app)
        assert spans_of(store) == before
        assert len(list(store.events())) == n_events
        await pilot.press("j")  # the next action clears the error
        assert not msg.has_class("error")


async def test_a_restart_resumes_at_the_same_article_and_span(db_path):
    st = seed_store(db_path, articles=3)
    app = make_app(st)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "j", "j", "j", "a")
        where = (app.session.article.id, app.session.current)
        assert where[0] == 2 and app.session.current_span.text == "铜山"
    st.close()
    st2 = Store(db_path, create=False)
    app2 = make_app(st2)
    async with app2.run_test(size=(120, 40)):
        assert (app2.session.article.id, app2.session.current) == where
        view = app2.screen.query_one(ArticleView)
        assert view.border_subtitle.endswith("· 铜山") and view.border_title.startswith("#2 in progress")
    st2.close()


async def test_article_keys_do_nothing_while_help_is_open(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("d", "s", "x", "j")
        assert store.article(1).status == "in_progress"
        assert [e["action"] for e in store.events()] == ["accept_all"]
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("d")
        assert store.article(1).status == "done"


async def test_help_shows_the_labels_and_the_rules(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        legend = app.screen.legend.plain
        assert " 3   COMPANY " in legend and " A  " in legend and "accept every undecided suggestion" in legend
        assert "Flat annotation: spans never overlap" in app.screen.query_one(Markdown).source
        await pilot.press("question_mark")
        assert isinstance(app.screen, ReviewScreen)


async def test_a_key_file_remaps_keys_and_help_shows_them(store):
    app = make_app(store, keymap={"accept": "space", "reject": "delete"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        assert spans_of(store)[0][2] == "pending"
        await pilot.press("space", "delete")
        assert [x[2] for x in spans_of(store)][:2] == ["accepted", "rejected"]
        rows = dict(app.key_table())
        assert "space" in rows and rows["space"].startswith("accept the current span")
        assert app.hint().startswith("j/↓ move · space accept · del reject")


async def test_every_review_key_is_in_the_command_palette(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("Accept (a/⏎)", "Reject (x)", "Accept all (A)", "Label ORG (2)", "Start ← ([)",
                         "End → (})", "Select (v)", "Mark all (m)", "Undo (u)", "Redo (^r)", "Done (d)",
                         "Skip (s)", "Next art. (n)", "Find (/)"):
            assert expected in titles
        await pilot.press("ctrl+p", *"Accept all", "enter")
        await pilot.pause()
        assert all(x[2] == "accepted" for x in spans_of(store))


async def test_label_keys_follow_a_custom_label_set(store):
    from zs_tui.labels import Label

    labels = [Label("LOC", "1", "green", "green", ""), Label("ORG", "2", "blue", "blue", "")]
    app = make_app(store, labels=labels)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        assert "no label on key 5 (labels: 1 LOC, 2 ORG)" in message(app)
        await pilot.press("2")
        assert spans_of(store)[0][1:3] == ("ORG", "accepted")


async def test_find_opens_the_article_containing_a_text(db_path):
    st = seed_store(db_path, articles=3)
    app = make_app(st)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F", *"第2篇", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.article.id == 3
    st.close()


async def test_the_filter_restricts_the_list_and_next_article(db_path):
    st = seed_store(db_path, articles=4)
    app = make_app(st)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "s")  # articles 1 and 2 set aside; now on 3
        await pilot.press("f", "f", "f", "f")  # all -> todo -> in progress -> done -> skipped
        lst = app.screen.query_one(ArticleList)
        assert lst.status_filter == "skipped" and lst.border_title == "articles · skipped · 2"
        await pilot.press("p")
        assert app.session.article.id == 2
        await pilot.press("p")
        assert app.session.article.id == 1
        await pilot.press("p")
        assert "no skipped article before" in message(app)
    st.close()


async def test_the_article_list_does_not_grow_with_the_corpus(tmp_path):
    counts = []
    for n in (2, 60):
        st = seed_store(tmp_path / f"{n}.db", articles=n)
        app = make_app(st)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            lst = app.screen.query_one(ArticleList)
            counts.append(len(app.screen.query("*")))
            assert lst.virtual_size.height == n
            assert len(lst._window[2]) == min(n, lst.scrollable_content_region.height)
        st.close()
    assert counts[0] == counts[1]


async def test_a_long_article_scrolls_to_keep_the_current_span_in_view(db_path):
    tail = SEED_TEXT.rindex("铜山")
    st = seed_store(db_path, suggestions=[span("徐州铜山", "LOC"), {"start": tail, "end": tail + 2, "label": "LOC"}])
    app = make_app(st)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.screen.query_one(ArticleView)
        assert view.scroll_offset.y == 0
        await pilot.press("j")
        line = view._line_of[tail]
        top, h = view.scroll_offset.y, view.scrollable_content_region.height
        assert line > h and top <= line < top + h
        await pilot.press("k")
        assert view.scroll_offset.y == 0
    st.close()


def _attrs(style: Style) -> tuple[bool, bool, bool]:
    return bool(style.bold), bool(style.underline), bool(style.reverse)


async def test_without_colour_suggestions_accepted_current_and_selection_differ(store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color
        await pilot.press("a")  # 徐州铜山 accepted; 招商引资 pending and current
        view = app.screen.query_one(ArticleView)
        styles = view._styles
        accepted, current = _attrs(styles[0]), _attrs(styles[at("招商引资")])
        pending = _attrs(styles[at("徐州日报")])
        plain = _attrs(styles[at("字号")])
        assert len({accepted, current, pending, plain}) == 4
        await pilot.press("j", "j", "j", "h", "h", "v", "h")  # select the two chars before 铜山
        selected = _attrs(view._styles[at("铜山", 1) - 2])
        assert selected not in {accepted, pending, plain}


async def test_a_click_puts_the_cursor_on_a_character_and_selects_a_span_row(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        # border and padding, then 徐州铜山 (8 cells) and ':' (1): the cell of 招
        await pilot.click(ArticleView, offset=(1 + 1 + 9, 1))
        assert app.session.cursor == at("招商引资") and app.session.current_span.text == "招商引资"
        await pilot.press("x")
        assert spans_of(store)[1][2] == "rejected"
        await pilot.click("#spans", offset=(3, 1 + 5))  # the sixth row: 商琦
        assert app.session.current_span.text == "商琦"


async def test_an_empty_database_opens_and_says_what_to_do(db_path):
    st = Store(db_path)
    app = make_app(st)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "holds no article" in message(app)
        await pilot.press("j", "a", "x", "1", "v", "A", "m", "u", "d", "s", "n", "right_curly_bracket")
        assert app.session.article is None and list(st.events()) == []
        assert isinstance(app.screen, ReviewScreen)
    st.close()
