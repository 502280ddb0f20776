"""The article list: a virtual list over the whole corpus.

Its height is the number of articles (of the filtered status), but only
the rows on screen are ever read from the database, so 10,000 articles
cost the same memory and start-up time as 100.  A click opens an article.
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

from ..storage import ArticleRow
from .cells import fit, span_tally
from .repaint import BorderRowTitles, set_rows, thumb, thumb_cell, view_size

STATUS_MARK = {"todo": "·", "in_progress": "…", "done": "✓", "skipped": "↷"}
FILTERS = (None, "todo", "in_progress", "done", "skipped")


class ArticleList(BorderRowTitles, ScrollView, can_focus=False):  # type: ignore[misc]  # refresh() returns the mixin, not Self
    # a click picks a row: no text selection of Textual's, whose start and end
    # repainted the whole screen twice before the pick was drawn
    ALLOW_SELECT = False

    @dataclass
    class Picked(Message):
        article_id: int

    def __init__(self, session: ReviewSession, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.session = session
        self._window: tuple[int, int, list[ArticleRow]] | None = None  # (top, height, rows)
        self._shown: tuple | None = None  # (count, filter) last drawn
        self._detail: tuple | None = None  # (id, status, span tally) of the open article last drawn
        self._rank: tuple[tuple, int] | None = None  # ((article, filter, count), its row)
        self._title = ""
        self._base = Style()
        self._stale = True  # never drawn, or hidden since: not kept up to date meanwhile

    @property
    def status_filter(self) -> str | None:
        """The status shown; the session's, because n/p follow it."""
        return self.session.list_filter

    @status_filter.setter
    def status_filter(self, status: str | None) -> None:
        self.session.list_filter = status

    def on_show(self) -> None:
        """Shown again (wider terminal, ctrl+l): it was not kept up to date while hidden."""
        if self._stale:  # not when first shown right after it was drawn: that relaid the screen out
            self._shown = None
            self.refresh_list()

    def on_hide(self) -> None:
        self._stale = True

    def forget(self) -> None:
        """Another reviewer changed the database: the rows are read again at the next refresh."""
        self._shown = None

    def cycle_filter(self) -> str:
        i = FILTERS.index(self.status_filter)
        self.status_filter = FILTERS[(i + 1) % len(FILTERS)]
        self._shown = None
        self.refresh_list()
        return (self.status_filter or "all").replace("_", " ")

    def refresh_list(self) -> None:
        """Keep the open article's row in view and up to date.

        After a span decision only the open article's row is re-read and
        redrawn; after opening another article, that row and the one left;
        the whole window when the filter or the count changed or the list
        scrolled.  Counts are the session's kept ones: nothing is counted
        per key.
        """
        self._stale = False
        s = self.session
        art = s.article
        count = s.count(self.status_filter)
        shown = (count, self.status_filter)
        detail = (art.id, art.status, span_tally(s.spans), s.unsure, s.note) if art else None
        full = shown != self._shown
        if not full and detail == self._detail:
            return
        left = self._detail[0] if self._detail else None
        self._shown, self._detail = shown, detail
        if full:
            self._window = None
        set_rows(self, count)
        title = f"articles · {(self.status_filter or 'all').replace('_', ' ')} · {count}"
        if title != self._title:
            self.set_border_titles(title)
            self._title = title
        self._base = self.rich_style
        rank = None
        if art is not None and self.status_filter in (None, art.status):
            key = (art.id, self.status_filter, count)
            if self._rank is None or self._rank[0] != key:
                got = self._window_rank(art.id)  # None after a full change: the window was dropped
                if got is None:
                    got = s.store.article_rank(art.id, self.status_filter, layer=s.annotator, corpus=True)
                self._rank = (key, got)
            rank = self._rank[1]
            h = max(1, view_size(self).height)
            top = int(self.scroll_offset.y)
            if not top <= rank < top + h:
                self.scroll_to(y=max(0, rank - h // 3), animate=False, immediate=True)
                full = True
        if full or rank is None:
            self._window = None
            self.refresh()
            return
        for aid in {left, art.id if art else None} - {None}:
            self._reread_row(aid)

    def _window_rank(self, article_id: int) -> int | None:
        """The article's row if the rows on screen hold it (n/p mostly land
        there): no count of the articles before it."""
        if self._window is None:
            return None
        top, _h, rows = self._window
        return next((top + i for i, r in enumerate(rows) if r.id == article_id), None)

    def _reread_row(self, article_id: int) -> None:
        """Bring one row of the window up to date, if it is in it, and redraw
        it: the open article's from the session, the one left from the database."""
        if self._window is None:
            return
        top, _h, rows = self._window
        for i, r in enumerate(rows):
            if r.id == article_id:
                s = self.session
                if s.article is not None and s.article.id == article_id:
                    fresh = s.list_row()
                else:
                    fresh = s.store.article_row(article_id, layer=s.annotator, corpus=True)
                if fresh is not None:
                    rows[i] = fresh
                self.refresh_line(top + i)
                return

    def _rows(self) -> tuple[int, list[ArticleRow]]:
        top = int(self.scroll_offset.y)
        h = max(1, view_size(self).height)
        if self._window is None or self._window[:2] != (top, h):
            rows = self.session.store.list_articles(self.status_filter, offset=top, limit=h, layer=self.session.annotator,
                                                      corpus=True)
            self._window = (top, h, rows)
        return top, self._window[2]

    def render_line(self, y: int) -> Strip:
        width = max(1, view_size(self).width - 1)  # the last column: the scroll thumb (repaint.thumb)
        base = self._base
        top, rows = self._rows()
        bar = thumb_cell(y, thumb(self), base)
        if y >= len(rows):
            return Strip([Segment(" " * width, base), bar], width + 1)
        r = rows[y]
        counts = f"{r.n_accepted}/{r.n_spans}"
        head = f"{STATUS_MARK.get(r.status, '?')} {r.id:>5} {counts:>7} "
        # the reviewer's marks first: an unsure article and its note are what a lead looks for
        marks = ("! " if r.unsure else "") + (f"✎ {r.note} · " if r.note else "")
        strip = Strip([Segment(head, base + Style(dim=r.status in ('done', 'skipped'))),
                       Segment(fit(marks + r.title, max(1, width - len(head))), base)])
        strip = strip.extend_cell_length(width, base).crop(0, width)
        art = self.session.article
        if art is not None and r.id == art.id:
            strip = strip.apply_style(Style(reverse=True, bold=True))
        return Strip([*strip, bar], width + 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        _, rows = self._rows()
        if 0 <= offset.y < len(rows):
            self.post_message(self.Picked(rows[offset.y].id))
