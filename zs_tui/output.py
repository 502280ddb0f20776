"""Everything a command shows the user, and the files it writes.

The terminal: ``say`` (a message on standard output, or standard error with
``to_err``), ``note`` (progress and warnings, standard error), ``error`` (a
``ZsError``, printed once by the CLI), ``json_out`` / ``text_out`` (what
scripts read) and ``show`` (Rich tables).  User text inside is never read as
markup and never reaches the terminal with its control characters
(``zs_tui/safety.py``).  Rich is imported on first use, so importing this
module costs nothing at start-up.

Files: a file is written under a temporary name in its own folder and
renamed over the target only once everything is written, so an error or an
interrupt never leaves a truncated export (an existing file stays as it
was).  ``-`` is standard output, always as UTF-8 whatever the locale says.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .errors import ZsError


@cache
def _console(to_err: bool) -> Console:
    from rich.console import Console

    # soft_wrap: messages are not folded at 80 columns when piped, so a path in
    # "imported N article(s) into PATH" stays whole for logs and scripts.
    return Console(stderr=to_err, highlight=False, soft_wrap=True)


def say(message: object, to_err: bool = False) -> None:
    """Print a plain message (user text inside is escaped, never read as markup)."""
    from .safety import for_cli

    _console(to_err).print(for_cli(message), markup=False, soft_wrap=True)


def note(message: object) -> None:
    """Progress, warnings and what was skipped: standard error, beside the results."""
    say(message, to_err=True)


def error(e: ZsError) -> None:
    """The one way an error reaches the user: ``error: MESSAGE (HINT)`` on standard error."""
    from .safety import markup_free

    # The message quotes paths, names and article text: never markup, never raw controls.
    _console(True).print(f"[bold red]error:[/] {markup_free(str(e))}", markup=True, soft_wrap=True)


def json_out(data: Any, indent: int | None = None) -> None:
    """One JSON document (or line) on standard output, controls as ``\\u`` escapes."""
    from .safety import to_json

    sys.stdout.write(to_json(data, indent=indent) + "\n")


def text_out(text: str) -> None:
    """A report scripts may parse, as plain text (user text inside escaped)."""
    from .safety import for_cli

    sys.stdout.write(for_cli(text) + "\n")


@contextmanager
def progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress report for long work, as ``update(done, total)``: a Rich bar
    on standard error when it is a terminal, else a plain line at every tenth
    (logs and pipes get no control sequences)."""
    if not _console(True).is_terminal:
        shown = [-1]

        def line(done: int, total: int) -> None:
            tenth = done * 10 // total if total else 10
            if tenth != shown[0]:
                shown[0] = tenth
                note(f"{what}: {done}/{total}")

        yield line
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # Drawn from the first report on: what comes before (storing) prints its own lines.
    bar: list[Progress] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TimeRemainingColumn(), console=_console(True)))
            bar[0].start()
            bar[0].add_task(what, total=total)
        bar[0].update(bar[0].task_ids[0], completed=done, total=total)

    try:
        yield update
    finally:
        if bar:
            bar[0].stop()


def show(renderable: RenderableType) -> None:
    """A Rich renderable (a table) on standard output; its cells are the caller's ``Text``."""
    _console(False).print(renderable)

DB_COMPANIONS = ("", "-wal", "-shm", "-journal")


def is_database_file(path: str, db: str | Path) -> bool:
    """Whether ``path`` names the database ``db`` or one of its companion files
    (-wal, -shm, -journal), by name or through a link: writing there would
    replace the database with an export."""
    if path == "-":
        return False
    target = Path(path)
    for suffix in DB_COMPANIONS:
        other = Path(f"{db}{suffix}")
        try:
            if target.resolve() == other.resolve():
                return True
            if target.exists() and other.exists() and target.samefile(other):
                return True
        except OSError:
            continue
    return False


def check_writable(path: str) -> None:
    """Refuse a target that cannot be written before any work is done (raises OSError)."""
    if path == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "is a directory", str(target))
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, f"folder {folder} does not exist", str(target))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(13, f"folder {folder} is not writable", str(target))


@contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    if path == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a replaced sys.stdout that takes text only
            yield sys.stdout
            return
        out = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
        try:
            yield out
            out.flush()
        finally:
            out.detach()  # leave sys.stdout open for whoever prints next
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    # mkstemp makes the file private (0600); an export should get the
    # permissions any new file would get, or keep those of the file it replaces.
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
