"""`/`: find articles containing a text, as you type, and open one.

The search runs in a worker thread on a connection of its own, so typing
never waits for the database; ``enter`` opens the highlighted article,
``up``/``down`` move the highlight, ``escape`` closes.
"""
from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..safety import for_screen
from ..storage import ArticleRow
from .article_list import STATUS_MARK


class FindScreen(ModalScreen[int | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Close"),
        Binding("down", "highlight(1)", "Next result", show=False),
        Binding("up", "highlight(-1)", "Previous result", show=False),
    ]

    def __init__(self, search: Callable[[str], list[ArticleRow]]) -> None:
        super().__init__()
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical(id="find"):
            yield Input(placeholder="text to find (enter opens the highlighted article, escape closes)",
                        id="find-input")
            yield OptionList(id="find-results")

    def on_input_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text:
            self.run_search(text)
        else:
            self.query_one(OptionList).clear_options()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None and ol.get_option_at_index(ol.highlighted).id:
            self.dismiss(int(ol.get_option_at_index(ol.highlighted).id))

    @work(exclusive=True, thread=True)
    def run_search(self, text: str) -> None:
        rows = self.search(text)
        if not get_current_worker().is_cancelled:  # a newer keystroke started another search
            self.app.call_from_thread(self.show_results, text, rows)

    def show_results(self, text: str, rows: list[ArticleRow]) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        if not rows:
            ol.add_option(Option(Content(for_screen(f"no article contains {text!r}")), disabled=True))
            return
        ol.add_options([
            Option(Content(for_screen(f"{STATUS_MARK.get(r.status, '?')} #{r.id:<5} {r.snippet.replace(chr(10), ' ')}")),
                   id=str(r.id))
            for r in rows
        ])
        ol.highlighted = 0

    def action_highlight(self, step: int) -> None:
        ol = self.query_one(OptionList)
        if ol.option_count:
            ol.highlighted = max(0, min(ol.option_count - 1, (ol.highlighted or 0) + step))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
