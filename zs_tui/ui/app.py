"""ReviewApp: the review screen over one Store, for one annotator.

``ReviewApp(store, "ann")`` is all a test needs: ``app.session`` is the
ReviewSession the keys drive, and ``clock`` (default ``time.monotonic``)
can be fixed so that the pace figures do not change between runs.
``ReviewApp(store, None)`` first asks who is reviewing (a browser session
of ``zs-tui serve``); ``app.session`` is None until a name is entered.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from zs_tui.review import words
from zs_tui.review.actions import ACTIONS, APP, BY_ID, GROUP_HELP, HINT, SCREEN, TEXT, Action, parse_keys
from zs_tui.review.learner_process import LearnerProcess, words_from
from zs_tui.review.session import Learner, ReviewSession

from ..labels import DEFAULT_LABELS, LABEL_NAMES, Label
from ..safety import for_screen
from ..storage import Article, Store, StoreError
from .annotator_prompt import AnnotatorPrompt
from .article_view import ArticleView
from .idle_gc import IdleCollector
from .keys import binding_action, bindings
from .review_screen import ReviewScreen

# A key waits this long for another program's write lock, then is refused
# visibly ("database busy"); an import holds it for a copy, well under this.
UI_BUSY_MS = 1500


IDLE_TICK_S = 0.1  # how often the app looks for a pause to collect garbage in


class ReviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "zs_tui"
    BINDINGS = bindings(APP)

    def __init__(self, store: Store, annotator: str | None, labels: list[Label] | None = None,
                 keymap: dict[str, str] | None = None, clock: Callable[[], float] = time.monotonic,
                 learn: bool = False, notice: str | None = None, retrain: bool = False,
                 learner_process: bool = False) -> None:
        """``notice``: what happened before the app started (a database created
        from the seeds), shown on the screen since the terminal is hidden;
        ``retrain``: retrain the database's model in the background as
        articles are reviewed to done; ``learner_process``: jieba and the
        learner in another process (``zs-tui review``), not in threads of
        this one, which take the interpreter lock from the keys for seconds."""
        super().__init__()
        self.notice = notice
        self.store = store
        store.set_busy_timeout(UI_BUSY_MS)
        self.clock = clock
        self.learn = learn
        self.retrain = retrain and learn
        self._retrainer = None
        self.terminal_lost: str | None = None  # why the app left without its terminal
        self._terminal_watch = None
        self.labels = labels or DEFAULT_LABELS
        self.learner_process = learner_process
        self._worker: LearnerProcess | None = None
        self._words: dict[int, tuple[str, words.Words]] = {}  # article id -> (sha256, words), the worker's
        self.keymap_overrides = dict(keymap or {})
        self._idle_gc = IdleCollector()
        # Until the prompt has a name there is no session and nothing is written;
        # typed as always there, since every screen but the prompt needs one.
        self.session: ReviewSession = None  # type: ignore[assignment]
        self.review_screen: ReviewScreen | None = None
        if annotator is not None:
            self._open_session(annotator)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self._idle_gc.input_seen()
            self.call_after_refresh(self._idle_gc.collect_due)  # once its frame is drawn
        await super().on_event(event)

    def _open_session(self, annotator: str) -> None:
        self.session = ReviewSession(self.store, annotator, self.labels)
        if self.learner_process:
            # words come from the worker from the first key on (until it answers, word
            # keys move by characters): jieba is never loaded on the UI thread
            self.session.words_for = self._words_for
            self.session.opened = self._ask_words
        self.session.resume()
        self.review_screen = ReviewScreen(self.session, self.clock)

    def _review_screen(self) -> ReviewScreen:
        """The review screen, once a session exists (the learner and the worker start after it)."""
        assert self.review_screen is not None
        return self.review_screen

    def get_default_screen(self) -> Screen:
        # Textual cannot switch away from the default screen: the name prompt
        # goes on top of an empty one, and the review screen replaces it.
        return self.review_screen or Screen()

    def _begin(self, annotator: str) -> None:
        """The name was entered on the prompt: start the session and review."""
        try:
            self._open_session(annotator)
        except StoreError as e:  # busy at start: nothing was written, the prompt says so
            self.screen.query_one("#prompt-error", Static).update(for_screen(f"cannot start a review session: {e}"))
            return
        assert self.review_screen is not None
        self.switch_screen(self.review_screen)
        self._start()

    def on_mount(self) -> None:
        # after the first frame: what start-up built is then frozen, and
        # collections wait for a pause between keys
        self.call_after_refresh(self._idle_gc.start)
        self.set_interval(IDLE_TICK_S, self._idle_gc.tick)
        if not self.is_headless:
            from .terminal_watch import TerminalWatch

            self._terminal_watch = TerminalWatch(self._lost_terminal)
            self._terminal_watch.start(asyncio.get_running_loop())
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        if self.session is not None:
            self._start()
        else:
            self.push_screen(AnnotatorPrompt(str(self.store.path), self._begin))

    def _start(self) -> None:
        """What needs the session: the subtitle, the notice, the learner."""
        self.sub_title = for_screen(f"{self.session.annotator} · {self.store.path}")
        if self.notice:  # once the screen is up: a toast raised before it has no screen to show on
            self.call_after_refresh(self.notify, for_screen(self.notice), title="zs_tui", timeout=30, markup=False)
        if set(self.session.label_names) != set(LABEL_NAMES):
            # a custom label set: the rules are checked against the default one only
            self.call_after_refresh(self._check_labels)
        if self.learner_process:
            self.call_after_refresh(self._start_worker)
        elif self.learn:
            # After the first screen: loading the suggester's dictionaries
            # takes a second, so it happens in a worker and the screen is
            # usable at once. What reviewers decided is read here, though:
            # the Store's connection belongs to this thread.
            self.call_after_refresh(lambda: self._prepare_learner(*self.store.decided_texts()))
        else:
            self.call_after_refresh(self._prepare_words)

    def _lost_terminal(self, reason: str) -> None:
        """Nobody can see or type any more: leave as ``q`` would (see terminal_watch)."""
        from .terminal_watch import TERMINAL_LOST_CODE

        self.terminal_lost = reason
        self.exit(return_code=TERMINAL_LOST_CODE)

    @work(thread=True, exclusive=True, group="labels")
    def _check_labels(self) -> None:
        """Say at start which labels the suggester emits that the label set in
        force lacks (a custom --labels set): their suggestions are not offered.
        In a worker: importing the rules takes a second of CPU, which is why
        the default set (the rules' own) is not checked here."""
        from ..suggest.rules import RULES

        missing = self.session.labels_lacking({lab for rule in RULES for lab in rule.labels})
        if missing:
            self.call_from_thread(
                self.notify, for_screen(f"the suggester also emits {', '.join(missing)}, which this label set lacks: "
                                        "those suggestions are not offered"),
                title="labels", severity="warning", timeout=30, markup=False)

    # -- jieba and the learner in another process ------------------------------------
    def _start_worker(self) -> None:
        self._worker = LearnerProcess(self.store.path, self.learn, self._from_worker, retrain=self.retrain)
        if self.session.article is not None:
            self._ask_words(self.session.article)

    def _from_worker(self, msg: list) -> None:
        """On the worker's reader thread: handed over to the app's."""
        try:
            self.call_from_thread(self._worker_said, msg)
        except RuntimeError:  # the app is leaving
            pass

    def _worker_said(self, msg: list) -> None:
        kind = msg[0]
        if kind == "words":
            aid, sha, w = words_from(msg)
            self._words[aid] = (sha, w)
            while len(self._words) > 32:  # the articles visited lately
                del self._words[next(iter(self._words))]
        elif kind == "ready" and msg[1] and self._worker is not None:
            # retraining is the worker's too: nothing of the suggester is imported here
            self._review_screen().after(self.session.attach_learner(self._worker))
        elif kind == "model":
            self.session.learner_changed()
        elif kind == "suggest":
            _, aid, taught, spans = msg
            out = self.session.suggestions_arrived(aid, taught, spans)
            if out.event_id is not None or not out.ok:
                self._review_screen().after(out)
        elif kind == "gone" and self.is_running and self._worker is not None:
            self._worker = None
            self._review_screen().show("the learner process stopped: word keys move by characters, "
                                    "suggestions stay as stored", error=True)

    def _words_for(self, article: Article) -> words.Words | None:
        got = self._words.get(article.id)
        return got[1] if got is not None and got[0] == article.sha256 else None

    def _ask_words(self, article: Article) -> None:
        if self._worker is not None and self._words_for(article) is None:
            self._worker.request_words(article.id)
        if self._worker is not None and not self.learn and self.store.awaits_suggestions(article.id):
            # The import's background has not reached it: the worker suggests it
            # (with --learn, refresh_suggestions asks for every untouched article).
            self._worker.request_suggestions(article.id, 0)

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
        self._review_screen().after(self.session.attach_learner(learner))
        if self.retrain:
            from ..suggest.retrain import Retrainer

            self._retrainer = Retrainer(self.store.path, done=self.session.count("done"))
            self.set_interval(2.0, self._check_retrain)

    def _check_retrain(self) -> None:
        """Articles reviewed to done retrain the database's model in another
        process, throttled (see suggest/retrain.py); the model it writes is
        used from the next article on."""
        self._retrainer.reviewed(self.session.count("done"))  # kept by the session: no count of the corpus every 2 s
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
        if self._terminal_watch is not None:
            self._terminal_watch.stop()
        self._idle_gc.stop()  # an app run inside another program (tests) gives its objects back
        if self._worker is not None:
            worker, self._worker = self._worker, None
            worker.close()
        if self.session is None:  # left at the name prompt: no session was started
            return
        if self.session.deferred is not None:  # quitting with a key kept for a busy database
            self.session.retry_deferred(wait_ms=5000)
        # A retraining still running is left to finish on its own: it writes
        # the model whole, and quitting must not wait for it.
        try:
            self.session.save_moves()  # the last moves, not yet committed by the screen's timer
            self.store.end_session(self.session.session_id)
        except Exception:  # the database may be gone; the events are already safe
            pass
