"""The article text with its spans, and the review keys that act on them.

Rendered with the Line API: the text is wrapped once per width (CJK
characters count two cells, closing punctuation never starts a line), and
only the visible lines are drawn, so a long article costs no more per
keypress than a short one.

Styles are told apart without colour too (``NO_COLOR``): suggestions are
underlined, accepted spans bold on their label's colour, the current span
reversed, the selection reversed and underlined.  The text cursor is always
drawn: its cell's reverse attribute flipped, bold and underlined (a block on
plain text, a hole in the reversed current span), so it never hides in the
span it is on.  A span that follows one of the same label with no word
between (王贵珍 宋靖童) is drawn in the alternate look: a darker shade and
underlined if accepted, dim if a suggestion; offsets do not change.

The mouse maps a cell to a text offset through the same wrapped lines that
are drawn (``offset_at``): a click moves the cursor, a double-click selects
the word, a drag selects.  While jump hints show (``t``), their letters are
drawn over the first cells of the words and the letters typed go to them.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from rich.cells import cell_len
from rich.color import Color, ColorTriplet, blend_rgb
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.scroll_view import ScrollView
from textual.strip import Strip

from zs_tui.review.actions import BY_ID, TEXT
from zs_tui.review.session import Outcome, ReviewSession
from zs_tui.review.words import HINT_LETTERS

from ..safety import for_screen
from .cells import ORIGIN_SHORT
from .keys import bindings
from .repaint import BorderRowTitles, DrawnLines, set_rows, thumb, thumb_cell, view_size

# Characters that may not start a line, and those that may not end one.
NO_LINE_START = set("。，、！？：；）」』”’》〉】〕,.!?:;)]}…%·—")
NO_LINE_END = set("（「『“‘《〈【〔([{")
TAB = "    "
PLAIN = Style()
SELECTED = Style(reverse=True, underline=True)
SELECTION_END = Style(reverse=True, bold=True)
# A jump hint: its letters, bold black on yellow (letters among Han characters, with or without colour).
HINT = Style(color="black", bgcolor="yellow", bold=True)
WRAPS_KEPT = 8  # articles whose wrapped lines are kept: n/p back and forth wraps none of them again


class ArticleView(BorderRowTitles, ScrollView, can_focus=True):  # type: ignore[misc]  # refresh() returns the mixin, not Self
    """Shows the current article; owns the span-level review keys."""

    BINDINGS = bindings(TEXT)  # zs_tui.review.actions: the span and cursor keys
    ALLOW_SELECT = False  # a drag selects text to label (the session's selection), not Textual's copy selection
    _drag_from: int | None = None  # where the left button went down, while it is held
    _dragged = False  # the mouse moved with the button held: the click that ends it is no click

    def __init__(self, session: ReviewSession, report: Callable[[Outcome], None], **kwargs) -> None:  # noqa: ANN003
        """``report`` redraws the screen after each action: called at once, not
        through a message, so that outcomes are shown in the order of the keys
        (an article-level key of the screen may follow at once)."""
        super().__init__(**kwargs)
        self.session = session
        self.report = report
        self.label_colors = {lab.name: lab.color for lab in session.labels}
        self._lines: list[tuple[int, int]] = []
        self._line_of: list[int] = []
        self._laid_out_for: tuple[int | None, str, int] | None = None
        self._styles: list[Style] = []
        self._style_cache: dict[tuple[str, str, bool, bool], Style] = {}
        self._cursor_cache: dict[Style, Style] = {}
        self._shown_titles: tuple[str, str] | None = None
        self._base = Style()
        # Each line drawn, by what it shows (the article, the width it is
        # wrapped for, the line's offsets and looks): the jump hints leave every
        # line as it was before them, scrolling back or p back to an article
        # shows lines drawn already.
        self._drawn = DrawnLines()
        self._wrapped: dict[tuple[int | None, str, int], tuple[list[tuple[int, int]], list[int]]] = {}

    # -- layout ---------------------------------------------------------------
    def _layout(self) -> bool:
        """Wrap the text for the current width; True if it was (re)wrapped."""
        width = max(4, self.text_width())
        art = self.session.article
        key = (art.id if art else None, art.sha256 if art else "", width)
        if key == self._laid_out_for:
            return False
        wrapped = self._wrapped.pop(key, None) or wrap(self._text(), width)
        self._wrapped[key] = wrapped  # the newest last: n then p wraps neither article again
        while len(self._wrapped) > WRAPS_KEPT:
            del self._wrapped[next(iter(self._wrapped))]
        self._lines, self._line_of = wrapped
        self._laid_out_for = key
        set_rows(self, len(self._lines))  # another article: no layout
        return True

    def text_width(self) -> int:
        """Cells of a line of text: then a gap and the scroll thumb (repaint.thumb)."""
        return view_size(self).width - 2

    def _text(self) -> str:
        """The text as drawn: control characters (an ESC in a scraped page) shown
        as visible placeholders, one for one, so offsets stay those of the text."""
        art = self.session.article
        key = art.sha256 if art else ""
        if getattr(self, "_screen_key", None) != key:
            self._screen_key, self._screen_text = key, for_screen(self.session.text)
        return self._screen_text

    def _style(self, label: str, state: str, current: bool, alternate: bool = False) -> Style:
        """One Style object per look, so that unchanged characters compare by identity."""
        key = (label, state, current, alternate)
        st = self._style_cache.get(key)
        if st is None:
            color = self.label_colors.get(label, "white")
            if state == "accepted":
                bg = Color.parse(color)
                if alternate:  # a darker shade, and underlined for NO_COLOR
                    bg = Color.from_triplet(blend_rgb(bg.get_truecolor(), ColorTriplet(0, 0, 0), 0.35))
                st = Style(bgcolor=bg, color="black", bold=True, underline=alternate)
            else:  # pending suggestion: coloured and underlined, no background
                st = Style(color=color, underline=True, dim=alternate)
            if current:
                st = st + Style(reverse=True, bold=True)
            self._style_cache[key] = st
        return st

    def _cursor_style(self, under: Style) -> Style:
        st = self._cursor_cache.get(under)
        if st is None:
            st = under + Style(reverse=not under.reverse, bold=True, underline=True)
            self._cursor_cache[under] = st
        return st

    def _compute_styles(self) -> list[Style]:
        s = self.session
        text = s.text
        styles = [PLAIN] * len(text)
        cur = s.current_span if s.anchor is None else None
        prev, alternate = None, False
        for span in s.visible:
            # neighbours of one label with no word between alternate looks
            alternate = (not alternate and prev is not None and prev.label == span.label
                         and prev.end <= span.start and not any(c.isalnum() for c in text[prev.end:span.start]))
            st = self._style(span.label, span.state, cur is not None and span.id == cur.id, alternate)
            styles[span.start:span.end] = [st] * (min(span.end, len(text)) - span.start)
            prev = span
        sel = s.selection
        if sel:
            for i in range(sel[0], min(sel[1], len(text))):
                styles[i] = styles[i] + SELECTED
        if text and 0 <= s.cursor < len(text):
            under = styles[s.cursor]
            styles[s.cursor] = under + SELECTION_END if sel else self._cursor_style(under)
        return styles

    def _titles(self) -> tuple[str, str]:
        s = self.session
        art = s.article
        if art is None:
            return "no article", ""
        marks = (" · ! unsure" if s.unsure else "") + (f" · ✎ {s.note}" if s.note else "")
        title = f"#{art.id} {art.status.replace('_', ' ')}{marks} · {art.title}"
        cur, sel = s.current_span, s.selection
        if sel:
            sub = f"selecting {s.text[sel[0]:sel[1]]!r} · 1-9 label · v cancel"
        else:
            # decided / total: a rejected span stays counted, so nothing renumbers
            decided = f"{sum(1 for x in s.spans if x.state != 'pending')}/{len(s.spans)} decided"
            if cur:
                sub = f"{decided} · {cur.label} {cur.state} {ORIGIN_SHORT.get(cur.origin, cur.origin)} · {cur.text}"
            else:
                sub = f"{decided} · cursor at {s.cursor}"
        return for_screen(title), for_screen(sub)

    def refresh_view(self) -> None:
        """Redraw after an action: only the lines whose look changed (and the
        title rows if they changed), unless the article, the width or the
        scroll position changed."""
        if view_size(self).width <= 0:
            return  # not laid out yet: wrapping now would cut lines every two characters; on_resize comes next
        title, sub = self._titles()
        shown = self._shown_titles or (None, None)
        if (title, sub) != shown:
            self.set_border_titles(title if title != shown[0] else None, sub if sub != shown[1] else None)
            self._shown_titles = (title, sub)
        full = self._layout()
        old, self._styles = self._styles, self._compute_styles()
        full = self._scroll_to_cursor() or full or len(old) != len(self._styles)
        self._base = self.rich_style
        if full:
            self.refresh()
            return
        top = int(self.scroll_offset.y)
        for idx in range(top, min(top + view_size(self).height, len(self._lines))):
            a, b = self._lines[idx]
            if old[a:b + 1] != self._styles[a:b + 1]:  # the cell after the line: the cursor on its line break
                self.refresh_line(idx)

    def on_resize(self) -> None:
        self._laid_out_for = None
        self.refresh_view()
        # the first layout may come after a key that moved the cursor far down:
        # scroll to it once the new virtual size has taken effect; and under
        # Textual's web driver (zs-tui serve) the first paint after the screen's
        # first resize kept the lines wrapped for width 0: paint again either way
        self.call_after_refresh(self._keep_cursor_in_view)

    def _keep_cursor_in_view(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> bool:
        """Keep the current span (or the cursor) in view, a line of context
        around it; True if the view scrolled."""
        if not self._line_of:
            return False
        s = self.session
        cur = s.current_span if s.anchor is None else None
        last = len(self._line_of) - 1
        first_line = self._line_of[min(cur.start if cur else s.cursor, last)]
        end_line = self._line_of[min(cur.end - 1, last)] if cur else first_line
        h = max(1, view_size(self).height)
        top = int(self.scroll_offset.y)
        margin = 1 if h > 4 else 0
        if first_line - margin < top or end_line + margin >= top + h:
            self.scroll_to(y=max(0, first_line - h // 3), animate=False, immediate=True)
            return int(self.scroll_offset.y) != top
        return False

    def render_line(self, y: int) -> Strip:
        width = self.text_width()
        if self._laid_out_for is None and width > 0:
            # the first frame comes before on_resize: lay the text out for the
            # width it is drawn at now (before, it was wrapped for 4 cells)
            self._layout()
            self._styles, self._base = self._compute_styles(), self.rich_style
        idx = y + int(self.scroll_offset.y)
        base = self._base
        width = max(0, width)
        bar = thumb_cell(y, thumb(self), base)
        if idx >= len(self._lines):
            return Strip([Segment(" " * (width + 1), base), bar], width + 2)
        a, b = self._lines[idx]
        jump = self._hints_drawn()
        hints = {o: jump[1][o] for o in jump[0][bisect_left(jump[0], a):bisect_left(jump[0], b)]} if jump else None
        # the look of each character up to the line break after it (the cursor may sit on it)
        key = (self._laid_out_for, width, a, b, tuple(self._styles[a:b + 1]),
               tuple(hints.items()) if hints else None, base, bar.text)
        return self._drawn.line(key, lambda: self._line(a, b, hints, width, base, bar))

    def _line(self, a: int, b: int, hints: dict[int, str] | None, width: int, base: Style, bar: Segment) -> Strip:
        """Text line ``[a, b)`` as drawn: its runs of one look (or its hints),
        padded to ``width``, then the gap and the scroll thumb's cell."""
        text, styles = self._text(), self._styles
        segs: list[Segment] = []
        if hints is not None:
            segs = self._hinted_line(a, b, text, hints)
        else:
            run_start = a
            for i in range(a + 1, b + 1):
                if i == b or styles[i] is not styles[run_start]:
                    segs.append(Segment(text[run_start:i].replace("\t", TAB), base + styles[run_start]))
                    run_start = i
        if b < len(text) and text[b] == "\n" and styles[b] is not PLAIN:
            segs.append(Segment(" ", base + styles[b]))  # the cursor (or selection) on a line break
        # one Strip per line, its length known (a Strip is a dozen objects)
        cells = sum(cell_len(seg.text) for seg in segs)
        if cells > width:  # the cursor cell after a full line
            segs, cells = list(Strip(segs).crop(0, width)), width
        segs.append(Segment(" " * (width - cells + 1), base))
        segs.append(bar)
        return Strip(segs, width + 2)

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset drawn at content cell (x, y), if any."""
        idx = y + int(self.scroll_offset.y)
        if not 0 <= idx < len(self._lines):
            return None
        a, b = self._lines[idx]
        col = 0
        text = self._text()
        for i in range(a, b):
            col += len(TAB) if text[i] == "\t" else cell_len(text[i])
            if col > x:
                return i
        return b if b < len(text) else max(a, b - 1)

    def _offset_of(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        return self.offset_at(offset.x, offset.y) if offset else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press of the left button may start a drag: it selects once the mouse moves."""
        if event.button == 1 and (where := self._offset_of(event)) is not None:
            self._drag_from, self._dragged = where, False
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        where = self._offset_of(event)
        if where is not None and (self._dragged or where != self._drag_from):
            self._dragged = True
            self._done(self.session.select_range(self._drag_from, where))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        """A click puts the text cursor on that character (the span under it
        current; a selection extended); a double-click selects the word.  The
        click that ends a drag leaves the dragged selection as it is."""
        if self._dragged:
            self._dragged = False
            return
        where = self._offset_of(event)
        if where is not None:
            self._done(self.session.click(where, event.chain))

    # -- jump -------------------------------------------------------------------
    def visible_range(self) -> tuple[int, int]:
        """``[start, end)`` of the text offsets drawn now."""
        self._layout()
        top = int(self.scroll_offset.y)
        h = max(1, view_size(self).height)
        if not self._lines:
            return 0, 0
        first, last = self._lines[min(top, len(self._lines) - 1)], self._lines[min(top + h, len(self._lines)) - 1]
        return first[0], last[1]

    def action_jump(self) -> None:
        outcome = self.session.start_jump(*self.visible_range())
        self.refresh()  # before the screen's redraw: in its frame
        self._done(outcome)

    def on_key(self, event: events.Key) -> None:
        """While the hints show, a letter picks one; any other key cancels
        them and then does what it does."""
        if not self.session.jumping:
            return
        self.refresh()  # the hints change or go: before the screen's redraw, in its frame
        if event.character and event.character in HINT_LETTERS:
            event.stop()
            event.prevent_default()
            self._done(self.session.jump_key(event.character))
        else:
            self.session.cancel_jump()
            if event.key == "escape":
                event.stop()
                event.prevent_default()
                self._done(Outcome(True, "jump cancelled"))

    def _hints_drawn(self) -> tuple[list[int], dict[int, str]] | None:
        """The offsets that show a hint, sorted, and the letters each shows
        (what is left to type): worked out once per letter typed, not per line."""
        s = self.session
        key = s.jump_state if s.jumping else None
        if key is None:
            return None
        if getattr(self, "_hints_key", None) != key:
            n = len(s.jump_typed)
            shown = {o: h[n:] for h, o in (s.jump_hints or {}).items()}
            self._hints_key, self._hints_cache = key, (sorted(shown), shown)
        return self._hints_cache

    def _hinted_line(self, a: int, b: int, text: str, hints: dict[int, str]) -> list[Segment]:
        """A line with each hint drawn over the start of its word: as many
        characters as its letters need are covered, padded to their cells;
        the text between hints in runs of one look, as a line without hints."""
        base, styles = self._base, self._styles
        segs: list[Segment] = []
        i = run = a
        for o in sorted(hints):
            if o < i:
                continue  # covered by the hint before it
            for k in range(run + 1, o + 1):
                if k == o or styles[k] is not styles[run]:
                    segs.append(Segment(text[run:k].replace("\t", TAB), base + styles[run]))
                    run = k
            hint, cells, j = hints[o], 0, o
            while j < b and (cells < len(hint) or j == o):
                cells += len(TAB) if text[j] == "\t" else cell_len(text[j])
                j += 1
            segs.append(Segment(hint[:cells].ljust(cells), base + HINT))
            i = run = j
        for k in range(run + 1, b + 1):
            if k == b or styles[k] is not styles[run]:
                segs.append(Segment(text[run:k].replace("\t", TAB), base + styles[run]))
                run = k
        return segs

    # -- actions ----------------------------------------------------------------
    def _done(self, outcome: Outcome) -> None:
        self.report(outcome)  # the screen redraws every pane, in one frame

    def action_review(self, action_id: str) -> None:
        """Every key of this pane: the registry says which session method it calls."""
        a = BY_ID[action_id]
        assert a.method is not None
        self._done(self.session.run(a.method, *a.args))


