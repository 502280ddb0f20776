"""`F`: find a text in every article, as you type, and open one at the hit.

The search runs in a worker thread on a connection of its own, so typing
never waits for the database; each hit is listed with its context (several
per article), Simplified and Traditional matching each other; ``enter``
opens the highlighted hit (the article, the cursor on the match),
``up``/``down`` move the highlight, ``escape`` closes.
"""
from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..safety import for_screen
from ..storage import SearchHit
from .article_list import STATUS_MARK

Picked = tuple[int, int, str]  # article id, offset of the hit, the text searched


class FindScreen(ModalScreen[Picked | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Close"),
        Binding("down", "highlight(1)", "Next result", show=False),
        Binding("up", "highlight(-1)", "Previous result", show=False),
    ]

    def __init__(self, search: Callable[[str], list[SearchHit]], query: str = "") -> None:
        super().__init__()
        self.search = search
        self.query_text = query
        self._hits: list[SearchHit] = []
        self._searched = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="find"):
            yield Input(self.query_text, placeholder="text to find in every article (enter opens the highlighted hit, "
                        "escape closes)", id="find-input")
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
            self._pick(ol.get_option_at_index(ol.highlighted).id)

    @work(exclusive=True, thread=True)
    def run_search(self, text: str) -> None:
        hits = self.search(text)
        if not get_current_worker().is_cancelled:  # a newer keystroke started another search
            self.app.call_from_thread(self.show_results, text, hits)

    def show_results(self, text: str, hits: list[SearchHit]) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        self._hits, self._searched = hits, text
        if not hits:
            ol.add_option(Option(Text(for_screen(f"no article contains {text!r}")), disabled=True))
            return
        ol.add_options([Option(self._line(h, len(text)), id=str(k)) for k, h in enumerate(hits)])
        ol.highlighted = 0

    @staticmethod
    def _line(h: SearchHit, n: int) -> Text:
        line = Text(f"{STATUS_MARK.get(h.status, '?')} #{h.article_id:<5} ")
        snip = for_screen(h.snippet)
        line.append(snip[:h.before])
        line.append(snip[h.before:h.before + n], "bold reverse")
        line.append(snip[h.before + n:])
        return line

    def action_highlight(self, step: int) -> None:
        ol = self.query_one(OptionList)
        if ol.option_count:
            ol.highlighted = max(0, min(ol.option_count - 1, (ol.highlighted or 0) + step))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._pick(event.option.id)

    def _pick(self, option_id: str) -> None:
        h = self._hits[int(option_id)]
        self.dismiss((h.article_id, h.offset, self._searched))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
