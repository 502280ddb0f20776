"""Run ``zs-tui review`` in a pseudo-terminal, as a user's terminal would.

Used by tests/functional/test_ui_kill.py and benchmarks/ui_bench.py.  Output is read
continuously (so the app never blocks on a full terminal buffer) and the
end of every frame is timed: the app is told that the terminal supports
synchronized output (mode 2026), so Textual wraps each screen update in
``ESC[?2026h`` ... ``ESC[?2026l``.
"""
from __future__ import annotations

import fcntl
import os
import pty
import select
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


def cpu_wait(pid: int) -> float:
    """Seconds the process's threads spent runnable but waiting for a CPU
    (Linux schedstat run delay; 0 where that is not known)."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0.0
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                total += int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


class Deadline:
    """``seconds`` of time process ``pid`` could have run.  The time it spent
    waiting for a CPU is added: on a machine shared by many test runs a
    process can be kept off the CPU for minutes, and that is no hang; a
    process that hangs (blocked, or spinning) still runs out in ``seconds``.
    Never more than ``cap`` times ``seconds`` of wall time."""

    def __init__(self, pid: int, seconds: float, cap: float = 20) -> None:
        self.pid = pid
        self.start = time.monotonic()
        self.seconds = seconds
        self.cap = cap
        self.base = cpu_wait(pid)
        self.starved = 0.0

    def passed(self) -> bool:
        self.starved = max(self.starved, cpu_wait(self.pid) - self.base)  # threads that ended take theirs away
        waited = time.monotonic() - self.start
        return waited > self.seconds + self.starved or waited > self.seconds * self.cap

    def __str__(self) -> str:
        return f"{time.monotonic() - self.start:.1f} s, {self.starved:.1f} s of it waiting for a CPU"


def wait_exit(proc: subprocess.Popen, seconds: float) -> int:
    """``proc.wait`` with a Deadline: its exit code, AssertionError if it never ends."""
    deadline = Deadline(proc.pid, seconds)
    while proc.poll() is None:
        if deadline.passed():
            raise AssertionError(f"process {proc.args!r} still running after {deadline}")
        time.sleep(0.02)
    return proc.returncode


class AppTerminal:
    def __init__(self, db: str | Path | None, annotator: str = "ann", cols: int = 120, rows: int = 40,
                 cwd: str | Path | None = None, stdout: int | None = None,
                 python: str = sys.executable, args: list[str] | None = None) -> None:
        """``zs-tui review --db DB --annotator NAME``; with ``db=None`` bare ``zs-tui`` in ``cwd``;
        ``stdout``: a file descriptor instead of the terminal (``zs-tui review > log``);
        ``python``: the interpreter (a benchmark compares checkouts); ``args``: another
        command line (``["adjudicate", "--db", DB]``)."""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "NO_COLOR"}
        env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        self.started = time.perf_counter()
        if args is None:
            args = [] if db is None else ["review", "--db", str(db), "--annotator", annotator]
        self.proc = subprocess.Popen(
            [python, "-m", "zs_tui.cli", *args],
            stdin=slave, stdout=slave if stdout is None else stdout, stderr=slave, env=env, cwd=cwd, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.frames: list[float] = []  # perf_counter() at the end of each frame
        self.last_output = self.started
        self._lock = threading.Lock()
        self._hanging_up = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        tail = b""
        while not self._hanging_up.is_set():
            try:
                # Not blocked in read(): closing the master while another thread
                # reads it would leave the terminal open until output came.
                if not select.select([self.master], [], [], 0.05)[0]:
                    continue
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
        """Wait until ``marker`` was written (``timeout``: see Deadline); returns when (perf_counter)."""
        deadline = Deadline(self.proc.pid, timeout)
        while marker not in self.output:
            if deadline.passed() or self.proc.poll() is not None:
                raise AssertionError(f"no {marker!r} on screen after {deadline}; "
                                     f"output ends {bytes(self.output[-400:])!r}")
            time.sleep(0.005)
        return self.last_output

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def frame_count(self) -> int:
        """Frames drawn so far."""
        with self._lock:
            return len(self.frames)

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

    def hang_up(self) -> None:
        """The terminal goes away with no signal: its master end is closed."""
        self._hanging_up.set()
        self._reader.join(timeout=5)
        os.close(self.master)
        self.master = -1

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        if self.master >= 0:
            os.close(self.master)
