"""Bottom bar: the last message, corpus progress and the session's pace."""
from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ..review import ReviewSession
from ..safety import for_screen

MIN_SECONDS = 60  # no pace before a minute: the first keys would read as thousands per hour


def pace(count: int, seconds: float) -> str:
    """Per hour over ``seconds``; a dash during the first minute."""
    return f"{count * 3600 / seconds:.0f}" if seconds >= MIN_SECONDS else "–"


class StatusBar(Horizontal):
    def __init__(self, session: ReviewSession, clock: Callable[[], float], **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.session = session
        self.clock = clock
        self.started = clock()
        self._pace = ""
        self._counts: dict[str, int] = {}
        self._counted: object = ...  # (article id, status) the counts were read for; ... = never

    def compose(self) -> ComposeResult:
        yield Static("", id="message", markup=False)
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="progress")
        yield Static("", id="pace", markup=False)

    def on_mount(self) -> None:
        self.set_interval(30, self._tick)  # the pace moves on while the annotator reads

    def _tick(self) -> None:
        self.session.recount()  # other annotators' progress too
        self.refresh_status()

    def show(self, message: str, error: bool = False) -> None:
        msg = self.query_one("#message", Static)
        msg.update(for_screen(message), layout=False)  # its width is fixed by the layout (1fr)
        msg.set_class(error, "error")

    def refresh_status(self) -> None:
        s = self.session
        # corpus counts change only with an article's status
        key = (s.article.id, s.article.status) if s.article else None
        if key != self._counted:
            self._counts, self._counted = s.counts(), key
        c = self._counts
        self.query_one(ProgressBar).update(total=max(1, c["total"]), progress=c["done"])
        secs = self.clock() - self.started
        text = f"{c['done']}/{c['total']} done · {pace(s.articles_done, secs)} art/h · {pace(s.decisions, secs)} spans/h"
        if text != self._pace:
            # a new layout only when the width changes: it costs a frame's worth of time
            self.query_one("#pace", Static).update(text, layout=len(text) != len(self._pace))
            self._pace = text
