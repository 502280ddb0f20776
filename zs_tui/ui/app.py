"""ReviewApp: article list | article text | span list, with a status bar."""
from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from ..labels import Label
from ..review import Outcome, ReviewSession
from ..storage import Store
from .article_list import ArticleList
from .article_view import Acted, ArticleView
from .find_screen import FindScreen
from .help_screen import HelpScreen, help_markdown
from .span_list import SpanList
from .status_bar import StatusBar

NARROW = 110  # below this many columns the article list is hidden


class ReviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "zs_tui"
    BINDINGS = [
        Binding("n", "step_article(1)", "Next art.", id="next_article"),
        Binding("p", "step_article(-1)", "Prev art.", id="prev_article"),
        Binding("d", "done", "Done", id="done"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("slash", "find", "Find", id="find"),
        Binding("f", "filter", "Filter", show=False, id="filter"),
        Binding("ctrl+l", "toggle_list", "List", show=False, id="toggle_list"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, store: Store, annotator: str, labels: list[Label], keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.store = store
        self.session = ReviewSession(store, annotator, labels)
        self.keymap_overrides = keymap or {}
        self.list_hidden: bool | None = None  # None: decided by width

    def compose(self) -> ComposeResult:
        self.session.resume()
        with Horizontal(id="main"):
            yield ArticleList(self.session, id="articles")
            yield ArticleView(self.session, id="text")
            yield SpanList(self.session, id="spans")
        yield StatusBar(self.session, id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        self.query_one(ArticleView).focus()
        self.sub_title = f"{self.session.annotator} · {self.store.path}"
        self._layout_for_width(self.size.width)
        self.refresh_all(article_changed=True)
        if self.session.article is None:
            self.show("the database holds no article: run `zs-tui import PATH`", error=True)
        else:
            self.show("j/k move · a accept · x reject · 1-9 label · v select · d done · ? help")

    def on_resize(self, event) -> None:  # noqa: ANN001
        self._layout_for_width(event.size.width)

    def _layout_for_width(self, width: int) -> None:
        hide = width < NARROW if self.list_hidden is None else self.list_hidden
        self.query_one(ArticleList).display = not hide

    # -- refreshing -------------------------------------------------------------
    def refresh_all(self, article_changed: bool = False) -> None:
        view = self.query_one(ArticleView)
        view.refresh_view()
        self.query_one(SpanList).refresh_spans()
        if article_changed or self.query_one(ArticleList).display:
            self.query_one(ArticleList).refresh_list()
        self.query_one(StatusBar).refresh_status()
        art = self.session.article
        self.title = f"zs_tui · #{art.id} {art.status.replace('_', ' ')} · {art.source}" if art else "zs_tui"

    def show(self, message: str, error: bool = False) -> None:
        self.query_one(StatusBar).show(message, error)

    def on_acted(self, event: Acted) -> None:
        self._after(event.outcome, event.article_changed)

    def _after(self, out: Outcome, article_changed: bool = False) -> None:
        if article_changed:
            self.query_one(ArticleView).refresh_view()
        self.refresh_all(article_changed)
        if out.message or not out.ok:
            self.show(out.message, error=not out.ok)
        if not out.ok:
            self.bell()

    # -- article-level actions -----------------------------------------------------
    def action_step_article(self, step: int) -> None:
        self._after(self.session.step_article(step), True)

    def action_done(self) -> None:
        self._after(self.session.done(), True)

    def action_skip(self) -> None:
        self._after(self.session.skip(), True)

    def action_filter(self) -> None:
        name = self.query_one(ArticleList).cycle_filter()
        self.show(f"article list: {name}")

    def action_toggle_list(self) -> None:
        lst = self.query_one(ArticleList)
        self.list_hidden = bool(lst.display)
        lst.display = not self.list_hidden
        if lst.display:
            lst.refresh_list(force=True)

    def action_help(self) -> None:
        keys = [(b.key, b.description) for b in ArticleView.BINDINGS + self.BINDINGS]
        self.push_screen(HelpScreen(help_markdown(self.session.labels, keys)))

    def action_find(self) -> None:
        def opened(article_id: int | None) -> None:
            if article_id is not None:
                self.session.open(article_id)
                self._after(Outcome(True, f"opened article {article_id}"), True)

        self.push_screen(FindScreen(self.store.search_articles), opened)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        view = self.query_one(ArticleView)
        for b in ArticleView.BINDINGS:
            action = b.action
            yield SystemCommand(f"{b.description} ({b.key})", f"review: {action}",
                                lambda a=action: self.run_action(a, view))
        for b in self.BINDINGS:
            if b.id in ("quit", "help"):
                continue
            yield SystemCommand(f"{b.description} ({b.key})", f"article: {b.action}",
                                lambda a=b.action: self.run_action(a))

    def on_unmount(self) -> None:
        try:
            self.store.end_session(self.session.session_id)
        except Exception:  # the database may be gone; the events are already safe
            pass