class _Cells(dict[str, int]):
    """Cells a character takes, as drawn (a tab as TAB), worked out once per
    character: wrapping asked rich for every character of the article on
    each n/p."""

    def __missing__(self, ch: str) -> int:
        w = self[ch] = len(TAB) if ch == "\t" else cell_len(ch)
        return w


CELLS = _Cells()


def wrap(text: str, width: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Wrap ``text`` to ``width`` cells: the ``[start, end)`` of each screen
    line, and for each offset (and ``len(text)``) the line it is on."""
    lines: list[tuple[int, int]] = []
    line_of = [0] * (len(text) + 1)
    start = col = 0
    cells = CELLS
    for i, ch in enumerate(text):
        if ch == "\n":
            line_of[i] = len(lines)
            lines.append((start, i))
            start, col = i + 1, 0
            continue
        w = cells[ch]
        if col + w > width and i > start:
            brk = i
            # carry up to three characters over, so punctuation stays with its word
            while brk > i - 3 and brk - 1 > start and (text[brk] in NO_LINE_START or text[brk - 1] in NO_LINE_END):
                brk -= 1
            lines.append((start, brk))
            start, col = brk, 0
            for k in range(brk, i):
                line_of[k] = len(lines)
                col += cells[text[k]]
        line_of[i] = len(lines)
        col += w
    lines.append((start, len(text)))
    line_of[len(text)] = len(lines) - 1
    return lines, line_of
