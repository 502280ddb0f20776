"""The review app in a browser (``zs-tui serve``), over textual-serve.

textual-serve runs one process per browser tab: each websocket that connects
starts ``child_command()`` (the review app with ``--ask-annotator``, so every
tab asks who is reviewing) and relays its screen and keys. Everything a tab
does is a separate review session on the same database, exactly as if that
person had opened ``zs-tui review`` in their own terminal.

Process handling, so that no review app outlives the server:

- the child is ``exec``'d by textual-serve's shell, so it is the server's own
  child and not a grandchild behind ``sh``;
- on Linux the child asks the kernel for SIGTERM when the server dies, even
  by SIGKILL (``die_with_parent``); Textual's web driver turns SIGTERM and
  SIGINT into a clean exit that ends the session;
- on Ctrl+C / SIGTERM the server asks every tab's app to quit and waits for
  its process to end before exiting (textual-serve alone would wait for the
  browsers to hang up, and counts a tab finished when its output closes);
- a tab's process ends as soon as its app has: asyncio would otherwise wait
  for the app's worker threads (the suggester loading its dictionaries for
  seconds), though they hold nothing that needs saving (``child_main``).

Run as ``python -m zs_tui.cli.browser REVIEW-ARGS...`` this module is the child.
"""
from __future__ import annotations

import asyncio
import errno
import os
import shlex
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from zs_tui.defaults import DEFAULT_HOST, DEFAULT_PORT
from zs_tui.errors import ZsError

PARENT_ENV = "ZS_TUI_SERVE_PARENT"  # the server's pid, for the child's death signal
QUIT_WAIT_S = 10.0  # how long a stopping server waits for the tabs' apps to save and quit
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ServeError(ZsError):
    """The server cannot start (bad port, port in use, unusable database); nothing was changed."""


def check_address(host: str, port: int) -> None:
    """ServeError unless ``host:port`` can be listened on now.

    Checked before the server starts so that a port in use is one clear line,
    not a traceback after the banner."""
    if not 1 <= port <= 65535:
        raise ServeError(f"--port {port}: a port is a number from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise ServeError(f"--host {host!r}: not an address of this machine ({e.strerror})") from e
    family, kind, proto, _name, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds: a port in TIME_WAIT is free
        try:
            s.bind(addr)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is in use by another program: "
                                 "stop it or choose another with --port") from e
            if e.errno == errno.EACCES:
                raise ServeError(f"port {port} needs special rights on this machine: choose one above 1023") from e
            if e.errno == errno.EADDRNOTAVAIL:
                raise ServeError(f"--host {host!r}: not an address of this machine") from e
            raise ServeError(f"cannot listen on {host}:{port}: {e.strerror}") from e


def check_database(db: str | Path) -> Path:
    """The database's absolute path, once it opens (and is migrated) as a zs_tui
    database: every tab would otherwise fail on its own, one by one."""
    from zs_tui.storage import SchemaError, Store, StoreError
    from zs_tui.storage.opening import require_writable

    require_writable(db)
    path = Path(db).resolve()
    try:
        Store(path, create=False).close()
    except (SchemaError, StoreError) as e:
        raise ServeError(str(e)) from e
    return path


def child_command(db: Path) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "zs_tui.cli.browser", "--db", str(db), "--ask-annotator"]
    return "exec " + shlex.join(argv)


def public_url(host: str, port: int) -> str:
    """The address the page tells the browser to connect back to: a wildcard
    host is no address a browser can reach, so the machine's name stands in."""
    shown = socket.getfqdn() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def make_server(db: Path, host: str, port: int) -> Any:
    """The textual-serve server of the review app on ``db`` (imported here:
    aiohttp is not loaded by the other commands)."""
    from textual_serve.server import Server

    class ReviewServer(Server):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(child_command(db), host=host, port=port, title="zs_tui review",
                             public_url=public_url(host, port))
            self.tabs: set[asyncio.Task[Any]] = set()

        async def on_startup(self, app: Any) -> None:
            self.console.print(f"serving the review app on {db} at {self.public_url}", markup=False, highlight=False)
            self.console.print("each browser tab asks for its annotator's name; Ctrl+C stops the server",
                               markup=False, highlight=False)

        async def handle_websocket(self, request: Any) -> Any:
            task = asyncio.current_task()
            assert task is not None
            self.tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.tabs.discard(task)

        async def on_shutdown(self, app: Any) -> None:
            # Cancelling a tab's handler makes textual-serve send its app "quit":
            # the app closes its session and its process ends.
            tabs = list(self.tabs)
            for task in tabs:
                task.cancel()
            if tabs and not sys.platform.startswith("linux"):  # children cannot be listed: wait for the handlers
                await asyncio.wait(tabs, timeout=QUIT_WAIT_S)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + QUIT_WAIT_S
            while live_children() and loop.time() < deadline:
                await asyncio.sleep(0.05)
            for pid in live_children():  # an app that would not quit: the server does not leave it behind
                os.kill(pid, signal.SIGKILL)
            # What is left of a handler is the websocket's closing handshake
            # (up to 10 s with a browser that went away): not worth waiting for.
            for task in tabs:
                task.cancel()
            if tabs:
                await asyncio.wait(tabs, timeout=1.0)

    return ReviewServer()


def live_children() -> list[int]:
    """This process's children that have not exited (Linux; elsewhere none are known)."""
    me, out = os.getpid(), []
    try:
        procs = [d for d in Path("/proc").iterdir() if d.name.isdigit()]
    except OSError:
        return []
    for d in procs:
        try:
            state, ppid = (d / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        if int(ppid) == me and state != "Z":
            out.append(int(d.name))
    return out


def serve(db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the review app until Ctrl+C or SIGTERM (ServeError if it cannot start)."""
    path = check_database(db)
    check_address(host, port)
    os.environ[PARENT_ENV] = str(os.getpid())  # textual-serve passes the environment on to each tab
    server = make_server(path, host, port)
    server.serve()


def die_with_parent() -> None:
    """In a tab's process: be sent SIGTERM when the server dies (Linux)."""
    parent = os.environ.get(PARENT_ENV)
    if not parent or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the server's own shutdown still stops the tab
        return
    if str(os.getppid()) != parent:  # the server died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


class _NoWaitPolicy(asyncio.DefaultEventLoopPolicy):
    """Event loops whose default executor is not waited for when they close."""

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        from concurrent.futures import ThreadPoolExecutor

        class NoWait(ThreadPoolExecutor):
            def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
                super().shutdown(wait=False, cancel_futures=cancel_futures)

        loop = super().new_event_loop()
        loop.set_default_executor(NoWait(thread_name_prefix="asyncio"))
        return loop


def child_main(argv: list[str]) -> int:
    """One browser tab: the review app, asking for the annotator's name."""
    die_with_parent()
    from . import main

    asyncio.set_event_loop_policy(_NoWaitPolicy())
    code = main(["review", *argv])
    # Every decision is committed and the session closed: the threads still
    # running (a suggester loading) are not waited for.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
