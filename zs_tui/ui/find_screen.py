"""`/`: find articles containing a text and open one."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ..storage import ArticleRow


class FindScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Close")]

    def __init__(self, search) -> None:  # noqa: ANN001 - callable(text) -> list[ArticleRow]
        super().__init__()
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical(id="find"):
            yield Input(placeholder="text to find, then enter", id="find-input")
            yield OptionList(id="find-results")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.run_search(event.value.strip())

    @work(exclusive=True, thread=True)
    def run_search(self, text: str) -> None:
        rows = self.search(text)
        self.app.call_from_thread(self.show_results, text, rows)

    def show_results(self, text: str, rows: list[ArticleRow]) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        if not rows:
            ol.add_option(Option(f"no article contains {text!r}", disabled=True))
            return
        ol.add_options([Option(f"#{r.id} [{r.status}] {r.title}", id=str(r.id)) for r in rows])
        ol.focus()
        ol.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
