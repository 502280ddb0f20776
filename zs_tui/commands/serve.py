"""``zs-tui serve``: the review app in a browser (logic in zs_tui/serve.py)."""
from __future__ import annotations

import argparse

from .common import add_db, fail, writable_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..serve import DEFAULT_HOST, DEFAULT_PORT

    p = sub.add_parser("serve", help="serve the review app to web browsers (each tab asks for its annotator)")
    add_db(p)
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default: {DEFAULT_HOST}, this machine only: the app has no "
                        "login and writes to the database, so anyone who can reach the port can review as "
                        "any name; give 0.0.0.0 only on a network you trust)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default: {DEFAULT_PORT})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..serve import ServeError, serve

    if not writable_db(args.db):
        return fail(f"{args.db} is read-only (the file or its folder): reviewing records every key in it")
    try:
        serve(args.db, args.host, args.port)
    except ServeError as e:
        return fail(str(e))
    return 0
