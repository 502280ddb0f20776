"""Bottom bar: the last message, corpus progress and the session's pace."""
from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ..review import ReviewSession


class StatusBar(Horizontal):
    def __init__(self, session: ReviewSession, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.session = session
        self.started = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static("", id="message")
        yield ProgressBar(total=1, show_eta=False, show_percentage=True, id="progress")
        yield Static("", id="pace")

    def show(self, message: str, error: bool = False) -> None:
        msg = self.query_one("#message", Static)
        msg.update(message)
        msg.set_class(error, "error")

    def refresh_status(self) -> None:
        s = self.session
        c = s.counts()
        bar = self.query_one(ProgressBar)
        bar.update(total=max(1, c["total"]), progress=c["done"])
        hours = max((time.monotonic() - self.started) / 3600, 1 / 3600)
        self.query_one("#pace", Static).update(
            f"{c['done']}/{c['total']} done · {s.articles_done / hours:.0f} art/h · {s.decisions / hours:.0f} spans/h"
        )
