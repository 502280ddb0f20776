"""The review actions: each key of the review app, written once.

Everything that knows about a review key is generated from ``ACTIONS``:
the Textual bindings of each pane (``zs_tui.ui.keys``), the help screen's
key table, the status-line hint, the command palette, ``--list-keys``, the
ids a ``--keys`` file may remap, ``zs_tui.sessions.testing``'s key table and the
replay planner (which key records which event, and what it acts on).  A new
key is one entry here plus, if it does something new, a ``ReviewSession``
method.

No Textual here: the UI turns these into bindings; the review layer
(``zs_tui.review.session``) does the work.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Panes, from the innermost: a binding of the text view acts on spans and
# the cursor; those of the screen on articles (both inactive under help,
# find and the prompts, which are modal screens); the app's work everywhere.
TEXT, SCREEN, APP = "text", "screen", "app"
PANES = (TEXT, SCREEN, APP)

# What an event-writing key acts on, so that the replay planner knows where
# to go before pressing it: the current span, a selection (the event's new
# span), the open article, nothing (undo/redo work wherever the cursor is), or
# the text cursor inside the current span (split: where the second piece starts).
SPAN, SELECTION, ARTICLE, ANYWHERE, CURSOR = "span", "selection", "article", "anywhere", "cursor"
TARGETS = (SPAN, SELECTION, ARTICLE, ANYWHERE, CURSOR)


@dataclass(frozen=True)
class Action:
    id: str  # the binding id, and the name a --keys file uses
    keys: str  # default keys, Textual key names, comma-separated; the first is the one replay presses
    label: str  # short label: footer and command palette
    help: str  # what it does: help screen and --list-keys
    pane: str  # TEXT, SCREEN or APP
    # The ReviewSession method the key calls with ``args``; None: the pane
    # does UI work of its own in ``action_<id>`` (help, find, filter, quit).
    method: str | None = None
    args: tuple[Any, ...] = ()
    # Events it may record (``events.action``) -> what it acts on (TARGETS).
    # Empty: navigation, never an event.
    writes: tuple[tuple[str, str], ...] = ()
    footer: bool = False  # shown in the footer
    key_display: str | None = None  # what the footer shows for the default keys
    palette: bool = True  # offered in the command palette
    group: str | None = None  # actions shown as one row of the help screen
    # A key that first reads a line of text (a prompt at the bottom, SCREEN
    # pane only): the prompt's label; the text is the method's last argument.
    prompt: str | None = None
    prompt_value: str | None = None  # the ReviewSession attribute the prompt starts with

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(ev for ev, _ in self.writes)

    def target(self, event: str) -> str:
        return dict(self.writes)[event]


# Help-screen rows that stand for a group of actions.
GROUP_HELP = {
    "label": "give the span that label and accept it; with a selection, add it as a span; "
             "outside any span, add the word under the cursor; a selection over spans redraws them as the selection "
             "(any edge or merge fix: select the right text, press its label; labels 10-18: 0, then 1-9)",
}

ACTIONS: tuple[Action, ...] = (
    Action("next_span", "j,down", "Move", "next span, in text order", TEXT, "move_span", (1,),
           footer=True, key_display="j/k"),
    Action("prev_span", "k,up", "Prev span", "previous span", TEXT, "move_span", (-1,)),
    Action("accept", "a,enter", "Accept", "accept the current span; the cursor goes to the next undecided one",
           TEXT, "accept", writes=(("accept", SPAN),), footer=True, key_display="a"),
    Action("reject", "x", "Reject", "reject it (a span you added is removed); on to the next undecided one",
           TEXT, "reject", writes=(("reject", SPAN),), footer=True),
    *(Action(f"label_{n}", str(n), "Label", f"label number {n} of the label set", TEXT, "set_label", (n - 1,),
             writes=(("label", SPAN), ("add", SELECTION)), footer=n == 1, key_display="1-9" if n == 1 else None,
             group="label")
      for n in range(1, 10)),
    Action("label_layer", "0", "More labels", "the second layer of label keys: 0 then 1-9 gives labels 10 to 18 "
           "(0 again: back)", TEXT, "label_layer"),
    Action("accept_all", "A", "Accept all", "accept every undecided suggestion of the article", TEXT, "accept_all",
           writes=(("accept_all", ARTICLE),)),
    Action("start_left", "left_square_bracket", "Start ←", "move the span's start one character left", TEXT,
           "resize", ("start", -1), writes=(("resize", SPAN),)),
    Action("start_right", "right_square_bracket", "Start →", "move the span's start one character right", TEXT,
           "resize", ("start", 1), writes=(("resize", SPAN),)),
    Action("end_left", "left_curly_bracket", "End ←", "move the span's end one character left", TEXT,
           "resize", ("end", -1), writes=(("resize", SPAN),)),
    Action("end_right", "right_curly_bracket", "End →", "move the span's end one character right", TEXT,
           "resize", ("end", 1), writes=(("resize", SPAN),)),
    Action("start_word_left", "left_parenthesis", "Start ← word", "move the span's start to the previous word start",
           TEXT, "resize_word", ("start", -1), writes=(("resize", SPAN),)),
    Action("start_word_right", "right_parenthesis", "Start → word", "move the span's start to the next word start",
           TEXT, "resize_word", ("start", 1), writes=(("resize", SPAN),)),
    Action("end_word_left", "less_than_sign", "End ← word", "move the span's end to the previous word end",
           TEXT, "resize_word", ("end", -1), writes=(("resize", SPAN),)),
    Action("end_word_right", "greater_than_sign", "End → word", "move the span's end to the next word end",
           TEXT, "resize_word", ("end", 1), writes=(("resize", SPAN),)),
    Action("merge", "plus,equals_sign", "Merge", "merge the span with the next one (this span's label), accepted",
           TEXT, "merge", writes=(("merge", SPAN),)),
    Action("split", "minus", "Split", "split the span at the text cursor (it starts the second piece), both accepted",
           TEXT, "split", writes=(("split", CURSOR),)),
    Action("select", "v", "Select", "start a selection at the text cursor (again: cancel it)", TEXT,
           "start_selection", footer=True),
    Action("select_word", "V", "Select word", "select the word under the text cursor (e/w, h/l grow it)", TEXT,
           "select_word"),
    Action("select_phrase", "P", "Select phrase", "select the phrase under the text cursor: the text between "
           "the punctuation marks around it (a list item, a quoted name); e/w, h/l change it", TEXT, "select_phrase"),
    Action("cursor_left", "h,left", "Cursor ←", "text cursor left (extends the selection)", TEXT,
           "move_cursor", (-1,)),
    Action("cursor_right", "l,right", "Cursor →", "text cursor right (extends the selection)", TEXT,
           "move_cursor", (1,)),
    Action("word_next", "w,ctrl+right", "Word →", "text cursor to the next word start (extends the selection)", TEXT,
           "move_word", ("start", 1)),
    Action("word_prev", "b,ctrl+left", "Word ←", "text cursor to the previous word start", TEXT,
           "move_word", ("start", -1)),
    Action("word_end", "e", "Word end →", "text cursor to the next word end: v e selects a word, e again the next",
           TEXT, "move_word", ("end", 1)),
    Action("word_end_prev", "E", "Word end ←", "text cursor to the previous word end", TEXT,
           "move_word", ("end", -1)),
    Action("phrase_end", "W", "Phrase end →", "text cursor to the end of the phrase (the text up to the next "
           "punctuation mark or space), again: of the next one; v W selects a list item", TEXT, "move_phrase", (1,)),
    Action("phrase_start", "B", "Phrase start ←", "text cursor to the start of the phrase, again: of the previous one",
           TEXT, "move_phrase", (-1,)),
    Action("jump", "t", "Jump", "jump: a hint of one or two letters on each word start in view (the nearest "
           "shortest); type one and the text cursor goes there (extends the selection; escape cancels)", TEXT),
    Action("back", "o", "Back", "text cursor back to the word after the span decided last (where the cursor was "
           "before it moved on to the next undecided span: the next item of a list)", TEXT, "go_back"),
    Action("cursor_left_10", "H", "Cursor ←10", "text cursor 10 characters left", TEXT,
           "move_cursor", (-10,)),
    Action("cursor_right_10", "L", "Cursor →10", "text cursor 10 characters right", TEXT,
           "move_cursor", (10,)),
    Action("cancel", "escape", "Cancel selection", "cancel the selection", TEXT, "cancel_selection"),
    Action("mark_all", "m", "Mark all", "give every free occurrence of the span's text its label", TEXT,
           "mark_all", writes=(("mark_all", SPAN),)),
    Action("undo", "u", "Undo", "undo this session's last action", TEXT, "undo",
           writes=(("undo", ANYWHERE),), footer=True),
    Action("redo", "ctrl+r", "Redo", "redo what was undone", TEXT, "redo", writes=(("redo", ANYWHERE),)),
    Action("done", "d", "Done", "article done, open the next one to review (refused while suggestions are undecided)",
           SCREEN, "done", writes=(("done", ARTICLE),), footer=True),
    Action("skip", "s", "Skip", "set the article aside, open the next one to review", SCREEN, "skip",
           writes=(("skip", ARTICLE),)),
    Action("next_article", "n", "Next art.", "next article (of the list's status filter)", SCREEN,
           "step_article", (1,)),
    Action("prev_article", "p", "Prev art.", "previous article", SCREEN, "step_article", (-1,)),
    Action("find", "slash", "Find", "find a text in the article (Simplified and Traditional alike): the cursor "
           "goes to the next match; on free text the match is selected, so 1-9 labels it", SCREEN, "find",
           prompt="/", prompt_value="last_find"),
    Action("find_next", "semicolon", "Find next", "the next match of the last find", TEXT, "find_next", (1,)),
    Action("find_prev", "comma", "Find previous", "the previous match of the last find", TEXT, "find_next", (-1,)),
    Action("find_corpus", "F", "Find in all", "find a text in every article: each hit with its context; "
           "enter opens the article at the hit", SCREEN),
    Action("goto_article", "g", "Go to article", "open article number N", SCREEN, "open_number",
           prompt="go to article #"),
    Action("reopen", "r", "Reopen", "reopen a done article for editing (its spans are refused until then)", SCREEN,
           "reopen", writes=(("reopen", ARTICLE),)),
    Action("flag", "exclamation_mark", "Unsure", "flag the article as unsure (again: clear it); shown in the list, "
           "exported in meta", SCREEN, "toggle_unsure", writes=(("flag", ARTICLE),)),
    Action("note", "c", "Note", "write the article's note (empty: clear it); shown in the list, exported in meta",
           SCREEN, "set_note", writes=(("note", ARTICLE),), prompt="note:", prompt_value="note"),
    Action("filter", "f", "Filter list", "filter the article list (and n/p) by status", SCREEN),
    Action("toggle_list", "ctrl+l", "Article list", "show or hide the article list", SCREEN),
    Action("help", "question_mark", "Help", "this help", SCREEN, footer=True, palette=False),
    Action("quit", "q", "Quit", "quit; every action is already saved", APP, palette=False),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}

# The adjudication screen's own keys (``zs-tui adjudicate``), on top of every
# key above, which edit the adjudicated layer as they edit an annotator's:
# methods of ``zs_tui.review.adjudication.AdjudicationSession``.  A, B, C are
# the versions' panes, left to right.
TAKE_KEYS = (("a", "t", "T"), ("b", "y", "Y"), ("c", "z", "Z"))
ADJUDICATE_ACTIONS: tuple[Action, ...] = (
    *(Action(f"take_{v}", one, f"Take {v.upper()}", f"take version {v.upper()}'s spans for the current "
             "disagreement (what the adjudicated layer had there goes)", SCREEN, "take", (i,),
             writes=(("take", ARTICLE),), footer=i < 2)
      for i, (v, one, _) in enumerate(TAKE_KEYS)),
    *(Action(f"take_all_{v}", whole, f"Take all {v.upper()}", f"take version {v.upper()}'s spans for the whole "
             "article", SCREEN, "take", (i, True), writes=(("take", ARTICLE),))
      for i, (v, _, whole) in enumerate(TAKE_KEYS)),
    Action("next_disagreement", "J", "Next disagr.", "the text cursor to the next disagreement", SCREEN,
           "step_conflict", (1,), footer=True, key_display="J/K"),
    Action("prev_disagreement", "K", "Prev disagr.", "the text cursor to the previous disagreement", SCREEN,
           "step_conflict", (-1,)),
)
ADJUDICATE_BY_ID: dict[str, Action] = {a.id: a for a in ADJUDICATE_ACTIONS}
# Review keys that an adjudication key takes over on the adjudication screen,
# and where they go there: t is take A (next to y and z), jump is ctrl+t.
ADJUDICATE_MOVED: dict[str, str] = {"jump": "ctrl+t"}

# The status line's first message: (action id or group, word), in this order.
HINT = (("next_span", "move"), ("accept", "accept"), ("reject", "reject"), ("select", "select"),
        ("done", "done"), ("help", "help"), ("label", "label"))


def of_pane(pane: str) -> list[Action]:
    return [a for a in ACTIONS if a.pane == pane]


def writing(event: str) -> list[Action]:
    """The actions whose key may record ``event``."""
    return [a for a in ACTIONS if event in a.events]


def default_key(action_id: str) -> str:
    """The key a replay presses for an action: the first of its default keys."""
    return BY_ID[action_id].keys.split(",")[0].strip()


def parse_keys(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


def list_keys() -> list[tuple[str, str, str]]:
    """(id, default keys, what it does) of every action a key file may remap."""
    return [(a.id, a.keys, a.help) for a in ACTIONS]
