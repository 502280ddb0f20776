"""Repainting only what changed: border titles, virtual sizes.

Textual repaints a whole widget when its border title or subtitle changes:
for the article text and the span list that is every line of the pane, on
nearly every key (the subtitle names the current span, the title counts
spans).  A title row is all that changed, so only that row is marked dirty.
Likewise a new virtual size (another article's line count, a span merged
away) lays out the whole screen, when only the widget and its scrollbar
need to know, unless the scrollbar appears or goes.
"""
from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """``view.virtual_size = size``, without a layout of the screen while the
    width and the vertical scrollbar (shown or not) stay as they are."""
    old = view.virtual_size
    if size == old:
        return
    h = view.scrollable_content_region.height
    if not view.is_mounted or not h or size.width != old.width or (old.height > h) != (size.height > h):
        view.virtual_size = size
        return
    view.set_reactive(ScrollView.virtual_size, size)
    if view.show_vertical_scrollbar:
        bar = view.vertical_scrollbar
        bar.window_virtual_size = size.height
        bar.refresh()
    view.scroll_y = view.validate_scroll_y(view.scroll_y)


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
