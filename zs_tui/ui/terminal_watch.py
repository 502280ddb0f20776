"""Notice that the review app's terminal is gone, and say so once.

A terminal can go away two ways: a hangup signal (the window closed, an SSH
connection dropped), or its far end closing with no signal at all (the
process started in its own session, SIGHUP ignored as under ``nohup``, a
pseudo-terminal's master closed by the program that held it).  In the second
case Textual's input thread reads end-of-file forever and the app spins a
core for as long as it lives, with nobody to type ``q``.  Both are turned
into one callback on the app's event loop, so the app leaves the way ``q``
does: every acknowledged action is already committed, a key kept for a busy
database is retried, the session is closed.
"""
from __future__ import annotations

import asyncio
import select
import signal
import sys
import threading
from collections.abc import Callable

# poll() reports these whatever events were asked for; asking for none means
# the watching thread never wakes on ordinary keys.
_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL if hasattr(select, "poll") else 0


class TerminalWatch:
    def __init__(self, on_lost: Callable[[str], None], fd: int | None = None) -> None:
        """``on_lost(reason)`` runs on the event loop of ``start()``, at most once."""
        self._on_lost = on_lost
        self._fd = (sys.__stdin__.fileno() if sys.__stdin__ is not None else 0) if fd is None else fd
        self._stop = threading.Event()
        self._fired = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._signal = False

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        if hasattr(signal, "SIGHUP"):
            try:
                # Also replaces an inherited SIG_IGN (nohup): without a terminal
                # the app can do nothing but spin.
                loop.add_signal_handler(signal.SIGHUP, self._lost, "hangup signal (SIGHUP)")
                self._signal = True
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                pass
        if _GONE:
            threading.Thread(target=self._watch, name="terminal-watch", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self._signal and self._loop is not None and not self._loop.is_closed():
            self._loop.remove_signal_handler(signal.SIGHUP)
            self._signal = False

    def _watch(self) -> None:
        poller = select.poll()
        poller.register(self._fd, 0)
        while not self._stop.is_set():
            if any(ev & _GONE for _, ev in poller.poll(500)):
                loop = self._loop
                if loop is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(self._lost, "terminal closed (end of input, no hangup signal)")
                return

    def _lost(self, reason: str) -> None:
        if self._fired or self._stop.is_set():
            return
        self._fired = True
        self._on_lost(reason)


# 128 + SIGHUP: what a shell reports for a job whose terminal hung up.
TERMINAL_LOST_CODE = 129


def tell(message: str) -> None:
    """Write a closing message where someone may read it: stderr, else stdout
    (``zs-tui review > review.log``, nohup's nohup.out) when stderr was the
    lost terminal.  Unbuffered, so nothing is left to fail at interpreter exit."""
    import os

    data = (message.rstrip("\n") + "\n").encode("utf-8", "backslashreplace")
    for fd in (2, 1):
        try:
            os.write(fd, data)
            return
        except OSError:
            continue
