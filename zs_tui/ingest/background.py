"""Suggesting the articles an import queued, with a pool of long-lived processes.

``zs-tui import`` commits its articles first (all or nothing, at storing
speed: they can be reviewed at once) and queues them (schema 0006); then
``suggest_pending`` works through the queue: a process pool made once (each
worker loads jieba and the lexicons once, in its initializer), articles sent
in batches, each batch's suggestions committed in a short transaction of its
own (a review app may be writing meanwhile: it waits milliseconds, not for
the suggester).  A kill at any point loses no article and no committed
batch; the next run (``zs-tui resuggest --pending``, or the same import
again) takes up what still waits.  What the review app suggested itself
meanwhile is never suggested twice (``Store.write_background_suggestions``).
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zs_tui.errors import ZsError

# Articles per task sent to a worker: about a second of work for seed-size
# articles, so a kill loses little and each commit is short.
BATCH = 48
# How long a batch's commit waits for a review app's write (the app's own
# writes are single events of milliseconds).
WRITE_WAIT_MS = 30_000

Progress = Callable[[int, int], None]  # (articles suggested so far, articles waiting at the start)


def _no_progress(_done: int, _total: int) -> None:
    pass


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class PendingResult:
    """What a run did: ``articles`` suggested (``spans`` pending spans added),
    ``waiting`` left in the queue (0 unless interrupted), by ``version``."""

    db: str
    version: str
    articles: int = 0
    spans: int = 0
    skipped: int = 0  # suggested by someone else meanwhile (another run, resuggest)
    waiting: int = 0

    def summary(self) -> str:
        if not self.articles and not self.skipped:
            return f"nothing to do: no article of {self.db} waits for suggestions"
        return (f"suggested {self.articles} article(s) in {self.db} with version {self.version}:"
                f" {self.spans} pending suggestion(s)")


class SuggestInterrupted(ZsError):
    """Stopped (Ctrl+C) with articles still waiting; what was committed stays."""

    exit_code = 130


# -- the workers ------------------------------------------------------------------
_SUGGESTER: Any = None


def _init_worker(suggester: Any) -> None:
    """Once per worker process: the suggester and everything it loads (jieba, lexicons)."""
    import signal

    global _SUGGESTER
    # Ctrl+C is the parent's to handle (it commits nothing half-done); a
    # worker's traceback would only clutter the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _SUGGESTER = suggester
    suggester.suggest("预热")


def _ready() -> int:
    return os.getpid()


def _suggest_batch(batch: list[tuple[int, str]]) -> list[tuple[int, list[dict[str, Any]]]]:
    assert _SUGGESTER is not None
    return [(aid, _SUGGESTER.suggest(text)) for aid, text in batch]


# -- the run ------------------------------------------------------------------------
def suggest_pending(db: str | Path, jobs: int | None = None, progress: Progress = _no_progress,
                    batch: int = BATCH) -> PendingResult:
    """Suggest every article of ``db`` that waits for suggestions.

    ``jobs``: worker processes (None: the cores; 0: in this process, for a
    handful of articles such as the built-in seeds).  ``progress`` is called
    after each committed batch.  Ctrl+C raises ``SuggestInterrupted`` (exit
    130) after the batches already committed; the rest still waits."""
    from zs_tui.storage import StoreError
    from zs_tui.storage.opening import open_db
    from zs_tui.suggest import Suggester

    jobs = default_jobs() if jobs is None else max(0, jobs)
    # The suggester (with what reviewers taught so far) is read, and the pool
    # forked, before this process holds a connection: a connection must not
    # cross a fork.
    with open_db(db) as store:
        total = store.count_awaiting_suggestions()
        if total == 0:
            return PendingResult(str(store.path), Suggester.version)
        suggester = Suggester.from_store(store)
    res = PendingResult(str(db), suggester.version)
    pool = None
    try:
        if jobs > 0:
            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(suggester,))
            ready = [pool.submit(_ready) for _ in range(jobs)]  # the workers are forked here...
        # ... before the progress bar starts its refresh thread: a fork must not
        # copy a lock that thread may hold.  The bar shows while they load.
        progress(0, total)
        if pool is not None:
            for f in ready:
                f.result()
        with open_db(db) as store:
            store.set_busy_timeout(WRITE_WAIT_MS)
            _work(store, suggester, pool, jobs, batch, res, total, progress)
            res.waiting = store.count_awaiting_suggestions()
    except KeyboardInterrupt:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        with open_db(db) as store:
            res.waiting = store.count_awaiting_suggestions()
        raise SuggestInterrupted(
            f"interrupted: {res.articles} article(s) suggested, {res.waiting} still wait for suggestions"
            " (every article is stored and can be reviewed)",
            "`zs-tui resuggest --pending` or the same import again goes on") from None
    except BrokenProcessPool as e:  # a worker killed (out of memory, say): what it had not committed waits
        with open_db(db) as store:
            res.waiting = store.count_awaiting_suggestions()
        raise ZsError(f"suggesting stopped: a suggester process died ({e}); {res.articles} article(s) suggested,"
                      f" {res.waiting} still wait (every article is stored and can be reviewed)",
                      "`zs-tui resuggest --pending --jobs 1` goes on with less memory") from e
    except StoreError as e:  # busy past the wait, or a full disk: the batches committed so far stay
        with open_db(db) as store:
            res.waiting = store.count_awaiting_suggestions()
        raise ZsError(f"suggesting stopped: {e}; {res.articles} article(s) suggested, {res.waiting} still wait"
                      " (every article is stored and can be reviewed)",
                      "`zs-tui resuggest --pending` goes on") from e
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return res


def _work(store: Any, suggester: Any, pool: ProcessPoolExecutor | None, jobs: int, batch: int,
          res: PendingResult, total: int, progress: Progress) -> None:
    def commit(results: list[tuple[int, list[dict[str, Any]]]]) -> None:
        w = store.write_background_suggestions(results, suggester.version)
        res.articles += w.articles
        res.spans += w.spans
        res.skipped += w.skipped
        progress(res.articles + res.skipped, total)

    after = 0

    def next_batch() -> list[tuple[int, str]]:
        nonlocal after
        got = store.awaiting_suggestions(after, batch)
        if got:
            after = got[-1][0]
        return got

    if pool is None:
        while got := next_batch():
            commit([(aid, suggester.suggest(text)) for aid, text in got])
        return
    # A few batches in flight per worker keep every worker busy while this
    # process reads the next texts and commits what came back, in order.
    flight: deque[Future] = deque()
    while True:
        while len(flight) < 2 * jobs and (got := next_batch()):
            flight.append(pool.submit(_suggest_batch, got))
        if not flight:
            break
        commit(flight.popleft().result())
