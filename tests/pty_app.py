"""Run ``zs-tui review`` in a pseudo-terminal, as a user's terminal would.

Used by tests/test_ui_kill.py and benchmarks/ui_bench.py.  Output is read
continuously (so the app never blocks on a full terminal buffer) and the
end of every frame is timed: the app is told that the terminal supports
synchronized output (mode 2026), so Textual wraps each screen update in
``ESC[?2026h`` ... ``ESC[?2026l``.
"""
from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
SYNC_END = b"\x1b[?2026l"


class AppTerminal:
    def __init__(self, db: str | Path | None, annotator: str = "ann", cols: int = 120, rows: int = 40,
                 cwd: str | Path | None = None, python: str = sys.executable) -> None:
        """``zs-tui review --db DB --annotator NAME``; with ``db=None`` bare ``zs-tui`` in ``cwd``;
        ``python``: the interpreter (a benchmark compares checkouts)."""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "NO_COLOR"}
        env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        self.started = time.perf_counter()
        args = [] if db is None else ["review", "--db", str(db), "--annotator", annotator]
        self.proc = subprocess.Popen(
            [python, "-m", "zs_tui.cli", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.frames: list[float] = []  # perf_counter() at the end of each frame
        self.last_output = self.started
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        tail = b""
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            now = time.perf_counter()
            seen = tail + data
            if SYNC_QUERY in seen and SYNC_QUERY not in tail:
                os.write(self.master, SYNC_SUPPORTED)
            with self._lock:
                self.output += data
                self.last_output = now
                self.frames.extend([now] * (seen.count(SYNC_END) - tail.count(SYNC_END)))
            tail = data[-16:]

    def wait_for_output(self, marker: bytes, timeout: float = 30) -> float:
        """Wait until ``marker`` was written; returns when (perf_counter)."""
        end = time.monotonic() + timeout
        while marker not in self.output:
            if time.monotonic() > end or self.proc.poll() is not None:
                raise AssertionError(f"no {marker!r} on screen; output ends {bytes(self.output[-400:])!r}")
            time.sleep(0.005)
        return self.last_output

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def press_and_settle(self, key: str, quiet: float = 0.03, timeout: float = 5) -> float:
        """Press a key; return the seconds until the last frame it caused
        (no further frame for ``quiet`` seconds)."""
        with self._lock:
            n0 = len(self.frames)
        t0 = time.perf_counter()
        self.send(key)
        end = t0 + timeout
        while True:
            time.sleep(0.001)
            now = time.perf_counter()
            with self._lock:
                frames = self.frames[n0:]
            if frames and now - frames[-1] >= quiet:
                return frames[-1] - t0
            if now > end:
                raise AssertionError(f"no frame within {timeout}s of {key!r}")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)
