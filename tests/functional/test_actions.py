"""The action registry (zs_tui.review.actions) is the one list of review keys: every
entry is bound in the running app, documented in help, --list-keys and the
palette, and every key that writes an event replays through the app."""
from __future__ import annotations

import json

import pytest
from review_data import seed_store, span

from zs_tui.cli import main
from zs_tui.review import actions
from zs_tui.review import session as review
from zs_tui.sessions.session_file import session_events, session_header
from zs_tui.sessions.testing import assert_session_replays
from zs_tui.sessions.testing.key_plan import KEYS
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.help_screen import HelpScreen

PANE_CLASS = {actions.TEXT: "ArticleView", actions.SCREEN: "ReviewScreen", actions.APP: "ReviewApp"}


def make_app(store, **kw) -> ReviewApp:
    return ReviewApp(store, "ann", clock=lambda: 0.0, **kw)


@pytest.fixture
def store(db_path):
    st = seed_store(db_path)
    yield st
    st.close()


def test_ids_are_unique_and_every_event_of_the_vocabulary_has_a_key():
    assert len(actions.BY_ID) == len(actions.ACTIONS)
    written = {ev for a in actions.ACTIONS for ev in a.events}
    assert written == set(review.ACTIONS) - review.MACHINE_ACTIONS
    for a in actions.ACTIONS:
        assert a.pane in actions.PANES and all(t in actions.TARGETS for _, t in a.writes)
        assert a.writes == () or a.method is not None, f"{a.id} records an event but calls no session method"
        if a.method:
            assert callable(getattr(review.ReviewSession, a.method)), a.id


async def test_every_entry_is_bound_on_its_pane_with_its_default_keys(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        live = app.active_bindings
        for a in actions.ACTIONS:
            for key in actions.parse_keys(a.keys):
                assert key in live, f"{a.id}: {key} is not bound"
                assert live[key].binding.id == a.id, f"{key} is bound to {live[key].binding.id}, not {a.id}"
                assert type(live[key].node).__name__ == PANE_CLASS[a.pane]


async def test_every_entry_is_documented_in_help_list_keys_and_the_palette(store, capsys):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        await pilot.press(KEYS["help"])
        assert isinstance(app.screen, HelpScreen)
        legend = app.screen.legend.plain
    for a in actions.ACTIONS:
        shown = actions.GROUP_HELP[a.group] if a.group else a.help
        assert shown in legend, f"{a.id} is not on the help screen"
        if a.palette:
            title = f"{'Label ' + app.session.label_names[a.args[0]] if a.group == 'label' else a.label}"
            assert any(t.startswith(title + " (") and h == shown for t, h in titles.items()), a.id
    assert main(["review", "--list-keys"]) == 0
    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert set(listed) == set(actions.BY_ID)
    assert all(a.help in listed[a.id] for a in actions.ACTIONS)


# How to get to a state where each recorded event can be made: the keys
# pressed first (action ids) and the suggestions of the article.
ONE_SPAN = [span("铜山", "LOC", nth=1)]
RECIPES = {
    "accept": ([], ONE_SPAN), "reject": ([], ONE_SPAN), "label": ([], ONE_SPAN),
    "add": (["select", "cursor_right"], []),
    "accept_all": ([], ONE_SPAN), "resize": ([], ONE_SPAN), "mark_all": ([], ONE_SPAN),
    "undo": (["accept"], ONE_SPAN), "redo": (["accept", "undo"], ONE_SPAN),
    "done": (["accept_all"], ONE_SPAN), "skip": ([], ONE_SPAN),
    "merge": ([], [span("强劲", "EVENT"), span("春潮", "EVENT")]),
    "split": (["cursor_right", "cursor_right"], [span("强劲春潮", "EVENT")]),
    "reopen": (["accept_all", "done"], ONE_SPAN), "flag": ([], ONE_SPAN), "note": ([], ONE_SPAN),
}
# What is typed into a key's prompt (then enter).
TYPED = {"note": "待核实"}
# A word edge key on a span whose neighbouring words are longer than one
# character, so that no character key could have made the same event.
WORDY = [span("强劲春潮", "EVENT")]
RECIPES_BY_ACTION = {a.id: ([], WORDY) for a in actions.ACTIONS if a.method == "resize_word"}
CASES = [(a.id, ev) for a in actions.ACTIONS for ev in a.events]


@pytest.mark.parametrize(("action_id", "event"), CASES, ids=[f"{a}-{e}" for a, e in CASES])
async def test_every_key_that_writes_an_event_replays_through_the_app(tmp_path, action_id, event):
    before, suggestions = RECIPES_BY_ACTION.get(action_id, RECIPES[event])
    recorded = seed_store(tmp_path / "recorded.db", suggestions=suggestions)
    app = make_app(recorded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*[KEYS[k] for k in [*before, action_id]])
        if actions.BY_ID[action_id].prompt is not None:
            await pilot.press(*TYPED[event], "enter")
        sid = app.session.session_id
    header, events = session_header(recorded, sid), list(session_events(recorded, sid))
    assert events and events[-1]["action"] == event, f"{action_id} wrote {[e['action'] for e in events]}"
    target = seed_store(tmp_path / "target.db", suggestions=suggestions)
    result = await assert_session_replays(target, (header, events))
    if actions.BY_ID[action_id].prompt is None:
        assert result.keys[-1] == KEYS[action_id]
    else:  # the key, then what was typed into its prompt
        assert result.keys[-len(TYPED[event]) - 3:] == [KEYS[action_id], "backspace", *TYPED[event], "enter"]
    recorded.close()
    target.close()


async def test_a_key_file_remaps_help_hint_and_palette_together(store, tmp_path):
    keymap = {"accept": "space", "label_2": "o"}
    app = make_app(store, keymap=keymap)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert store.spans(1)[0].label == "ORG"
        rows = dict(app.key_table())
        assert rows["1 o 3 4 5 6 7 8 9"] == actions.GROUP_HELP["label"]
        assert app.hint().startswith("j/↓ move · space accept")
        assert "Label ORG (o)" in [c.title for c in app.get_system_commands(app.screen)]
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"undo": "x"}), "utf-8")
    assert main(["review", "--db", str(store.path), "--keys", str(path)]) == 2
