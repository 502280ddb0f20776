"""The adjudication screen (``zs-tui adjudicate``): each annotator's version
side by side above the adjudicated layer, which the review keys edit.

One pane per version (A, B, ... left to right) spells out that annotator's
spans of the current disagreement (label, text, offsets) or "nothing", and
below shows the line around it with the annotator's spans: the
disagreement's reversed and bold, the others underlined in their label's
colour (the same attributes tell them apart under ``NO_COLOR``).  Below the panes
is the review screen's text view and span list, on the adjudicated layer.
The take keys and J/K are the registry's ``ADJUDICATE_ACTIONS``.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from zs_tui.review.actions import ADJUDICATE_ACTIONS, ADJUDICATE_BY_ID, BY_ID, SCREEN, TAKE_KEYS
from zs_tui.review.adjudication import AdjudicationSession
from zs_tui.review.session import Outcome

from ..safety import for_screen
from .app import ReviewApp
from .article_view import ArticleView
from .key_footer import KeyFooter
from .keys import binding_action, bindings
from .repaint import paint_together
from .review_screen import ReviewScreen
from .span_list import SpanList
from .status_bar import StatusBar

CONTEXT = 40  # characters shown each side of the disagreement, within its line
IN_CONFLICT = Style(reverse=True, bold=True)


def letter(i: int) -> str:
    return chr(ord("A") + i)


class VersionPane(Static):
    """One annotator's version of the open article, around the current disagreement."""

    def __init__(self, session: AdjudicationSession, index: int, **kwargs) -> None:  # noqa: ANN003
        super().__init__("", markup=False, **kwargs)
        self.session = session
        self.index = index
        self.label_colors = {lab.name: lab.color for lab in session.labels}
        self.shown = Text()

    def show_version(self) -> None:
        s = self.session
        if self.index >= len(s.names):
            self.shown = Text()
            self.update("")
            return
        name = s.names[self.index]
        keys = f" · {TAKE_KEYS[self.index][1]} take · {TAKE_KEYS[self.index][2]} all" if self.index < len(TAKE_KEYS) else ""
        self.border_title = for_screen(f"{letter(self.index)} · {name}")
        self.border_subtitle = keys.lstrip(" ·")
        k = s.current_conflict
        text = s.text
        if k is None:
            a, b = 0, min(len(text), 2 * CONTEXT)
        else:  # the disagreement's line, cropped to CONTEXT characters each side
            line_start = text.rfind("\n", 0, k.start) + 1
            line_end = text.find("\n", k.end)
            line_end = len(text) if line_end < 0 else line_end
            a, b = max(line_start, k.start - CONTEXT), min(line_end, k.end + CONTEXT)
        inside = set(k.versions[name]) if k is not None else set()
        # what this version has in the disagreement comes first: a long line of
        # context wraps past the pane's height, and the label is said only here
        out = Text(no_wrap=False)
        if k is None:
            out.append("the versions agree everywhere", Style(dim=True))
        elif not k.versions[name]:
            out.append(f"{letter(self.index)}: nothing here", Style(bold=True))
        else:
            out.append(f"{letter(self.index)}: " + "; ".join(
                for_screen(f"{label} {text[st:en]} [{st},{en})") for st, en, label in k.versions[name]), Style(bold=True))
        out.append("\n" + ("…" if a > 0 else ""))
        pos = a
        for sp in s.versions[name]:
            st, en, label = sp
            if en <= a or st >= b:
                continue
            st, en = max(st, a), min(en, b)
            out.append(for_screen(text[pos:st]))
            look = IN_CONFLICT if sp in inside else Style(color=self.label_colors.get(label, "white"), underline=True)
            out.append(for_screen(text[st:en]), look)
            pos = en
        out.append(for_screen(text[pos:b]) + ("…" if b < len(text) else ""))
        self.shown = out  # what the pane shows, for tests of its looks
        self.update(out)


