"""Retraining a database's model in the background while reviewing.

``zs-tui train --db DB --folds 3`` runs in a separate process (crfsuite holds
the interpreter while it trains, so a thread would stall the keys).  The
database's own cross-validation (its reviewed articles judged in 3 folds)
decides per label whether the model is used at all: without it a gap-filling
model cost 0.01 F1.  A run is four trainings, a few minutes of one core, and
the machine is the reviewer's, so runs are throttled (``reviewed()``):

- at most one at a time; articles done while it runs are picked up by the
  next run, which starts only when that one has ended (triggers coalesce);
- only once ``min_new`` articles were reviewed to done since the articles
  the current model was trained on (one more article barely moves a CRF);
- at most one start per ``cooldown`` seconds, so a fast reviewer's articles
  gather into one run instead of a run each;
- at the lowest priority (``os.nice``): the app's keys always come first.

The model is written whole (temporary file, then rename), so a reader never
sees half a model.  No Textual and no SQL here: the app calls ``reviewed()``
with the count of articles done, and ``poll()``, on a timer.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .model import SpanModel, db_model_path

MIN_NEW = 5  # articles newly reviewed to done before a retraining is worth its minute of CPU
COOLDOWN_S = 300.0  # seconds between the starts of two runs
NICENESS = 19
CV_FOLDS = 3  # folds of the database's reviewed articles judging whether its model gains anything


def _lower_priority() -> None:  # runs in the child before exec
    try:
        os.nice(NICENESS)
    except OSError:
        pass


class Retrainer:
    def __init__(self, db_path: str | Path, done: int = 0, min_new: int = MIN_NEW, cooldown: float = COOLDOWN_S,
                 clock: Callable[[], float] = time.monotonic, folds: int = CV_FOLDS) -> None:
        """``done``: articles reviewed to done now; if the database already has
        a model they count as trained on (else the first chance trains)."""
        self.db_path = Path(db_path)
        self.folds = folds
        self.min_new = min_new
        self.cooldown = cooldown
        self.clock = clock
        self.trained_on = done if db_model_path(self.db_path).exists() else 0
        self.done = done
        self.runs = 0  # runs started, for the status and the tests
        self._proc: subprocess.Popen | None = None
        self._proc_for = 0  # the done count the running process trains on
        self._started_at: float | None = None
        self._again = False

    def command(self) -> list[str]:
        return [sys.executable, "-m", "zs_tui.cli", "train", "--db", str(self.db_path), "--folds", str(self.folds)]

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def due(self) -> bool:
        """Whether a run would start now (enough new articles, none running, cooled down)."""
        if self.running or self.done - self.trained_on < self.min_new:
            return False
        return self._started_at is None or self.clock() - self._started_at >= self.cooldown

    def reviewed(self, done: int) -> None:
        """The count of articles reviewed to done: start a run if one is due."""
        self.done = done
        if self.due():
            self._start()

    def request(self) -> None:
        """Train now whatever the throttle says (after the current run, if one is running)."""
        if self.running:
            self._again = True
            return
        self._start()

    def _start(self) -> None:
        self._proc_for = self.done
        self._started_at = self.clock()
        self.runs += 1
        self._proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL,
                                      preexec_fn=_lower_priority if os.name == "posix" else None)

    def poll(self) -> SpanModel | None:
        """The new model once a run has finished well (None meanwhile); starts
        the next run when one is due (or was asked for with ``request``)."""
        if self._proc is not None and self._proc.poll() is None:
            return None
        model = None
        if self._proc is not None:
            ok = self._proc.returncode == 0
            self._proc = None
            if ok:
                self.trained_on = self._proc_for
                try:
                    model = SpanModel.load(db_model_path(self.db_path))
                except (ValueError, OSError):  # unreadable: keep the model in use
                    model = None
        if self._again:
            self._again = False
            self._start()
        elif self.due():
            self._start()
        return model

    def wait(self, timeout: float | None = None) -> None:
        """Let the current run finish (the app leaving: the model is a few seconds away)."""
        if self._proc is not None:
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
