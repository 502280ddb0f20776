"""Background retraining is throttled: it never takes the reviewer's CPU more
than needed (a real run is ~80 s of one core).  The training command is
replaced by a process that ends when the test opens its gate, so what is
tested is when runs start, not how long they take."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from zs_tui.suggest.model import db_model_path
from zs_tui.suggest.retrain import COOLDOWN_S, MIN_NEW, NICENESS, Retrainer


class GatedRetrainer(Retrainer):
    """A run is a process waiting for its gate file (one per run)."""

    def __init__(self, *a, gates: Path, **kw) -> None:  # noqa: ANN002, ANN003
        super().__init__(*a, **kw)
        self.gates = gates

    def command(self) -> list[str]:
        gate = self.gates / f"run{self.runs}"
        return [sys.executable, "-c",
                "import os, sys, time\nwhile not os.path.exists(sys.argv[1]): time.sleep(0.01)", str(gate)]

    def finish(self) -> None:
        """Let the running run end, and wait until it has."""
        (self.gates / f"run{self.runs}").touch()
        self._proc.wait(timeout=30)


@pytest.fixture
def make(tmp_path):
    now = [1000.0]
    made = []

    def build(done: int = 0, **kw) -> GatedRetrainer:  # noqa: ANN003
        r = GatedRetrainer(tmp_path / "a.db", done=done, clock=lambda: now[0], gates=tmp_path, **kw)
        made.append(r)
        return r

    build.now = now
    yield build
    for r in made:  # no process left behind
        if r.running:
            r._proc.kill()
            r._proc.wait()


def test_a_run_starts_only_once_enough_articles_were_reviewed(make):
    r = make()
    for done in range(1, MIN_NEW):
        r.reviewed(done)
        assert r.poll() is None
    assert r.runs == 0 and not r.running
    r.reviewed(MIN_NEW)
    assert r.runs == 1 and r.running


def test_articles_done_during_a_run_coalesce_into_one_later_run(make):
    r = make()
    r.reviewed(MIN_NEW)
    for done in range(MIN_NEW + 1, MIN_NEW + 20):  # twenty more while it runs: still one process
        r.reviewed(done)
        r.poll()
    assert r.runs == 1
    r.finish()
    r.poll()
    assert r.trained_on == MIN_NEW and not r.running  # cooling down: not straight into the next run
    make.now[0] += COOLDOWN_S
    r.poll()
    assert r.runs == 2 and r.running  # one run for all twenty
    r.finish()
    r.poll()
    assert r.trained_on == MIN_NEW + 19


def test_no_run_before_the_cooldown_however_many_articles(make):
    r = make()
    r.reviewed(MIN_NEW)
    r.finish()
    r.poll()
    make.now[0] += COOLDOWN_S / 2
    r.reviewed(MIN_NEW * 10)
    assert r.poll() is None and r.runs == 1
    make.now[0] += COOLDOWN_S / 2
    r.reviewed(MIN_NEW * 10)
    assert r.runs == 2


def test_a_database_with_a_model_counts_its_reviewed_articles_as_trained_on(make, tmp_path):
    db_model_path(tmp_path / "a.db").write_bytes(b"")
    r = make(done=40)
    r.reviewed(40 + MIN_NEW - 1)
    assert r.runs == 0
    r.reviewed(40 + MIN_NEW)
    assert r.runs == 1


def test_a_database_without_a_model_trains_at_the_first_chance(make):
    r = make(done=40)
    r.reviewed(40)
    assert r.runs == 1


def test_a_failed_run_is_retried_after_the_cooldown_only(make, tmp_path):
    class Failing(GatedRetrainer):
        def command(self) -> list[str]:
            return [sys.executable, "-c", "raise SystemExit(3)"]

    r = Failing(tmp_path / "a.db", clock=lambda: make.now[0], gates=tmp_path)
    r.reviewed(MIN_NEW)
    r._proc.wait(timeout=30)
    assert r.poll() is None and r.trained_on == 0 and r.runs == 1
    make.now[0] += COOLDOWN_S
    r.poll()
    assert r.runs == 2
    r._proc.wait(timeout=30)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the niceness from /proc")
def test_a_run_has_the_lowest_priority(make):
    r = make()
    r.reviewed(MIN_NEW)
    deadline = time.monotonic() + 10
    nice = None
    while time.monotonic() < deadline:  # the child lowers its priority before exec
        fields = Path(f"/proc/{r.pid}/stat").read_text().rsplit(")", 1)[1].split()
        nice = int(fields[16])
        if nice == NICENESS:
            break
        time.sleep(0.01)
    assert nice == NICENESS
