"""The learner and jieba in a process of their own, for the review app.

Loading jieba's dictionary and the suggester's lexicons is seconds of pure
Python: in a thread of the app it holds the interpreter lock and every key
waits (0.8-1.7 s at start-up), and what reviewers decided is a read of
every decided span (seconds on a big reviewed corpus). Both happen here, in
``python -m zs_tui.review.learner_process DB [--learn]``, which reads the database
itself and answers over its stdin/stdout, one JSON list per line:

===========================  ==============================================
request (app -> worker)      answer (worker -> app)
===========================  ==============================================
``["words", id]``            ``["words", id, sha256, starts, ends]``: jieba's
                             words of article ``id``, as in ``words.py``
``["suggest", id, taught]``  ``["suggest", id, taught, spans]``: the learner's
                             suggestions for article ``id`` (without
                             ``--learn``: the import's suggester's, for an
                             article still waiting for them, else no answer)
``["learn", text, label,     none: a decision taught
accepted]``
(``--retrain``)              ``["model"]``: a model retrained as articles
                             were reviewed to done is in use
(start)                      ``["ready", learning]`` once words (and, with
                             ``--learn``, suggestions) can be answered
===========================  ==============================================

Word requests are answered before anything else waiting, so the open
article's words come within milliseconds once jieba is loaded. The worker
ends when its stdin closes (the app quit, or was killed). No Textual here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .words import Words


# -- the app's side ---------------------------------------------------------------
class LearnerProcess:
    """The worker, started at once; ``on_message`` gets each answer (called
    on a reader thread: the app hands it over to its own)."""

    def __init__(self, db_path: str | Path, learn: bool, on_message: Callable[[list], None],
                 retrain: bool = False) -> None:
        cmd = [sys.executable, "-m", "zs_tui.review.learner_process", str(db_path)]
        cmd += (["--learn"] if learn else []) + (["--retrain"] if retrain else [])
        # stderr stays out of the terminal the app draws on
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      encoding="utf-8", bufsize=1)
        self._on_message = on_message
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True, name="learner-reader")
        self._reader.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            self._on_message(msg)
        self._on_message(["gone"])

    def send(self, *msg: Any) -> None:
        """A request; never waits for the worker (requests are a few bytes)."""
        try:
            with self._lock:
                assert self._proc.stdin is not None
                self._proc.stdin.write(json.dumps(msg, ensure_ascii=False) + "\n")
        except (OSError, ValueError):  # the worker is gone: the app carries on without it
            pass

    # What ReviewSession needs of a learner that answers later (see review.py).
    def learn(self, text: str, label: str, accepted: bool) -> None:
        self.send("learn", text, label, accepted)

    def request_suggestions(self, article_id: int, taught: int) -> None:
        self.send("suggest", article_id, taught)

    def request_words(self, article_id: int) -> None:
        self.send("words", article_id)

    def suggest(self, clean: str) -> list[dict[str, Any]]:  # the Learner protocol; answers come by message
        raise NotImplementedError("LearnerProcess answers with request_suggestions")

    def close(self) -> None:
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def words_from(msg: list) -> tuple[int, str, Words]:
    """(article id, its sha256, its words) from a ``words`` answer."""
    _, aid, sha, starts, ends = msg
    return aid, sha, Words(tuple(starts), tuple(ends))


# -- the worker's side ------------------------------------------------------------
class _Inbox:
    """Requests read by a thread as they come; word requests first."""

    def __init__(self) -> None:
        self._words: deque[list] = deque()
        self._other: deque[list] = deque()
        self._ready = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in sys.stdin:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            with self._ready:
                (self._words if msg and msg[0] == "words" else self._other).append(msg)
                self._ready.notify()
        # The app is gone (it quit, or was killed): nobody reads the answers, so
        # the worker ends now, even halfway through loading jieba.
        os._exit(0)

    def get(self, words_only: bool = False, timeout: float | None = None) -> list | None:
        """The next request; ``["tick"]`` after ``timeout`` seconds without
        one; with ``words_only``, None when no word request waits."""
        with self._ready:
            while True:
                if self._words:
                    return self._words.popleft()
                if self._other and not words_only:
                    return self._other.popleft()
                if words_only:
                    return None
                if not self._ready.wait(timeout):
                    return ["tick"]


RETRAIN_EVERY = 2.0  # seconds between looks at how many articles are done


def serve(db_path: str, learn: bool, retrain: bool = False) -> None:
    """The worker's loop (``retrain``: retrain the database's model in yet
    another process as articles are reviewed to done, see suggest/retrain.py,
    and use each model it writes)."""
    from zs_tui.storage import Store

    from .words import warm_up, words_of

    if hasattr(os, "nice"):
        # behind the app for the CPU: on a busy machine loading jieba and the
        # lexicons (seconds of pure Python) must not slow the first keys
        os.nice(5)
    out = sys.stdout

    def answer(*msg: Any) -> None:
        out.write(json.dumps(msg, ensure_ascii=False) + "\n")
        out.flush()

    inbox = _Inbox()
    warm_up()
    with Store(db_path, create=False) as store:
        def words(aid: int) -> None:
            try:
                art = store.article(aid)
            except KeyError:
                return
            w = words_of(art.clean)
            answer("words", aid, art.sha256, list(w.starts), list(w.ends))

        while (msg := inbox.get(words_only=True)) is not None:  # the open article's words first
            words(msg[1])
        learner = None
        if learn:
            from zs_tui.suggest import Suggester

            learner = Suggester.from_store(store)
            learner.suggest("预热")  # the lexicons and the model, loaded before the first real article
        answer("ready", learner is not None)
        retrainer = None
        plain: Any = None
        if retrain and learner is not None:
            from zs_tui.suggest.retrain import Retrainer

            retrainer = Retrainer(store.path, done=store.count_articles("done"))
        while (msg := inbox.get(timeout=RETRAIN_EVERY if retrainer else None)) is not None:
            kind = msg[0]
            if kind == "tick" and retrainer is not None and learner is not None:
                retrainer.reviewed(store.count_articles("done"))  # throttled there
                model = retrainer.poll()
                if model is not None:
                    learner.use_model(model)
                    answer("model")  # articles nobody started are suggested again when opened
            elif kind == "words":
                words(msg[1])
            elif learner is None:
                # without --learn: only an article the import's background has not reached
                if kind == "suggest" and store.awaits_suggestions(msg[1]):
                    plain = plain or _plain_suggester(store)
                    answer("suggest", msg[1], msg[2], plain.suggest(store.article(msg[1]).clean))
                continue
            elif kind == "learn":
                learner.learn(msg[1], msg[2], bool(msg[3]))
            elif kind == "suggest":
                try:
                    art = store.article(msg[1])
                except KeyError:
                    continue
                answer("suggest", msg[1], msg[2], learner.suggest(art.clean))


def _plain_suggester(store: Any) -> Any:
    """The suggester an import would use (what reviewers taught when it is made), for
    articles that still wait for their suggestions when the app runs without --learn."""
    from zs_tui.suggest import Suggester

    return Suggester.from_store(store)


if __name__ == "__main__":
    serve(sys.argv[1], "--learn" in sys.argv[2:], "--retrain" in sys.argv[2:])
