"""Opening a database for a use case: read-only when it only reads, refused with a ZsError."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import ZsError
from .store import Store


def open_db(path: str | Path, create: bool = False, read_only_ok: bool = False) -> Store:
    """Open the database (``SchemaError``, a ``ZsError``, says why it cannot be).

    ``read_only_ok``: a use case that only reads (stats, export, sessions, eval)
    opens a database it may not write (read-only file, folder or media) read-only.
    """
    if read_only_ok and not create and not writable_db(path):
        return Store(path, create=False, readonly=True)
    return Store(path, create=create)


def open_existing(path: str | Path, missing: str, hint: str | None = None) -> Store:
    """Open a database that must already be a file (``missing``: what to say if not)."""
    if not Path(path).is_file():
        raise ZsError(missing, hint)
    return open_db(path)


def writable_db(path: str | Path) -> bool:
    """Whether SQLite can write the database and its -wal/-shm beside it."""
    p = Path(path)
    if not p.exists():
        return True  # nothing to protect: Store reports what is missing
    folder = p.parent
    return os.access(p, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


REVIEW_NEEDS_WRITES = ("reviewing records every key in it; copy it somewhere writable "
                       "(stats, export and sessions read it as it is)")


def require_writable(path: str | Path, why: str | None = REVIEW_NEEDS_WRITES, prefix: str = "") -> None:
    """ZsError, before anything is done, if SQLite could not write the database."""
    if not writable_db(path):
        raise ZsError(f"{prefix}{path} is read-only (the file or its folder)" + (f": {why}" if why else ""))


def database_stats(path: str | Path) -> dict[str, Any]:
    """``zs-tui stats``: articles by status and script, spans per label, sessions, events."""
    with open_db(path, read_only_ok=True) as store:
        return store.stats()


def database_settings(path: str | Path, name: str | None = None) -> dict[str, Any]:
    """``zs-tui config [NAME]``: the database's settings (one, or all)."""
    with open_db(path, read_only_ok=True) as store:
        if name is None:
            return store.settings()
        try:
            return {name: store.setting(name)}
        except KeyError as e:
            raise ZsError(str(e.args[0])) from e


def change_setting(path: str | Path, name: str, value: str) -> Any:
    """``zs-tui config NAME VALUE``: set a setting; returns the value stored
    (a StoreError, and nothing changed, when the name or value is refused)."""
    with open_db(path) as store:
        try:
            store.set_setting(name, value)
        except ZsError as e:
            raise ZsError(f"{e.message}; nothing was changed", e.hint) from e
        return store.setting(name)


def merge_databases(path: str | Path, other: str | Path) -> Any:
    """``zs-tui merge OTHER``: bring in ``other``'s sessions, events and layers
    for the articles both hold (``storage/merge.py``); returns a MergeResult.
    One transaction: a conflict (MergeConflict) writes nothing."""
    from .merge import open_other

    other = Path(other)
    if not other.is_file():
        raise ZsError(f"no database at {other}; nothing was merged")
    if Path(path).exists() and other.resolve() == Path(path).resolve():
        raise ZsError(f"{other} is the database itself; nothing was merged")
    with open_db(path) as store:
        try:
            conn, closer = open_other(other)
        except ZsError as e:
            raise ZsError(f"{e.message}; nothing was merged", e.hint) from e
        try:
            return store.merge_from(conn, str(other))
        finally:
            closer.close()
