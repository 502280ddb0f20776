"""Python's cyclic garbage collection between keys, not inside them.

Left to itself the collector runs when allocations pass a threshold, which
is most often in the middle of a key: measured on the review screen, a
collection of the younger generations took 5-14 ms, on one key in twenty,
as long as the key's own work.  While the app runs, the threshold of the
youngest generation is raised to a cap (reached only by work no key
started), and the collections Python would have made are made once the
frame a key (or a click) caused is drawn, and when the app has been idle
for ``IDLE_S``.  What start-up built is frozen out of the collector's way
(``gc.freeze``).  ``stop`` puts everything back, for a program that runs
the app and goes on (the tests).

Before that first frame the collector does not run at all (``start_paused``,
around ``zs-tui review``'s start): importing Textual and building the first
screen makes some 130 collections, the oldest generation's among them,
60-100 ms of a 0.5 s start, to free about 2,000 objects that ``start`` then
freezes anyway.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

IDLE_S = 0.15  # no key for this long: the annotator is reading, a collection goes unnoticed
CAP = 20_000  # allocations after which the collector runs anyway (a collection of them: a few ms)

# Process-wide: two apps can run in one program (tests run a second one beside
# the first) and stop in any order; Python's settings come back when the last stops.
_running: list[IdleCollector] = []
_saved: tuple[int, int, int] | None = None
_was_enabled = True  # the collector was on when the first collector started


@contextmanager
def start_paused() -> Iterator[None]:
    """No collection from here to the first frame of an app run inside (its
    ``IdleCollector.start`` turns the collector on); after it, or if the app
    never got that far, the collector is as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last_input = clock()

    @property
    def _thresholds(self) -> tuple[int, int, int] | None:
        """Python's own thresholds while this collector runs (None: it does not)."""
        return _saved if self in _running else None

    def start(self) -> None:
        global _saved, _was_enabled
        if self in _running:
            return
        if not _running:
            gc.freeze()
            _saved = gc.get_threshold()
            gc.set_threshold(CAP, *_saved[1:])
            _was_enabled = gc.isenabled()
            gc.enable()  # off until the first frame (start_paused)
        _running.append(self)

    def input_seen(self) -> None:
        self._last_input = self.clock()

    def tick(self) -> int | None:
        """Called often (a timer): collect what is due if no key came for ``IDLE_S``."""
        if self.clock() - self._last_input < IDLE_S:
            return None
        return self.collect_due()

    def collect_due(self) -> int | None:
        """The collection Python's own thresholds call for now, if any (the
        generation collected). The oldest generation too, when due: waiting
        for a pause let the garbage of a walk through 1,000 articles with n
        (no pause) grow the app by 33 MB instead of 10."""
        thresholds = self._thresholds
        if thresholds is None:
            return None
        young, middle, old = thresholds
        count0, count1, count2 = gc.get_count()
        generation = 2 if 0 < old <= count2 else 1 if count1 >= middle else 0 if count0 >= young else None
        if generation is not None:
            gc.collect(generation)
        return generation

    def stop(self) -> None:
        global _saved
        if self not in _running:
            return
        _running.remove(self)
        if not _running and _saved is not None:
            gc.set_threshold(*_saved)
            _saved = None
            gc.unfreeze()
            if not _was_enabled:
                gc.disable()
