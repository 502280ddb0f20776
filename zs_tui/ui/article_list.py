"""The article list: one page of rows around the open article.

Only a page is ever loaded, so a corpus of 10,000 articles costs the same
memory and start-up time as a corpus of 100.
"""
from __future__ import annotations

from textual.widgets import DataTable

from ..review import ReviewSession

PAGE = 60
STATUS_MARK = {"todo": "·", "in_progress": "…", "done": "✓", "skipped": "↷"}
FILTERS = (None, "todo", "in_progress", "done", "skipped")


class ArticleList(DataTable, can_focus=False):
    def __init__(self, session: ReviewSession, **kwargs) -> None:  # noqa: ANN003
        super().__init__(cursor_type="row", **kwargs)
        self.session = session
        self.status_filter: str | None = None
        self._page: tuple | None = None

    def on_mount(self) -> None:
        self.add_column("", key="st", width=1)
        self.add_column("#", key="id", width=5)
        self.add_column("spans", key="n", width=5)
        self.add_column("article", key="title")

    def cycle_filter(self) -> str:
        i = FILTERS.index(self.status_filter)
        self.status_filter = FILTERS[(i + 1) % len(FILTERS)]
        self._page = None
        self.refresh_list()
        return self.status_filter or "all"

    def refresh_list(self, force: bool = False) -> None:
        s = self.session
        store = s.store
        art = s.article
        aid = art.id if art else 0
        # Page start: the open article's rank in the filtered list, centred.
        rank = store.article_rank(aid, self.status_filter) if art else 0
        offset = max(0, rank - PAGE // 2)
        rows = store.list_articles(self.status_filter, offset=offset, limit=PAGE)
        key = tuple((r.id, r.status, r.n_spans, r.n_pending) for r in rows)
        if force or key != self._page:
            self.clear()
            for r in rows:
                self.add_row(STATUS_MARK.get(r.status, "?"), str(r.id), f"{r.n_accepted}/{r.n_spans}", r.title, key=str(r.id))
            self._page = key
        if str(aid) in self.rows:
            self.move_cursor(row=self.get_row_index(str(aid)), animate=False)
