"""The spans of the current article: state, label, text and origin, one per line.

The current span's row is reversed and kept in view; rejected spans stay
listed (struck through) so that a reviewer sees what was turned down.
A click on a row makes that span current.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from zs_tui.review.session import ReviewSession

from ..storage import Span
from .cells import ORIGIN_SHORT, STATE_MARK, fit, span_tally
from .repaint import BorderRowTitles, DrawnLines, refresh_rows, set_rows, thumb, thumb_cell, view_size

LABEL_W = 8
ORIGIN_W = 4
PLAIN = Style()
TEXT_STYLE = {"rejected": Style(dim=True, strike=True), "accepted": Style(bold=True)}
ORIGIN_STYLE = Style(dim=True)
CURRENT = Style(reverse=True)


class SpanList(BorderRowTitles, ScrollView, can_focus=False):  # type: ignore[misc]  # refresh() returns the mixin, not Self
    """Read-only list; its highlighted row follows the current span."""

    # a click picks a row: no text selection of Textual's, whose start and end
    # repainted the whole screen twice before the pick was drawn
    ALLOW_SELECT = False

    @dataclass
    class Picked(Message):
        span_id: int

    def __init__(self, session: ReviewSession, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.session = session
        self.label_colors = {lab.name: lab.color for lab in session.labels}
        self._rows: list[tuple] = []  # what each row showed, to redraw only changed rows
        self._title = ""
        self._base = Style()
        self._style_cache: dict[tuple[str, str], tuple[Style, Style]] = {}
        # Each row drawn, by what it shows: a merge or a split moves every row
        # below it, and each moved row is drawn again as it was.
        self._drawn = DrawnLines()

    def refresh_spans(self) -> None:
        """Redraw the rows that changed (all of them if the list scrolled)."""
        s = self.session
        rows = [(x.id, x.label, x.state, x.start, x.end, x.id == s.current) for x in s.spans]
        set_rows(self, len(rows))  # a merge: no layout
        title = f"spans {span_tally(s.spans)}"
        full = False
        if title != self._title:
            self.set_border_titles(title)
            self._title = title
        row = next((i for i, x in enumerate(rows) if x[5]), None)
        if row is not None:
            h = max(1, view_size(self).height)
            top = int(self.scroll_offset.y)
            if not top <= row < top + h:
                self.scroll_to(y=max(0, row - h // 3), animate=False, immediate=True)
                full = full or int(self.scroll_offset.y) != top
        self._base = self.rich_style
        if full:
            self.refresh()
        else:
            # A merge or a split shifts only the rows below it: the rows in
            # view that show another span (or none) than before are redrawn.
            top = int(self.scroll_offset.y)
            old_rows = self._rows
            refresh_rows(self, [i for i in range(top, top + view_size(self).height)
                                if (old_rows[i] if i < len(old_rows) else None) != (rows[i] if i < len(rows) else None)])
        self._rows = rows

    def _row_styles(self, label: str, state: str) -> tuple[Style, Style]:
        """The label's and the text's style of a row, built once per look
        (a row is drawn on every scroll and every change of the list)."""
        key = (label, state)
        got = self._style_cache.get(key)
        if got is None:
            got = (Style(color=self.label_colors.get(label, "white"), bold=state == "accepted"),
                   TEXT_STYLE.get(state, PLAIN))
            self._style_cache[key] = got
        return got

    def render_line(self, y: int) -> Strip:
        width = max(1, view_size(self).width - 1)  # the last column: the scroll thumb (repaint.thumb)
        base = self._base
        idx = y + int(self.scroll_offset.y)
        spans = self.session.spans
        bar = thumb_cell(y, thumb(self), base)
        if idx >= len(spans):
            return Strip([Segment(" " * width, base), bar], width + 1)
        x = spans[idx]
        key = (x.id, x.label, x.state, x.text, x.origin, x.id == self.session.current, width, base, bar.text)
        return self._drawn.line(key, lambda: self._row(x, width, base, bar))

    def _row(self, x: Span, width: int, base: Style, bar: Segment) -> Strip:
        text_w = max(1, width - 2 - LABEL_W - 1 - 1 - ORIGIN_W)
        label_style, text_style = self._row_styles(x.label, x.state)
        segs = [
            Segment(STATE_MARK[x.state] + " ", base),
            Segment(fit(x.label, LABEL_W) + " ", base + label_style),
            Segment(fit(x.text, text_w) + " ", base + text_style),
            Segment(fit(ORIGIN_SHORT.get(x.origin, x.origin), ORIGIN_W), base + ORIGIN_STYLE),
        ]
        if 2 + LABEL_W + 1 + text_w + 1 + ORIGIN_W != width:  # too narrow for the columns: cropped
            segs = list(Strip(segs).extend_cell_length(width, base).crop(0, width))
        if x.id == self.session.current:
            segs = list(Segment.apply_style(segs, CURRENT))
        return Strip([*segs, bar], width + 1)  # one Strip per row (a Strip is a dozen objects)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        idx = offset.y + int(self.scroll_offset.y)
        if 0 <= idx < len(self.session.spans):
            self.post_message(self.Picked(self.session.spans[idx].id))
