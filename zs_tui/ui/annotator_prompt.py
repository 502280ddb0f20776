"""The first screen of a review app that does not know who is reviewing
(``zs-tui review --ask-annotator``, which each browser session of
``zs-tui serve`` runs): it asks for the annotator's name."""
from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from zs_tui.review.annotator import MAX_NAME, annotator_problem

from ..safety import for_screen


class AnnotatorPrompt(Screen[None]):
    """Asks for a name until a valid one is entered, then calls ``begin(name)``."""

    DEFAULT_CSS = """
    AnnotatorPrompt { align: center middle; }
    AnnotatorPrompt > Vertical { width: 60; height: auto; border: round $accent; padding: 1 2; }
    AnnotatorPrompt #prompt-error { color: $error; height: auto; }
    """

    def __init__(self, database: str, begin: Callable[[str], None]) -> None:
        super().__init__()
        self.database = database
        self.begin = begin

    def compose(self) -> ComposeResult:
        with Vertical():
            # The path is user text: shown with its control characters made visible, never as markup.
            yield Static(for_screen(f"Review {self.database}"), markup=False)
            yield Static("Your name (recorded with every decision you make):", markup=False)
            yield Input(placeholder="annotator name", max_length=MAX_NAME, id="annotator-name")
            yield Static("", id="prompt-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = annotator_problem(name)
        if problem is not None:
            self.query_one("#prompt-error", Static).update(f"{problem}: type a name and press enter")
            self.app.bell()
            return
        self.begin(name)
