"""Repainting only what changed: border titles, virtual sizes, scroll thumbs.

Textual repaints a whole widget when its border title or subtitle changes:
for the article text and the span list that is every line of the pane, on
nearly every key (the subtitle names the current span, the title counts
spans).  A title row is all that changed, so only that row is marked dirty.
Likewise a new virtual size (another article's line count, a span merged
away) lays out the whole screen, when only the widget needs to know.

The panes (article list, text, span list) draw their scroll thumb
themselves, in their last column (``thumb``): Textual's scrollbar is a
widget of its own, repainted whole, every row, whenever the content's
height changes (on every n/p that was half the rows the screen repainted),
and its coming and going laid the screen out again in the first keys.
Their own thumb costs a cell of the lines drawn anyway, and the rows it
leaves or reaches.  Nothing in a pane scrolls sideways: its virtual size
is rows only (``set_rows``).
"""
from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

THUMB, TRACK = "▐", " "
# Lines (or rows) a pane keeps as drawn, for a few articles' screens: each kept
# Strip also keeps what Textual made of it (walking 1,000 articles with n grew
# the app 44 -> 67 MB with 2,048 lines and 4,096 rows kept, 44 -> 56 with these).
KEPT_LINES = 400
THUMB_STYLE = Style(dim=True)


class DrawnLines(dict[tuple, Strip]):
    """A pane's lines as drawn, by what each shows (the key says all a line
    depends on), at most ``KEPT_LINES`` of them."""

    def line(self, key: tuple, draw: Callable[[], Strip]) -> Strip:
        got = self.get(key)
        if got is None:
            if len(self) >= KEPT_LINES:
                self.clear()
            got = self[key] = draw()
        return got


def view_size(view: Widget) -> Size:
    """The size of ``view.scrollable_content_region``, worked out once per
    size of the widget: the region is looked up in the screen's map at each
    call, and the panes asked for it on every line they drew (two of them a
    line), some 2 ms of each n/p.  The panes have no scrollbars to come and
    go, which would change the region and not the widget's size."""
    key = view.outer_size
    memo = view.__dict__.get("_view_size")
    if memo is None or memo[0] != key:
        memo = (key, view.scrollable_content_region.size)
        if memo[1].area:  # asked before a layout (just shown): not kept
            view.__dict__["_view_size"] = memo
    return memo[1]


def thumb(view: ScrollView, height: int | None = None, top: float | None = None) -> tuple[int, int]:
    """The rows ``[a, b)`` of the view (on screen, not in its content) that
    its scroll thumb covers, for a content ``height`` scrolled to ``top``
    (default: the view's own); ``(0, 0)`` when all of it fits."""
    h = view_size(view).height
    total = view.virtual_size.height if height is None else height
    y = view.scroll_offset.y if top is None else top
    key = (h, total, y)
    memo = view.__dict__.get("_thumb")
    if memo is not None and memo[0] == key:
        return memo[1]  # asked by every line a pane draws
    if h <= 0 or total <= h:
        rows = (0, 0)
    else:
        size = max(1, min(h, round(h * h / total)))
        a = round(min(max(y, 0), total - h) * (h - size) / (total - h))
        rows = (a, a + size)
    view.__dict__["_thumb"] = (key, rows)
    return rows


def thumb_cell(row: int, rows: tuple[int, int], style: Style) -> Segment:
    """The last column of screen row ``row``: thumb or track."""
    return Segment(THUMB if rows[0] <= row < rows[1] else TRACK, style + THUMB_STYLE)


def refresh_rows(view: ScrollView, rows: list[int]) -> None:
    """Repaint these content rows, each run of neighbours as one region: after
    a merge or a split every row below it changed, and a region per row made
    the screen's dirty set a few dozen regions to join on each such key."""
    if not rows:
        return
    top, width = int(view.scroll_offset.y), max(view.virtual_size.width, view.size.width)
    regions, start = [], rows[0]
    for prev, row in zip(rows, [*rows[1:], None]):
        if row != prev + 1:
            regions.append(Region(0, start - top, width, prev + 1 - start))
            start = row
    view.refresh(*regions)


def paint_together(screen: Widget) -> None:
    """Hand every repaint asked for so far to the screen now, so that one
    frame draws all that a key changed.

    Textual hands a widget's repaint to its screen when that widget's own
    message loop next idles.  The screen could idle first, draw the pane
    that handled the key, and draw the others in a frame of their own, up
    to 1/60 s later (its update timer keeps to a grid): after a jump's
    hint letter the span list's new current row came 20-30 ms after the
    text (ui_bench.py counted up to 49 ms for such keys)."""
    for widget in screen.walk_children(Widget):
        if widget._repaint_required or widget._scroll_required or widget._layout_required:
            widget._check_refresh()


def set_rows(view: ScrollView, rows: int) -> None:
    """The pane holds ``rows`` rows: its virtual size, without a layout of the
    screen (its width, 0, never changes and it has no scrollbar to show or
    hide); the rows its own scroll thumb leaves or reaches are repainted."""
    size = Size(0, rows)
    if size == view.virtual_size:
        return
    if not view.is_mounted:
        view.virtual_size = size  # the first layout is still to come
        return
    before = thumb(view)
    view.set_reactive(ScrollView.virtual_size, size)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    after = thumb(view)
    if before != after:
        top = int(view.scroll_offset.y)
        refresh_rows(view, sorted(top + row for row in set(range(*before)) ^ set(range(*after))))


class BorderRowTitles:
    """Mixed into a widget, first (not a Widget itself: Textual takes a
    widget's CSS from its first Widget base, which must stay the real one)."""

    _title_row: str | None = None  # "top" / "bottom" while a title is being set

    def set_border_titles(self, title: str | None = None, subtitle: str | None = None) -> None:
        """Set the title and/or subtitle (Content, not markup: a '[' in an
        article is text); only the border rows that changed are repainted."""
        for text, row, attr in ((title, "top", "border_title"), (subtitle, "bottom", "border_subtitle")):
            if text is None:
                continue
            self._title_row = row
            try:
                setattr(self, attr, Content(text))
            finally:
                self._title_row = None

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        assert isinstance(self, Widget)
        if self.is_mounted:
            # another theme (or look): the pane draws each line with the style
            # it read last, and redraws only the lines that change; once every
            # node has its new styles, it takes them and redraws all of them
            self.call_later(self._restyled)

    def _restyled(self) -> None:
        assert isinstance(self, Widget)
        if "_base" in self.__dict__:
            self.__dict__["_base"] = self.rich_style
        self.refresh()

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> BorderRowTitles:
        assert isinstance(self, Widget)
        row = self._title_row
        if row is not None and not regions and not layout and not recompose and self.is_mounted:
            outer, offset = self.outer_size, self.content_offset
            if outer.height:
                # regions are in content coordinates: the border lies outside them
                y = -offset.y if row == "top" else outer.height - 1 - offset.y
                regions = (Region(-offset.x, y, outer.width, 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)  # type: ignore[misc]
