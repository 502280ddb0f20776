"""ReviewApp: the review screen over one Store, for one annotator.

``ReviewApp(store, "ann")`` is all a test needs: ``app.session`` is the
ReviewSession the keys drive, and ``clock`` (default ``time.monotonic``)
can be fixed so that the pace figures do not change between runs.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import words
from ..actions import ACTIONS, APP, BY_ID, GROUP_HELP, HINT, SCREEN, TEXT, Action, parse_keys
from ..labels import DEFAULT_LABELS, Label
from ..review import Learner, ReviewSession
from ..safety import for_screen
from ..storage import Store
from .article_view import ArticleView
from .keys import binding_action, bindings
from .review_screen import ReviewScreen

# A key waits this long for another program's write lock, then is refused
# visibly ("database busy"); an import holds it for a copy, well under this.
UI_BUSY_MS = 1500


class ReviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "zs_tui"
    BINDINGS = bindings(APP)

    def __init__(self, store: Store, annotator: str, labels: list[Label] | None = None,
                 keymap: dict[str, str] | None = None, clock: Callable[[], float] = time.monotonic,
                 learn: bool = False, notice: str | None = None, retrain: bool = False) -> None:
        """``notice``: what happened before the app started (a database created
        from the seeds), shown on the screen since the terminal is hidden;
        ``retrain``: retrain the database's model in the background as
        articles are reviewed to done."""
        super().__init__()
        self.notice = notice
        self.store = store
        store.set_busy_timeout(UI_BUSY_MS)
        self.clock = clock
        self.learn = learn
        self.retrain = retrain and learn
        self._retrainer = None
        self._done_seen = 0
        self.session = ReviewSession(store, annotator, labels or DEFAULT_LABELS)
        self.session.resume()
        self.keymap_overrides = dict(keymap or {})
        self.review_screen = ReviewScreen(self.session, self.clock)

    def get_default_screen(self) -> Screen:
        return self.review_screen

    def on_mount(self) -> None:
        # What start-up built lives as long as the app: out of the collector's
        # way, a full collection no longer stalls a keypress for tens of ms.
        self.call_after_refresh(gc.freeze)
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        self.sub_title = for_screen(f"{self.session.annotator} · {self.store.path}")
        if self.notice:  # once the screen is up: a toast raised before it has no screen to show on
            self.call_after_refresh(self.notify, for_screen(self.notice), title="zs_tui", timeout=30, markup=False)
        if self.learn:
            # After the first screen: loading the suggester's dictionaries
            # takes a second, so it happens in a worker and the screen is
            # usable at once. What reviewers decided is read here, though:
            # the Store's connection belongs to this thread.
            self.call_after_refresh(lambda: self._prepare_learner(*self.store.decided_texts()))
        else:
            self.call_after_refresh(self._prepare_words)

    @work(thread=True, exclusive=True, group="words")
    def _prepare_words(self) -> None:
        """jieba's dictionary for the word keys, loaded off the UI thread."""
        words.warm_up()

    @work(thread=True, exclusive=True, group="learner")
    def _prepare_learner(self, accepted: dict, rejected: set) -> None:
        from ..suggest import Suggester
        from ..suggest.model import model_for_db

        words.warm_up()  # under the word keys' lock: jieba is loaded once
        learner = Suggester(accepted, rejected, model=model_for_db(self.store.path))
        learner.suggest("预热")  # load jieba and the lexicons off the UI thread
        self.call_from_thread(self._learner_ready, learner)

    def _learner_ready(self, learner: Learner) -> None:
        self.review_screen.after(self.session.attach_learner(learner))
        if self.retrain:
            from ..suggest.retrain import Retrainer

            self._retrainer = Retrainer(self.store.path)
            self._done_seen = self.store.count_articles("done")
            self.set_interval(2.0, self._check_retrain)

    def _check_retrain(self) -> None:
        """Every article reviewed to done retrains the database's model in
        another process; the model it writes is used from the next article on."""
        done = self.store.count_articles("done")
        if done > self._done_seen:
            self._retrainer.request()
        self._done_seen = done
        model = self._retrainer.poll()
        if model is not None and self.session.learner is not None:
            self.session.learner.use_model(model)  # type: ignore[attr-defined]
            self.session.learner_changed()

    # -- keys as the annotator configured them -------------------------------------
    def keys_of(self, action: Action) -> str:
        """The keys of an action after the key file, as shown to the user."""
        keys = self.keymap_overrides.get(action.id, action.keys)
        return "/".join(self.get_key_display(Binding(k, "")) for k in parse_keys(keys))

    def group_keys(self, group: str) -> str:
        """The keys of a group of actions on one row (``1-9`` for the label keys as shipped)."""
        keys = " ".join(self.keys_of(a) for a in ACTIONS if a.group == group)
        return "1-9" if keys == "1 2 3 4 5 6 7 8 9" else keys

    def key_table(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the help screen, in registry order; a group on one row."""
        rows, grouped = [], set()
        for a in ACTIONS:
            if a.group is None:
                rows.append((self.keys_of(a), a.help))
            elif a.group not in grouped:
                grouped.add(a.group)
                rows.append((self.group_keys(a.group), GROUP_HELP[a.group]))
        return rows

    def hint(self) -> str:
        """The status line's first message: the main keys, as configured."""
        return " · ".join(f"{self.keys_of(BY_ID[i]) if i in BY_ID else self.group_keys(i)} {word}"
                          for i, word in HINT)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every review key is also a command of the palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReviewScreen):
            return
        nodes = {TEXT: screen.query_one(ArticleView), SCREEN: screen, APP: self}
        for a in ACTIONS:
            if not a.palette:
                continue
            title = a.label
            if a.group == "label":
                index = a.args[0]
                if index >= len(self.session.label_names):
                    continue
                title = for_screen(f"Label {self.session.label_names[index]}")
            yield SystemCommand(f"{title} ({self.keys_of(a)})", GROUP_HELP[a.group] if a.group else a.help,
                                lambda a=a, n=nodes[a.pane]: self.run_action(binding_action(a), n))

    def on_unmount(self) -> None:
        gc.unfreeze()  # an app run inside another program (tests) gives its objects back
        if self.session.deferred is not None:  # quitting with a key kept for a busy database
            self.session.retry_deferred(wait_ms=5000)
        # A retraining still running is left to finish on its own: it writes
        # the model whole, and quitting must not wait for it.
        try:
            self.store.end_session(self.session.session_id)
        except Exception:  # the database may be gone; the events are already safe
            pass
