"""``zs-tui config [NAME [VALUE]]``: show or set the database's settings.

``overlap``: the share of articles (0 to 1) that two annotators get, like
Prodigy's feed overlap (see ``Store.next_for``).
"""
from __future__ import annotations

import argparse

from .common import add_db, fail, open_store, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="show or set the database's settings (overlap)")
    add_db(p)
    p.add_argument("name", nargs="?", help="setting to show or set (overlap)")
    p.add_argument("value", nargs="?", help="new value")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..storage import StoreError

    store = open_store(args.db, create=False, read_only_ok=args.value is None)
    if store is None:
        return 2
    with store:
        try:
            if args.value is not None:
                store.set_setting(args.name, args.value)
                say(f"{args.name} = {store.setting(args.name)} in {args.db}")
            elif args.name is not None:
                say(f"{args.name} = {store.setting(args.name)}")
            else:
                for k, v in store.settings().items():
                    say(f"{k} = {v}")
        except (KeyError, StoreError) as e:
            return fail(f"{e.args[0] if e.args else e}; nothing was changed")
    return 0
