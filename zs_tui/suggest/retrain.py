"""Retraining a database's model in the background while reviewing.

``zs-tui train --db DB --folds 0`` runs in a separate process (crfsuite holds
the interpreter while it trains, so a thread would stall the keys), one at a
time: articles done while it runs start one more run when it ends.  The model
is written whole (temporary file, then rename), so a reader never sees half
a model.  No Textual and no SQL here: the app polls ``poll()`` on a timer.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .model import SpanModel, db_model_path


class Retrainer:
    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self._proc: subprocess.Popen | None = None
        self._again = False

    def command(self) -> list[str]:
        return [sys.executable, "-m", "zs_tui.cli", "train", "--db", str(self.db_path), "--folds", "0"]

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def request(self) -> None:
        """An article was reviewed to done: train again (after the current run)."""
        if self.running:
            self._again = True
            return
        self._proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)

    def poll(self) -> SpanModel | None:
        """The new model once a run has finished well (None meanwhile)."""
        if self._proc is None or self._proc.poll() is None:
            return None
        ok = self._proc.returncode == 0
        self._proc = None
        if self._again:
            self._again = False
            self.request()
        if not ok:
            return None
        try:
            return SpanModel.load(db_model_path(self.db_path))
        except ValueError:
            return None

    def wait(self, timeout: float | None = None) -> None:
        """Let the current run finish (the app leaving: the model is a few seconds away)."""
        if self._proc is not None:
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
