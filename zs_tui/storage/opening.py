"""Opening a database for a use case: read-only when it only reads, refused with a ZsError."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import ZsError
from .base import connect_readonly
from .schema import OlderSchemaError, SchemaError, migrating_a_copy_of
from .store import Store


def open_db(path: str | Path, create: bool = False, read_only_ok: bool = False) -> Store:
    """Open the database (``SchemaError``, a ``ZsError``, says why it cannot be).

    ``read_only_ok``: a use case that only reads (stats, config, export,
    sessions, eval, agreement): see ``open_for_reading``.
    """
    if read_only_ok and not create:
        return open_for_reading(path)
    return Store(path, create=create)


def open_for_reading(path: str | Path) -> Store:
    """The database for a use case that only reads, which never changes it.

    Where SQLite cannot write it (read-only file, folder or media) it is opened
    read-only.  A database of an older schema is read through a migrated
    temporary copy: migrating the file itself would lock out a colleague still
    on the version that wrote it, and a read command has no business doing so.
    """
    p = Path(path)
    try:
        Store(p, create=False, readonly=True).close()
    except OlderSchemaError:
        return migrated_copy(p)
    except SchemaError:
        if not writable_db(p):
            raise
        # Let the ordinary open say what is wrong in its own words.
    if not writable_db(p):
        return Store(p, create=False, readonly=True)
    return Store(p, create=False)


def migrated_copy(path: str | Path) -> Store:
    """A Store over a temporary copy of ``path`` (a consistent snapshot, what
    other processes have committed included) migrated to this schema; the
    copy is removed when the Store is closed, and ``path`` is never written."""
    import tempfile

    p = Path(path)
    tmp = tempfile.TemporaryDirectory(prefix="zs_tui_read_")
    copy = Path(tmp.name) / p.name
    try:
        src = connect_readonly(p)
        try:
            dst = sqlite3.connect(str(copy))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        with migrating_a_copy_of(p):
            store = Store(copy, create=False)
    except sqlite3.Error as e:
        tmp.cleanup()
        raise SchemaError(f"cannot read {p} through a migrated copy in {tempfile.gettempdir()}: {e}; "
                          f"{p} was not changed") from e
    except BaseException:
        tmp.cleanup()
        raise
    store.path = p  # what messages and results name: the database the user gave
    store.on_close.append(tmp.cleanup)
    return store


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
