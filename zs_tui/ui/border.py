"""Border titles that repaint only their own row.

Textual repaints a whole widget when its border title or subtitle changes:
for the article text and the span list that is every line of the pane, on
nearly every key (the subtitle names the current span, the title counts
spans).  A title row is all that changed, so only that row is marked dirty.
"""
from __future__ import annotations

from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget


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
                recompose: bool = False) -> "BorderRowTitles":
        assert isinstance(self, Widget)
        row = self._title_row
        if row is not None and not regions and not layout and not recompose and self.is_mounted:
            outer, offset = self.outer_size, self.content_offset
            if outer.height:
                # regions are in content coordinates: the border lies outside them
                y = -offset.y if row == "top" else outer.height - 1 - offset.y
                regions = (Region(-offset.x, y, outer.width, 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)  # type: ignore[misc]
