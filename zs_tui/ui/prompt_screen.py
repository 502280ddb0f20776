"""A one-line prompt at the bottom of the screen: `/` (find in the article)
and `g` (go to article number N) read their text here.

``enter`` returns the text, ``escape`` returns None; the screen under it
stays visible, so the reviewer keeps reading while typing.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, prompt: str, value: str = "", placeholder: str = "", restrict: str | None = None) -> None:
        super().__init__()
        self.prompt, self.value, self.placeholder, self.restrict = prompt, value, placeholder, restrict

    def compose(self) -> ComposeResult:
        with Horizontal(id="prompt"):
            yield Static(self.prompt, id="prompt-label", markup=False)
            yield Input(self.value, placeholder=self.placeholder, restrict=self.restrict, id="prompt-input",
                        compact=True, select_on_focus=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
