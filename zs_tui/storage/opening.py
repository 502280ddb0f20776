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


def database_stats(path: str | Path) -> dict[str, Any]:
    """``zs-tui stats``: articles by status and script, spans per label, sessions, events."""
    with open_db(path, read_only_ok=True) as store:
        return store.stats()
