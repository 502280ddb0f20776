"""Bottom bar, two rows: the last message across the whole width (so that
it is not cut at 80 columns); under it the label legend (key, label in its
colour), the corpus progress and the session's pace."""
from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from zs_tui.review.session import ReviewSession

from ..labels import Label
from ..safety import for_screen
from .message_line import MessageLine

PACE_CELLS = 36  # "12/100 done · 12 art/h · 480 spans/h" and its padding
BAR_CELLS = 13  # the progress bar and its gap
MIN_SECONDS = 60  # no pace before a minute: the first keys would read as thousands per hour


def legend(labels: list[Label], compact: bool = False) -> Text:
    """``1 PER 2 ORG …``: each label's key and its name in the colour its
    spans have; ``compact`` (narrow screens) drops the space after the key."""
    out = Text(no_wrap=True, overflow="ellipsis")
    for lab in labels:
        out.append(for_screen(lab.key) + ("" if compact else " "), "bold")
        out.append(for_screen(lab.name), Style(color=lab.color, underline=True))
        out.append(" ")
    return out


def pace(count: int, seconds: float) -> str:
    """Per hour over ``seconds``; a dash during the first minute."""
    return f"{count * 3600 / seconds:.0f}" if seconds >= MIN_SECONDS else "–"


class StatusBar(Vertical):
    def __init__(self, session: ReviewSession, clock: Callable[[], float], **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.session = session
        self.clock = clock
        self.started = clock()
        self._pace = ""
        self.compact = False  # narrow screen: a tighter legend, the corpus count without the pace

    def compose(self) -> ComposeResult:
        yield MessageLine(id="message")
        with Horizontal(id="meters"):
            yield Static(legend(self.session.labels), id="legend", markup=False)
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="progress")
            yield Static("", id="pace", markup=False)

    def on_mount(self) -> None:
        self.set_interval(30, self._tick)  # the pace moves on while the annotator reads

    def _tick(self) -> None:
        self.session.recount()  # other annotators' progress too
        self.refresh_status()

    def fit_to(self, width: int) -> None:
        """The legend, the progress bar and the pace share the second row:
        what does not fit the screen's width goes, the legend last (its
        compact form drops the space after each key)."""
        room = width - cell_len(legend(self.session.labels).plain) - 2
        compact, bar = room < PACE_CELLS, room >= PACE_CELLS + BAR_CELLS
        progress = self.query_one(ProgressBar)
        if progress.display != bar:
            progress.display = bar
        if compact == self.compact:
            return
        self.compact = compact
        self.query_one("#legend", Static).update(legend(self.session.labels, compact))
        self.refresh_status()

    def show(self, message: str, error: bool = False) -> None:
        msg = self.query_one(MessageLine)
        msg.update(for_screen(message))
        msg.set_class(error, "error")

    def refresh_status(self) -> None:
        s = self.session
        c = s.counts()  # kept by the session (no query), so a recount elsewhere shows at once
        self.query_one(ProgressBar).update(total=max(1, c["total"]), progress=c["done"])
        secs = self.clock() - self.started
        text = f"{c['done']}/{c['total']} done"
        if not self.compact:
            text += f" · {pace(s.articles_done, secs)} art/h · {pace(s.decisions, secs)} spans/h"
        if text != self._pace:
            # a new layout only when the width changes: it costs a frame's worth of time
            self.query_one("#pace", Static).update(text, layout=len(text) != len(self._pace))
            self._pace = text
