"""Writing a command's output file all or nothing.

A file is written under a temporary name in its own folder and renamed over
the target only once everything is written, so an error or an interrupt
never leaves a truncated export (an existing file stays as it was).  ``-``
is standard output, always as UTF-8 whatever the locale says.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

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
