"""``zs-tui merge OTHER.db``: bring in another database's sessions, events and
annotator layers for the articles both hold (zs_tui/storage/merge.py)."""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_db, fail, open_store, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="bring in another database's sessions, events and layers for the same articles")
    add_db(p)
    p.add_argument("other", metavar="OTHER.db", help="the database to merge from (it is only read)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..storage import SchemaError, StoreError
    from ..storage.merge import open_other

    other = Path(args.other)
    if not other.is_file():
        return fail(f"no database at {other}; nothing was merged")
    if Path(args.db).exists() and other.resolve() == Path(args.db).resolve():
        return fail(f"{other} is the database itself; nothing was merged")
    store = open_store(args.db, create=False)
    if store is None:
        return 2
    with store:
        try:
            conn, closer = open_other(other)
        except (SchemaError, StoreError) as e:
            return fail(f"{e}; nothing was merged")
        try:
            res = store.merge_from(conn, str(other))
        except StoreError as e:
            return fail(str(e))
        finally:
            closer.close()
    missing = f"; {res.missing_articles} article(s) of {other} are not in {args.db} and were left out" \
        if res.missing_articles else ""
    say(f"merged {other} into {args.db}: {res.layers} layer(s), {res.events} event(s), "
        f"{res.sessions} session(s){missing}")
    return 0
