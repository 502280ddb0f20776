"""Word-wise editing driven by keys (App.run_test and the Pilot): word
motions over jieba's words, a selection that grows by words, edges moved
by a word, merge and split, a label key on a bare word; what lands in the
database and what the text pane shows (with and without colour)."""
from __future__ import annotations

import pytest
from review_data import SEED_TEXT, at, seed_store, span, spans_of
from textual.filter import monochrome_style

from zs_tui.review import words
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.article_view import ArticleView
from zs_tui.ui.status_bar import StatusBar

# 犹如 强劲 春潮 , 在 铜山 掀起: words of two characters around 强劲 and 春潮
QIANG = at("强劲")


def make_app(store) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0)


def subtitle(app: ReviewApp) -> str:
    return str(app.screen.query_one(ArticleView).border_subtitle)


async def test_word_keys_move_the_cursor_by_jiebas_words(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        assert s.cursor == 0  # 徐州 铜山 : 招商引资
        await pilot.press("w")
        assert s.cursor == at("铜山")
        await pilot.press("e", "e")  # the end of 铜山, then of 招商引资 (':' is no word)
        assert s.cursor == at("招商引资") + 3
        await pilot.press("b")
        assert s.cursor == at("招商引资")
        await pilot.press("E")
        assert s.cursor == at("铜山") + 1
        assert "cursor at" in subtitle(pilot.app)
    store.close()


async def test_a_selection_grows_by_words_and_characters_and_a_label_key_adds_it(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "e", "e")  # 徐州, then 徐州铜山
        assert pilot.app.session.selection == (0, 4)
        await pilot.press("4")  # LOC
        # the cursor is back on 徐州铜山: two words on, a character, then to the word's end
        await pilot.press("w", "w", "v", "l", "e")
        assert pilot.app.session.selection == (at("招商引资"), at("招商引资") + 4)
        await pilot.press("8")  # INDUSTRY
    assert spans_of(store) == [("徐州铜山", "LOC", "accepted", "manual"), ("招商引资", "INDUSTRY", "accepted", "manual")]
    store.close()


async def test_V_selects_the_word_under_the_cursor_and_e_grows_it(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "V")  # on 州: the word 徐州
        assert pilot.app.session.selection == (0, 2)
        await pilot.press("e", "4")
    assert spans_of(store) == [("徐州铜山", "LOC", "accepted", "manual")]
    store.close()


async def test_a_label_key_on_a_word_outside_any_span_adds_that_word(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("徐州铜山", "LOC")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "w", "l")  # past 徐州铜山, into 招商引资 (its second character)
        assert pilot.app.session.current_span is None
        await pilot.press("8")
        assert pilot.app.session.current_span.text == "徐州铜山"  # the one undecided span left
        await pilot.press(*["w"] * 5)  # 铜山 招商引资 奏响 最强音 2023: a word of no span
        assert pilot.app.session.cursor == at("2023")
        await pilot.press("7")  # DATE: just the word 2023
    assert spans_of(store) == [("徐州铜山", "LOC", "pending", "suggested"),
                               ("招商引资", "INDUSTRY", "accepted", "manual"), ("2023", "DATE", "accepted", "manual")]
    store.close()


async def test_a_label_key_on_a_word_that_runs_into_a_decided_span_leaves_that_span_alone(tmp_path):
    # 徐州铜 accepted, the cursor on 山: jieba's word there is 铜山, which runs
    # into it; the label key must not redraw the accepted span as 铜山
    store = seed_store(tmp_path / "a.db", suggestions=[span("徐州铜", "LOC")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        s = pilot.app.session
        while s.cursor < at("山"):
            await pilot.press("l")
        while s.cursor > at("山"):
            await pilot.press("h")
        assert s.current_span is None
        await pilot.press("4")
        assert "overlaps" in str(pilot.app.screen.query_one(StatusBar).query_one("#message").render())
    assert spans_of(store) == [("徐州铜", "LOC", "accepted", "suggested")]
    store.close()


async def test_edge_keys_move_a_span_edge_by_a_whole_word_and_undo(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("强劲", "EVENT")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("greater_than_sign")
        assert spans_of(store)[0][0] == "强劲春潮"
        await pilot.press("left_parenthesis")
        assert spans_of(store)[0][0] == "犹如强劲春潮"
        await pilot.press("right_parenthesis", "less_than_sign")
        assert spans_of(store)[0][0] == "强劲"
        await pilot.press("right_square_bracket")  # and by a character, as before
        assert spans_of(store)[0][0] == "劲"
        await pilot.press("u", "u")
        assert spans_of(store)[0][0] == "强劲春潮"
        assert "强劲春潮" in subtitle(pilot.app)
    store.close()


async def test_merge_joins_the_span_with_the_next_one_under_its_label_and_undo_restores_both(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("强劲", "EVENT"), span("春潮", "LOC")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("plus")
        assert spans_of(store) == [("强劲春潮", "EVENT", "accepted", "suggested")]
        assert "merged: EVENT 强劲春潮" in str(pilot.app.screen.query_one("#message").render())
        await pilot.press("u")
        assert spans_of(store) == [("强劲", "EVENT", "pending", "suggested"), ("春潮", "LOC", "pending", "suggested")]
        await pilot.press("ctrl+r")
        assert spans_of(store) == [("强劲春潮", "EVENT", "accepted", "suggested")]
    store.close()


async def test_merge_refuses_to_cross_a_line_break(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("最强音", "EVENT"), span("2023", "DATE")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("plus")
        assert "line break" in str(pilot.app.screen.query_one("#message").render())
    assert [t for t, *_ in spans_of(store)] == ["最强音", "2023"]
    store.close()


async def test_split_cuts_the_span_at_the_cursor_into_two_accepted_pieces(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("强劲春潮", "EVENT"), span("商琦", "PER")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("minus")  # the cursor is on the span's first character: nothing to cut
        assert len(spans_of(store)) == 2
        await pilot.press("e", "l", "minus")  # the end of 强劲, then 春: it starts the second piece
        assert spans_of(store)[:2] == [("强劲", "EVENT", "accepted", "suggested"), ("春潮", "EVENT", "accepted", "manual")]
        assert pilot.app.session.current_span.text == "商琦"  # on to the next undecided one
        await pilot.press("u")
        assert spans_of(store)[0] == ("强劲春潮", "EVENT", "pending", "suggested")
    store.close()


async def test_the_article_is_segmented_once_not_per_key(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        before = words.words_of.cache_info()
        await pilot.press(*["w"] * 8, *["b"] * 3, "e", "greater_than_sign")
        after = words.words_of.cache_info()
        assert after.misses == before.misses and after.hits > before.hits
    store.close()


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_the_text_cursor_is_visible_inside_the_current_span_and_on_plain_text(tmp_path, monkeypatch, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    store = seed_store(tmp_path / "a.db", suggestions=[span("强劲春潮", "EVENT")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        assert pilot.app.no_color == no_color
        view = pilot.app.screen.query_one(ArticleView)
        look = monochrome_style if no_color else (lambda st: st)
        await pilot.press("l")  # the cursor on 劲, inside the current span
        st = [look(x) for x in view._styles]
        cursor, span_cell, plain = st[QIANG + 1], st[QIANG + 2], st[QIANG - 1]
        assert len({cursor, span_cell, plain}) == 3
        assert cursor.reverse != span_cell.reverse  # a hole in the reversed block
        await pilot.press("w", "w")  # 在: plain text
        st = [look(x) for x in view._styles]
        assert pilot.app.session.cursor == at("在铜山")
        assert st[at("在铜山")] != st[at("在铜山") + 1] and st[at("在铜山")].reverse
    store.close()


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_neighbours_of_one_label_look_different(tmp_path, monkeypatch, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    sugg = [span("犹如", "EVENT"), span("强劲", "EVENT"), span("春潮", "EVENT"), span("商琦", "PER")]
    store = seed_store(tmp_path / "a.db", suggestions=sugg)
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        view = pilot.app.screen.query_one(ArticleView)
        look = monochrome_style if no_color else (lambda st: st)
        await pilot.press("j", "j", "j")  # the current span is 商琦, away from them
        for accepted in (False, True):
            st = [look(x) for x in view._styles]
            a, b, c = st[QIANG - 1], st[QIANG + 1], st[QIANG + 3]  # ends of 犹如 强劲 春潮 (not the cursor)
            assert a != b and b != c and a == c  # alternate looks, the same offsets
            if not accepted:
                await pilot.press("A")
    store.close()


async def test_the_counter_shows_decided_of_total_and_a_reject_does_not_renumber(tmp_path):
    store = seed_store(tmp_path / "a.db")  # six suggestions
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        assert subtitle(pilot.app).startswith("0/6 decided · LOC")
        await pilot.press("a", "x")
        assert subtitle(pilot.app).startswith("2/6 decided · DATE")
    store.close()


async def test_after_an_action_the_cursor_goes_to_the_next_undecided_span_after_it(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        await pilot.press("j", "j", "j", "a")  # 徐州日报 accepted: on to 铜山, not back to 徐州铜山
        assert s.current_span.text == "铜山"
        s.move_cursor(at("标准") - s.cursor)  # a click on 标准, a word between 铜山 and 商琦
        await pilot.press("6")  # added (MONEY, only to add it): on to 商琦, not back to 徐州铜山
        assert s.current_span.text == "商琦"
        s.move_cursor(at("奏响") - s.cursor)  # between spans, after the pending 徐州铜山 and 招商引资
        await pilot.press("d")  # refused: undecided ones left; the next one from the cursor, not the first
        assert s.current_span.text == "2023年03月18日 14:43:1"
    store.close()


async def test_phrase_keys_move_to_the_ends_of_the_text_between_punctuation(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        await pilot.press("W")  # 徐州铜山 ends before ':'
        assert s.cursor == at("徐州铜山") + 3
        await pilot.press("W")  # then 招商引资奏响 ends before '“'
        assert s.cursor == at("招商引资奏响") + 5
        await pilot.press("B")
        assert s.cursor == at("招商引资奏响")
        await pilot.press("B")
        assert s.cursor == 0
    store.close()


async def test_P_selects_the_list_item_under_the_cursor_and_a_label_key_adds_it(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    item = "战略性新兴产业及高新技术产业项目88个"
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        s.cursor = at(item) + 5  # inside the list item, between two commas
        await pilot.press("P")
        assert s.selection == (at(item), at(item) + len(item))
        await pilot.press("h", "h", "h", "8")  # without 88个
    assert spans_of(store) == [("战略性新兴产业及高新技术产业项目", "INDUSTRY", "accepted", "manual")]
    store.close()


async def test_a_label_key_on_a_selection_over_spans_redraws_them_as_the_selection(tmp_path):
    # two pieces of one name, suggested apart: select the whole, press its label
    store = seed_store(tmp_path / "a.db", suggestions=[span("先导薄膜", "ORG"), span("生产基地项目", "LOC")])
    name = "先导薄膜拟上市总部及生产基地项目"
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        s.cursor = at(name)
        await pilot.press("v", "W", "5")  # to the end of the list item; PROJECT
        assert spans_of(store) == [(name, "PROJECT", "accepted", "suggested")]
        assert "redrew 先导薄膜 + 生产基地项目 as PROJECT" in str(pilot.app.screen.query_one(StatusBar).query_one("#message").render())
        await pilot.press("u")  # both pieces back as they were
        assert spans_of(store) == [("先导薄膜", "ORG", "pending", "suggested"),
                                   ("生产基地项目", "LOC", "pending", "suggested")]
    store.close()


async def test_t_shows_hints_on_word_starts_and_typing_one_moves_the_cursor_there(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        view = pilot.app.screen.query_one(ArticleView)
        await pilot.press("t")
        hints = s.jump_hints
        assert hints["a"] == at("铜山")  # the nearest word start gets the first letter
        # what the screen shows: the hint letter over the word's first character
        assert "".join(seg.text for seg in view.render_line(0)).startswith("徐州a 山")
        far = next(h for h, o in hints.items() if len(h) == 2)
        await pilot.press(*far)  # two letters for a farther word
        assert s.cursor == hints[far] and s.jump_hints is None
        assert "".join(seg.text for seg in view.render_line(0)).startswith("徐州铜山")
        await pilot.press("v", "t", "s", "4")  # a selection grows to the hint: 4 labels it
    assert spans_of(store)[0][0] == SEED_TEXT[hints[far]:list(store.spans(1))[0].end]
    store.close()


async def test_escape_or_a_key_that_is_no_hint_ends_the_hints_and_does_its_work(tmp_path):
    store = seed_store(tmp_path / "a.db", suggestions=[span("铜山", "LOC")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        was = s.cursor
        await pilot.press("t", "escape")
        assert s.jump_hints is None and s.cursor == was
        await pilot.press("t", "2")  # not a hint letter: the hints go, 2 relabels
        assert s.jump_hints is None
    assert spans_of(store) == [("铜山", "ORG", "accepted", "suggested")]
    store.close()


async def test_o_goes_back_to_the_word_after_the_span_just_added(tmp_path):
    # a list: add its first item, the cursor moves on; o comes back for the next item
    store = seed_store(tmp_path / "a.db", suggestions=[span("铜山区招商中心", "ORG")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        s.cursor = at("主要领导")
        await pilot.press("v", "W", "9")  # 主要领导进京入沪 (as an example label)
        assert s.current_span.text == "铜山区招商中心"  # the next undecided span
        await pilot.press("o")
        assert s.cursor == at("忙洽谈")  # the word after the added span ('“' is no word)
    store.close()


def test_jump_hints_are_never_the_start_of_another_and_the_nearest_are_one_letter():
    targets = list(range(0, 1800, 3))  # a full screen of word starts
    got = words.hints(targets, 900)
    labels = list(got)
    assert not any(a != b and b.startswith(a) for a in labels for b in labels)
    singles = [h for h in labels if len(h) == 1]
    assert len(singles) >= words.MIN_SINGLES
    assert max(abs(got[h] - 900) for h in singles) <= min(abs(got[h] - 900) for h in labels if len(h) == 2)


async def test_a_selection_that_cuts_into_an_accepted_neighbour_is_refused_and_changes_nothing(tmp_path):
    # a slip: 先导薄膜 and a piece of the accepted 拟上市总部 selected together
    store = seed_store(tmp_path / "a.db", suggestions=[span("先导薄膜", "COMPANY"), span("拟上市总部", "ORG")])
    async with make_app(store).run_test(size=(120, 40)) as pilot:
        s = pilot.app.session
        await pilot.press("j", "a")  # 拟上市总部 accepted; the cursor wraps back to 先导薄膜, undecided
        assert s.cursor == at("先导薄膜")
        await pilot.press("v", *["l"] * 5, "5")  # 先导薄膜拟上: into the accepted span
        assert "refused: the selection cuts into accepted ORG '拟上市总部'" in str(
            pilot.app.screen.query_one(StatusBar).query_one("#message").render())
        assert spans_of(store) == [("先导薄膜", "COMPANY", "pending", "suggested"),
                                   ("拟上市总部", "ORG", "accepted", "suggested")]
    store.close()
