"""Helpers shared by commands: the --db option, opening the store, errors."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from ..safety import for_cli, markup_free
from ..storage import DEFAULT_DB, SchemaError, Store

# soft_wrap: messages are not folded at 80 columns when piped, so a path in
# "imported N article(s) into PATH" stays whole for logs and scripts.
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database (default: ./{DEFAULT_DB})")


def fail(message: str, code: int = 2) -> int:
    # The message quotes paths, names and article text: never markup, never raw controls.
    err.print(f"[bold red]error:[/] {markup_free(message)}", markup=True, soft_wrap=True)
    return code


def say(message: object, to_err: bool = False) -> None:
    """Print a plain message (user text inside is escaped, never read as markup)."""
    (err if to_err else out).print(for_cli(message), markup=False, soft_wrap=True)


def open_store(path: str, create: bool = False, read_only_ok: bool = False) -> Store | None:
    """Open the database or print why not (returns None).

    ``read_only_ok``: a command that only reads (stats, export, sessions, eval)
    opens a database it may not write (read-only file, folder or media) read-only.
    """
    try:
        if read_only_ok and not create and not writable_db(path):
            return Store(path, create=False, readonly=True)
        return Store(path, create=create)
    except SchemaError as e:
        fail(str(e))
        return None


def writable_db(path: str | Path) -> bool:
    """Whether SQLite can write the database and its -wal/-shm beside it."""
    p = Path(path)
    if not p.exists():
        return True  # nothing to protect: Store reports what is missing
    folder = p.parent
    return os.access(p, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def seeds_dir() -> Path | None:
    """The built-in corpus: ./seeds, else the seeds/ beside the package source."""
    for cand in (Path.cwd() / "seeds", Path(__file__).resolve().parents[2] / "seeds"):
        if cand.is_dir() and any(cand.glob("*.txt")):
            return cand
    return None


def die_on_closed_stdout() -> None:
    # Piping into `head` must not print a traceback.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
