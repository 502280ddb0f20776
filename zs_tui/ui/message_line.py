"""The status bar's message row: one line of text, cropped with ``…``.

Nearly every key that changes something says so here.  As a ``Static`` the
row went through Textual's content pipeline on each message (0.5-1.4 ms a
key, a tenth of a key's time); drawn as a line it costs a cached Strip.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from .cells import fit


class MessageLine(Widget, can_focus=False):
    ALLOW_SELECT = False

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._message = ""
        self._drawn: tuple[tuple[str, int, object], Strip] | None = None

    def update(self, message: str) -> None:
        """Show ``message`` (plain text, not markup)."""
        if message != self._message:
            self._message = message
            self.refresh()

    def render(self) -> Text:
        """What the row says (the text, uncropped)."""
        return Text(self._message)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        style = self.rich_style  # its classes' look too (.error)
        key = (self._message, width, style)
        blank = Style(bgcolor=style.bgcolor)  # after the text: as a Static pads it
        if y:
            return Strip([Segment(" " * width, blank)], width)
        if self._drawn is None or self._drawn[0] != key:
            text = fit(self._message, width).rstrip(" ")
            pad = width - cell_len(text)
            self._drawn = (key, Strip([Segment(text, style), Segment(" " * pad, blank)] if pad else
                                      [Segment(text, style)], width))
        return self._drawn[1]
