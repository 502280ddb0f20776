"""The footer (App.run_test and the Pilot): the keys of the focused pane and
its screen on one line, the palette key at the right end, whole keys only
on a narrow screen, and a click on a key presses it."""
from __future__ import annotations

from review_data import seed_store, spans_of
from rich.cells import cell_len

from zs_tui.ui.app import ReviewApp
from zs_tui.ui.key_footer import KeyFooter


def footer_line(app: ReviewApp) -> str:
    footer = app.screen.query_one(KeyFooter)
    return "".join(seg.text for seg in footer.render_line(0))


def column_of(line: str, text: str) -> int:
    return cell_len(line[: line.index(text)])


async def test_the_footer_names_the_review_keys_and_the_palette_key_at_the_right_end(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with ReviewApp(store, "ann", clock=lambda: 0.0).run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        line = footer_line(pilot.app)
        for shown in ("a Accept", "x Reject", "1-9 Label", "u Undo", "d Done", "? Help"):
            assert shown in line
        assert line.rstrip().endswith("^p palette") and cell_len(line) == 120
        # keys shared by one action are shown once (a, enter and space all accept)
        assert line.count("Accept") == 1
    store.close()


async def test_a_click_on_a_key_in_the_footer_presses_it(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with ReviewApp(store, "ann", clock=lambda: 0.0).run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert spans_of(store)[0][2] == "pending"
        line = footer_line(pilot.app)
        await pilot.click(KeyFooter, offset=(column_of(line, "Accept") + 2, 0))
        await pilot.pause()
        assert spans_of(store)[0][2] == "accepted"  # the first span, current at the start
        await pilot.click(KeyFooter, offset=(column_of(line, "? Help"), 0))
        await pilot.pause()
        assert pilot.app.screen.__class__.__name__ == "HelpScreen"
    store.close()


async def test_at_80_columns_the_footer_shows_whole_keys_only_and_keeps_the_palette_key(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with ReviewApp(store, "ann", clock=lambda: 0.0).run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        line = footer_line(pilot.app)
        assert cell_len(line) == 60 and line.rstrip().endswith("^p palette")
        words = line.replace("^p palette", "").split()
        descriptions = {"Move", "Accept", "Reject", "Label", "Select", "Undo", "Done", "Help"}
        # every key shown is followed by its description: nothing is cut in the middle
        assert words and all(w in descriptions for w in words[1::2])
    store.close()
