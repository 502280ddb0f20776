"""The main screen: article list | article text | span list, status bar, footer.

Article-level keys live here (not on the App) so that they are inactive
while a modal screen (help, find) is open.
"""
from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import Screen

from zs_tui.review.actions import BY_ID, SCREEN
from zs_tui.review.session import Outcome, ReviewSession

from ..safety import for_screen
from .article_list import ArticleList
from .article_view import ArticleView
from .find_screen import FindScreen
from .key_footer import KeyFooter
from .keys import bindings
from .prompt_screen import PromptScreen
from .repaint import paint_together
from .span_list import SpanList
from .status_bar import StatusBar

NARROW = 110  # below this many columns the article list is hidden
WIDE = 160  # from this many columns the side lists are wider


class ReviewScreen(Screen[None]):
    BINDINGS = bindings(SCREEN)  # zs_tui.review.actions: the article keys
    # How often the screen looks for other reviewers' commits: one PRAGMA,
    # off the key path, so that what they change shows within a second.
    LIVE_POLL_S = 0.5
    # How often cursor moves are committed (one commit per burst of j/k): a
    # kill loses the moves of at most this long, never an action.
    SAVE_MOVES_S = 0.3

    def __init__(self, session: ReviewSession, clock: Callable[[], float]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.list_hidden: bool | None = None  # None: decided by width
        self._laid_out_for: Size | None = None  # the terminal size the screen was last laid out for
        self._first_layout = True  # see _compositor_refresh

    def compose(self) -> ComposeResult:
        # The panes are shown or hidden for the terminal's width before the
        # first layout: deciding it on mount laid the screen out (and wrapped
        # the text) twice more before the first frame.
        articles, spans = ArticleList(self.session, id="articles"), SpanList(self.session, id="spans")
        self._apply_width(self.app.size.width, articles, spans)
        with Horizontal(id="main"):
            yield articles
            yield ArticleView(self.session, self.after, id="text")
            yield spans
        yield StatusBar(self.session, self.clock, id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_interval(0.4, self._retry_deferred)  # a key kept while another program held the lock
        self.session.batch_moves = True
        self.set_interval(self.SAVE_MOVES_S, self.session.save_moves)
        self.set_interval(self.LIVE_POLL_S, self._check_live)
        self.query_one(ArticleView).focus()
        for rack in self.query("#textual-toastrack"):
            # Textual's notifications, hidden by its CSS, are hidden again once the
            # screen is up, as an inline style: a layout of the whole screen in the
            # first keys. Set before the first layout, that is no change.
            rack.display = False
        self._layout_for_width(self.app.size.width)
        self.refresh_all()
        if self.session.article is None:
            self.show("the database holds no article: run `zs-tui import PATH`", error=True)
        else:
            self.show(self.app.hint())  # type: ignore[attr-defined]

    def _compositor_refresh(self) -> None:
        # What Textual would draw twice, it draws once. Its first layout of a
        # screen gives every widget its size, and a new size asks for another
        # layout and a repaint of each widget: the first frame was drawn whole,
        # then whole again in the first key after it (about 20 ms). And an
        # update that lays the screen out when the whole screen is to be
        # repainted (the second layout, right after the first) drew the screen
        # twice in a row. So the first layout draws nothing, and a layout draws
        # nothing when the repaint of the whole screen follows in this update
        # (it is pending only on the current screen: Textual's next update does
        # it). Should Textual stop calling this, everything is drawn as before.
        if self._first_layout or (self.is_current and getattr(self, "_repaint_required", False)):
            self._first_layout = False
            self.refresh()  # the whole screen, in the next update
            return
        super()._compositor_refresh()

    def on_screen_resume(self) -> None:
        # Textual lays a screen out for the app's size when it comes back: the
        # panes are decided for that size too (a resize may have come while a
        # screen above it was open, its event not yet delivered)
        self._laid_out_for = self.app.size
        self._layout_for_width(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._laid_out_for:
            # Textual tells the screen the terminal's size several times as it
            # starts; each would lay the whole screen out again for the size it
            # has (about 30 ms each, in the first keys after the first frame).
            event.prevent_default()
            return
        self._laid_out_for = event.size
        self._layout_for_width(self.app.size.width)

    def _layout_for_width(self, width: int) -> None:
        self._apply_width(width, self.query_one(ArticleList), self.query_one(SpanList))
        self.query_one(StatusBar).fit_to(width)

    def _apply_width(self, width: int, articles: ArticleList, spans: SpanList) -> None:
        """Which side lists show, and how wide, at ``width`` columns; only what
        changes is set (each change restyles or lays out the screen)."""
        hide = width < NARROW if self.list_hidden is None else self.list_hidden
        # both side lists would leave the text a few columns (at 80: one)
        for widget, shown in ((articles, not hide), (spans, hide or width >= NARROW)):
            if widget.display != shown:
                widget.display = shown
        for cls, on in (("-wide", width >= WIDE), ("-narrow", width < NARROW)):
            if self.has_class(cls) != on:
                self.set_class(on, cls)

    # -- refreshing -------------------------------------------------------------
    def refresh_all(self) -> None:
        self.query_one(ArticleView).refresh_view()
        self.query_one(SpanList).refresh_spans()
        self.refresh_side()
        self.query_one(StatusBar).refresh_status()
        self.set_title(self.title_text())

    def refresh_side(self) -> None:
        """What the screen shows beside the text and span list: the article list."""
        lst = self.query_one(ArticleList)
        if lst.display:
            lst.refresh_list()

    def title_text(self) -> str:
        art = self.session.article
        return f"zs_tui · #{art.id} {art.status.replace('_', ' ')} · {art.source}" if art else "zs_tui"

    def set_title(self, title: str) -> None:
        """The app's title, set without repainting the screen."""
        title = for_screen(title)
        if title != self.app.title:
            # No header shows it (screenshots and the palette read it): set as a
            # reactive it would repaint the whole screen on every n/p, status change
            # and (adjudicating) every J/K, take and cursor move.
            self.app.set_reactive(App.title, title)

    def _check_live(self) -> None:
        """Redraw what another reviewer (another process on this database) changed."""
        if self.session.deferred is not None:  # a kept key is saved first; its retry redraws
            return
        out = self.session.sync()
        if out is None:
            return
        self.query_one(ArticleList).forget()
        self.refresh_all()
        if out.message:
            self.show(out.message)
        paint_together(self)

    def _retry_deferred(self) -> None:
        if self.session.deferred is not None and (out := self.session.retry_deferred()) is not None:
            self.after(out)

    def show(self, message: str, error: bool = False) -> None:
        self.query_one(StatusBar).show(message, error)

    def after(self, out: Outcome) -> None:
        """Redraw after an action and say what it did (refusals ring the bell)."""
        self.refresh_all()
        if out.message or not out.ok:
            self.show(out.message, error=not out.ok)
        elif self.query_one("#message").has_class("error"):
            self.show("")
        if not out.ok:
            self.app.bell()
        paint_together(self)

    def on_span_list_picked(self, event: SpanList.Picked) -> None:
        self.after(self.session.go_to_span(event.span_id))

    def on_article_list_picked(self, event: ArticleList.Picked) -> None:
        self.after(self.session.open_article(event.article_id))

    # -- article-level actions -----------------------------------------------------
    def action_review(self, action_id: str) -> None:
        """The article keys that the session does (done, skip, n/p): see zs_tui.review.actions."""
        a = BY_ID[action_id]
        assert a.method is not None
        if a.prompt is None:
            self.after(self.session.run(a.method, *a.args))
            return

        def entered(text: str | None) -> None:
            if text is not None:  # escape: nothing happens
                self.after(self.session.run(a.method, *a.args, text))

        start = str(getattr(self.session, a.prompt_value)) if a.prompt_value else ""
        self.app.push_screen(PromptScreen(a.prompt, start, f"{a.label}: enter to confirm, escape to cancel"), entered)

    def action_filter(self) -> None:
        lst = self.query_one(ArticleList)
        if not lst.display:
            self.list_hidden = False
            self._layout_for_width(self.app.size.width)
        name = lst.cycle_filter()
        self.show(f"article list: {name} (n/p follow it; f changes it)")

    def action_toggle_list(self) -> None:
        self.list_hidden = bool(self.query_one(ArticleList).display)
        self._layout_for_width(self.app.size.width)

    def action_help(self) -> None:
        # imported when first asked for: Markdown is a fifth of the app's import time, before the first screen
        from .help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.session.labels, self.app.key_table()))  # type: ignore[attr-defined]

    def action_find_corpus(self) -> None:
        def opened(hit: tuple[int, int, str] | None) -> None:
            if hit is not None:
                self.after(self.session.open_at_match(*hit))

        self.app.push_screen(FindScreen(self.session.search_corpus, self.session.last_find), opened)
