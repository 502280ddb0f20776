"""The spans of the current article: label, text, origin and state."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ..review import ReviewSession

STATE_MARK = {"pending": "?", "accepted": "✓", "rejected": "✗"}


class SpanList(DataTable, can_focus=False):
    """Read-only table; its cursor follows the current span."""

    def __init__(self, session: ReviewSession, **kwargs) -> None:  # noqa: ANN003
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.session = session
        self.label_colors = {lab.name: lab.color for lab in session.labels}
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.add_column("", key="state", width=1)
        self.add_column("label", key="label", width=8)
        self.add_column("text", key="text")
        self.add_column("origin", key="origin", width=9)

    def refresh_spans(self) -> None:
        s = self.session
        spans = s.spans
        key = tuple((x.id, x.start, x.end, x.label, x.state) for x in spans)
        if key != self._shown:
            self.clear()
            for x in spans:
                style = "dim strike" if x.state == "rejected" else ("bold" if x.state == "accepted" else "italic")
                self.add_row(
                    STATE_MARK[x.state],
                    Text(x.label, style=f"{self.label_colors.get(x.label, 'white')} {'bold' if x.state == 'accepted' else ''}"),
                    Text(x.text.replace("\n", " "), style=style),
                    x.origin,
                    key=str(x.id),
                )
            self._shown = key
        if s.current is not None and str(s.current) in self.rows:
            row = self.get_row_index(str(s.current))
            if row != self.cursor_row:
                self.move_cursor(row=row, animate=False)
