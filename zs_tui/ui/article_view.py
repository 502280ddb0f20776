"""The article text with its spans, and the review keys that act on them.

Rendered with the Line API: the text is wrapped once per width (CJK
characters count two cells), and only the visible lines are drawn, so a
long article costs no more per keypress than a short one.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..review import Outcome, ReviewSession


@dataclass
class Acted(Message):
    """A review action ran; ``outcome`` says what it did."""

    outcome: Outcome
    article_changed: bool = False


class ArticleView(ScrollView, can_focus=True):
    """Shows the current article; owns the span-level review keys."""

    BINDINGS = [
        Binding("down,j", "next_span", "Next span", id="next_span"),
        Binding("up,k", "prev_span", "Prev span", id="prev_span"),
        Binding("a,enter", "accept", "Accept", id="accept"),
        Binding("x", "reject", "Reject", id="reject"),
        Binding("A", "accept_all", "Accept all", id="accept_all"),
        Binding("left_square_bracket", "resize('start', -1)", "Start ←", show=False, id="start_left"),
        Binding("right_square_bracket", "resize('start', 1)", "Start →", show=False, id="start_right"),
        Binding("left_curly_bracket", "resize('end', -1)", "End ←", show=False, id="end_left"),
        Binding("right_curly_bracket", "resize('end', 1)", "End →", show=False, id="end_right"),
        Binding("v", "select", "Select", id="select"),
        Binding("left,h", "cursor(-1)", "Cursor ←", show=False, id="cursor_left"),
        Binding("right,l", "cursor(1)", "Cursor →", show=False, id="cursor_right"),
        Binding("ctrl+left,b", "cursor(-10)", "Cursor ←10", show=False, id="cursor_left_10"),
        Binding("ctrl+right,w", "cursor(10)", "Cursor →10", show=False, id="cursor_right_10"),
        Binding("escape", "cancel", "Cancel selection", show=False, id="cancel"),
        Binding("m", "mark_all", "Mark all", show=False, id="mark_all"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        *[Binding(str(n), f"label({n - 1})", f"Label {n}", show=False, id=f"label_{n}") for n in range(1, 10)],
    ]

    def __init__(self, session: ReviewSession, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.session = session
        self.label_colors = {lab.name: lab.color for lab in session.labels}
        self._lines: list[tuple[int, int]] = []
        self._line_of: list[int] = []
        self._laid_out_for: tuple[int | None, str, int] | None = None
        self._styles: list[Style] = []

    # -- layout ---------------------------------------------------------------
    def _layout(self) -> None:
        width = max(4, self.scrollable_content_region.width)
        art = self.session.article
        key = (art.id if art else None, art.sha256 if art else "", width)
        if key == self._laid_out_for:
            return
        text = self.session.text
        lines: list[tuple[int, int]] = []
        line_of = [0] * (len(text) + 1)
        start = col = 0
        for i, ch in enumerate(text):
            if ch == "\n":
                line_of[i] = len(lines)
                lines.append((start, i))
                start, col = i + 1, 0
                continue
            w = cell_len(ch) if ch != "\t" else 4
            if col + w > width and i > start:
                lines.append((start, i))
                start, col = i, 0
            line_of[i] = len(lines)
            col += w
        lines.append((start, len(text)))
        line_of[len(text)] = len(lines) - 1
        self._lines, self._line_of = lines, line_of
        self._laid_out_for = key
        self.virtual_size = Size(width, len(lines))

    def _compute_styles(self) -> None:
        s = self.session
        text = s.text
        base = Style()
        styles = [base] * len(text)
        cur = s.current_span
        for span in s.visible:
            color = self.label_colors.get(span.label, "white")
            if span.state == "accepted":
                st = Style(bgcolor=color, color="black", bold=True)
            else:  # pending suggestion: coloured, underlined, no background
                st = Style(color=color, underline=True, italic=True)
            if cur is not None and span.id == cur.id:
                st = st + Style(reverse=True, bold=True)
            for i in range(span.start, min(span.end, len(text))):
                styles[i] = st
        sel = s.selection
        if sel:
            for i in range(sel[0], min(sel[1], len(text))):
                styles[i] = styles[i] + Style(bgcolor="grey50", color="white", underline=True)
        if text and 0 <= s.cursor < len(text):
            styles[s.cursor] = styles[s.cursor] + Style(reverse=True, blink=False, underline=True)
        self._styles = styles

    def refresh_view(self) -> None:
        s = self.session
        cur = s.current_span
        where = f"{cur.label} {cur.text[:24]} ({cur.state})" if cur else "no span at cursor"
        sel = s.selection
        if sel:
            where = f"selecting {s.text[sel[0]:sel[1]][:24]!r}: 1-9 to label"
        self.border_title = where
        self.border_subtitle = f"{len(s.pending)} undecided · {len(s.visible)} spans"
        self._layout()
        self._compute_styles()
        self._scroll_to_cursor()
        self.refresh()

    def on_resize(self) -> None:
        self._laid_out_for = None
        self.refresh_view()

    def _scroll_to_cursor(self) -> None:
        if not self._line_of:
            return
        cur = self.session.current_span
        pos = cur.start if cur and self.session.anchor is None else self.session.cursor
        line = self._line_of[min(pos, len(self._line_of) - 1)]
        end_line = self._line_of[min(cur.end, len(self._line_of) - 1)] if cur and self.session.anchor is None else line
        h = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if line < top + 1 or end_line >= top + h - 1:
            # keep a line of context above, centre when jumping far
            target = max(0, line - h // 3)
            self.scroll_to(y=target, animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        idx = y + int(self.scroll_offset.y)
        if idx >= len(self._lines):
            return Strip.blank(width)
        a, b = self._lines[idx]
        text = self.session.text
        segs: list[Segment] = []
        run_start = a
        for i in range(a + 1, b + 1):
            if i == b or self._styles[i] is not self._styles[run_start]:
                chunk = text[run_start:i].replace("\t", "    ")
                segs.append(Segment(chunk, self.rich_style + self._styles[run_start] if self._styles else self.rich_style))
                run_start = i
        strip = Strip(segs)
        return strip.extend_cell_length(width, self.rich_style).crop(0, width)

    # -- actions ----------------------------------------------------------------
    def _done(self, outcome: Outcome, article_changed: bool = False) -> None:
        self.refresh_view()
        self.post_message(Acted(outcome, article_changed))

    def action_next_span(self) -> None:
        self.session.move_span(1)
        self._done(Outcome(True))

    def action_prev_span(self) -> None:
        self.session.move_span(-1)
        self._done(Outcome(True))

    def action_accept(self) -> None:
        self._done(self.session.accept())

    def action_reject(self) -> None:
        self._done(self.session.reject())

    def action_accept_all(self) -> None:
        self._done(self.session.accept_all())

    def action_label(self, index: int) -> None:
        self._done(self.session.set_label(index))

    def action_resize(self, edge: str, delta: int) -> None:
        self._done(self.session.resize(edge, delta))

    def action_select(self) -> None:
        self._done(self.session.start_selection())

    def action_cancel(self) -> None:
        self.session.cancel_selection()
        self._done(Outcome(True, "selection cancelled"))

    def action_cursor(self, delta: int) -> None:
        self.session.move_cursor(delta)
        self._done(Outcome(True))

    def action_mark_all(self) -> None:
        self._done(self.session.mark_all())

    def action_undo(self) -> None:
        before = self.session.article.id if self.session.article else None
        out = self.session.undo()
        self._done(out, article_changed=self.session.article is not None and self.session.article.id != before)

    def action_redo(self) -> None:
        before = self.session.article.id if self.session.article else None
        out = self.session.redo()
        self._done(out, article_changed=self.session.article is not None and self.session.article.id != before)
