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
from textual.keys import format_key
from textual.screen import Screen

from ..labels import DEFAULT_LABELS, Label
from ..review import Learner, ReviewSession
from ..storage import Store
from .article_view import ArticleView
from .help_screen import KEY_HELP
from .review_screen import ReviewScreen

PALETTE_HIDDEN = {"help", "quit"}


def all_bindings() -> list[Binding]:
    return [*ArticleView.BINDINGS, *ReviewScreen.BINDINGS, *ReviewApp.BINDINGS]


def binding_ids() -> set[str]:
    """Ids a key file may remap."""
    return {b.id for b in all_bindings() if b.id}


def default_keys() -> list[tuple[str, str, str]]:
    """(id, default keys, what it does) of every binding a key file may remap."""
    return [(b.id, b.key, KEY_HELP.get(b.id) or (f"label number {b.id[6:]} of the label set"
                                                  if b.id.startswith("label_") else b.description))
            for b in all_bindings() if b.id]


def keymap_clashes(keymap: dict[str, str]) -> list[str]:
    """Keys that a key file would bind to two actions (``"x: accept, reject"``)."""
    owners: dict[str, list[str]] = {}
    for b in all_bindings():
        keys = keymap.get(b.id or "", b.key)
        for k in keys.split(","):
            owners.setdefault(format_key(k.strip()), []).append(b.id or b.action)
    return [f"{k}: {', '.join(ids)}" for k, ids in owners.items() if len(ids) > 1]


class ReviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "zs_tui"
    BINDINGS = [Binding("q", "quit", "Quit", show=False, id="quit")]

    def __init__(self, store: Store, annotator: str, labels: list[Label] | None = None,
                 keymap: dict[str, str] | None = None, clock: Callable[[], float] = time.monotonic,
                 learn: bool = False, retrain: bool = False) -> None:
        super().__init__()
        self.store = store
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
        self.sub_title = f"{self.session.annotator} · {self.store.path}"
        if self.learn:
            # After the first screen: loading the suggester's dictionaries
            # takes a second, so it happens in a worker and the screen is
            # usable at once. What reviewers decided is read here, though:
            # the Store's connection belongs to this thread.
            self.call_after_refresh(lambda: self._prepare_learner(*self.store.decided_texts()))

    @work(thread=True, exclusive=True, group="learner")
    def _prepare_learner(self, accepted: dict, rejected: set) -> None:
        from ..suggest import Suggester
        from ..suggest.model import model_for_db

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
    def keys_of(self, binding: Binding) -> str:
        """The keys of a binding after the key file, as shown to the user."""
        keys = self.keymap_overrides.get(binding.id or "", binding.key)
        return "/".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))

    def key_table(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the help screen; the nine label keys on one row."""
        rows = []
        bindings = all_bindings()
        for b in bindings:
            if b.action.startswith("label("):
                if b.id == "label_1":
                    keys = " ".join(self.keys_of(x) for x in bindings if x.action.startswith("label("))
                    keys = "1-9" if keys == "1 2 3 4 5 6 7 8 9" else keys
                    rows.append((keys, KEY_HELP["label"]))
                continue
            rows.append((self.keys_of(b), KEY_HELP.get(b.id or "", b.description)))
        return rows

    def hint(self) -> str:
        ids = {b.id: b for b in all_bindings()}
        parts = [("next_span", "move"), ("accept", "accept"), ("reject", "reject"), ("select", "select"),
                 ("done", "done"), ("help", "help")]
        return " · ".join(f"{self.keys_of(ids[i])} {what}" for i, what in parts) + " · 1-9 label"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every review key is also a command of the palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReviewScreen):
            return
        view = screen.query_one(ArticleView)
        for node, bindings in ((view, ArticleView.BINDINGS), (screen, ReviewScreen.BINDINGS)):
            for b in bindings:
                if b.id in PALETTE_HIDDEN:
                    continue
                title = b.description
                if b.action.startswith("label("):
                    index = int(b.action[6:-1])
                    if index >= len(self.session.label_names):
                        continue
                    title = f"Label {self.session.label_names[index]}"
                yield SystemCommand(f"{title} ({self.keys_of(b)})", f"review: {b.action}",
                                    lambda a=b.action, n=node: self.run_action(a, n))

    def on_unmount(self) -> None:
        gc.unfreeze()  # an app run inside another program (tests) gives its objects back
        if self._retrainer is not None:
            self._retrainer.wait(30)  # the last review's model is seconds away: let it land
        try:
            self.store.end_session(self.session.session_id)
        except Exception:  # the database may be gone; the events are already safe
            pass