class AdjudicateScreen(ReviewScreen):
    """The versions' panes above the review screen's text view and span list
    (no article list: n/p walk the articles to adjudicate)."""

    BINDINGS = bindings(SCREEN, ADJUDICATE_ACTIONS)  # on top of ReviewScreen's (Textual merges them)

    def __init__(self, session: AdjudicationSession, clock: Callable[[], float]) -> None:
        super().__init__(session, clock)
        self.session: AdjudicationSession = session

    def compose(self) -> ComposeResult:
        with Horizontal(id="versions"):
            for i in range(max(2, len(self.session.names))):
                yield VersionPane(self.session, i, classes="version")
        with Horizontal(id="main"):
            yield ArticleView(self.session, self.after, id="text")
            yield SpanList(self.session, id="spans")
        yield StatusBar(self.session, self.clock, id="status")
        yield KeyFooter()

    def _layout_for_width(self, width: int) -> None:
        self.query_one(SpanList).display = width >= 70
        self.query_one(StatusBar).fit_to(width)

    def refresh_side(self) -> None:
        """One pane per version of the open article (another article may have more)."""
        box = self.query_one("#versions", Horizontal)
        panes = list(self.query(VersionPane))
        want = max(2, len(self.session.names))
        for i in range(len(panes), want):
            pane = VersionPane(self.session, i, classes="version")
            box.mount(pane)
            panes.append(pane)
        for i, pane in enumerate(panes):
            pane.display = i < want
            if i < want:
                pane.show_version()

    def title_text(self) -> str:
        art = self.session.article
        return (f"zs_tui adjudicate · #{art.id} {art.status.replace('_', ' ')} · {art.source}"
                f" · {self.session.describe_conflict()}" if art else "zs_tui adjudicate")

    def _check_live(self) -> None:
        if self.session.deferred is not None:
            return
        out = self.session.sync()
        if out is None:
            return
        self.refresh_all()
        if out.message:
            self.show(out.message)
        paint_together(self)

    def action_review(self, action_id: str) -> None:
        if action_id in ADJUDICATE_BY_ID:
            a = ADJUDICATE_BY_ID[action_id]
            assert a.method is not None
            self.after(self.session.run(a.method, *a.args))
            return
        super().action_review(action_id)

    def action_filter(self) -> None:
        self.show("no article list while adjudicating: n/p walk the articles whose versions differ", error=True)

    def action_toggle_list(self) -> None:
        self.action_filter()

    def action_find_corpus(self) -> None:
        self.show("F finds in every article while reviewing; here / finds in this one", error=True)


class AdjudicateApp(ReviewApp):
    """The review app on an adjudicator's session (``AdjudicationSession``)."""

    CSS_PATH = ["app.tcss", "adjudicate.tcss"]
    TITLE = "zs_tui adjudicate"

    def __init__(self, session: AdjudicationSession, keymap: dict[str, str] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        # the review keys an adjudication key takes over move (a key file's choice still wins)
        super().__init__(session.store, None, session.labels, keymap=keymap,
                         clock=clock)
        self.session = session
        self.review_screen = AdjudicateScreen(session, clock)

    def _start(self) -> None:
        super()._start()
        self.sub_title = for_screen(f"adjudicating as {self.session.annotator} · {self.store.path}")

    def key_table(self) -> list[tuple[str, str]]:
        return [(self.keys_of(a), a.help) for a in ADJUDICATE_ACTIONS] + super().key_table()

    def hint(self) -> str:
        ids = ("take_a", "take_b", "take_all_a", "next_disagreement")
        return (" · ".join(f"{self.keys_of(ADJUDICATE_BY_ID[i])} {ADJUDICATE_BY_ID[i].label}" for i in ids)
                + f" · {self.keys_of(BY_ID['done'])} done · {self.keys_of(BY_ID['help'])} help")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, AdjudicateScreen):
            for a in ADJUDICATE_ACTIONS:
                yield SystemCommand(f"{a.label} ({self.keys_of(a)})", a.help,
                                    lambda a=a, n=screen: self.run_action(binding_action(a), n))


def run_adjudication(session: AdjudicationSession, keymap: dict[str, str] | None = None) -> Outcome:
    """Run the app until the adjudicator quits."""
    AdjudicateApp(session, keymap).run()
    return Outcome(True)
