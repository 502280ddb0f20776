"""``zs-tui replay SESSION_ID_OR_FILE --into OTHER.db [--db SOURCE.db]``.

Re-applies a recorded review session (a session file, or a session id of
the --db database) onto another database holding the same articles, in one
transaction: any divergence is reported and nothing is written.  See
zs_tui/replay.py for how articles, spans and undo/redo are matched.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..storage import Store, StoreError
from .common import add_db, fail, open_store, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="re-apply a recorded session onto another database")
    p.add_argument("session", metavar="SESSION_ID_OR_FILE",
                   help="a session file (zs-tui sessions --export) or a session id in --db")
    p.add_argument("--into", required=True, metavar="OTHER.db", help="the database to apply the session to")
    add_db(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..replay import ReplayError, replay

    got = _load(args)
    if isinstance(got, int):
        return got
    header, events = got
    if not events:
        say(f"session {header['id']} has no events: nothing to replay")
        return 0
    store = _existing(args.into, f"no database at {args.into}")
    if store is None:
        return 2
    with store:
        try:
            res = replay(store, header, events)
        except ReplayError as e:
            return fail(str(e), code=1)
        except StoreError as e:  # disk full or busy: the one transaction was undone
            return fail(f"nothing replayed: {e}")
    say(f"replayed {res.events} event(s) on {res.articles} article(s) of session {header['id']} "
        f"({header['annotator']}) into {args.into} as session {res.session_id}")
    return 0


def _existing(path: str, missing: str) -> Store | None:
    """Open a database that must already exist (None: the reason was printed)."""
    if not Path(path).is_file():
        fail(missing)
        return None
    return open_store(path, create=False)


def _load(args: argparse.Namespace) -> tuple[dict, list[dict]] | int:
    """The session's header and events, from a file or from --db."""
    from ..session_file import SessionFileError, read_session, session_events, session_header

    path = Path(args.session)
    if path.is_file():
        try:
            return read_session(path)
        except SessionFileError as e:
            return fail(str(e))
    src = _existing(args.db, f"{args.session} is not a session file, and there is no database {args.db} to find it in")
    if src is None:
        return 2
    with src:
        header = session_header(src, args.session)
        if header is None:
            return fail(f"{args.session} is neither a session file nor a session id in {args.db} "
                        f"(`zs-tui sessions --db {args.db}` lists them)")
        if Path(args.into).exists() and Path(args.into).resolve() == Path(args.db).resolve():
            return fail("--into is the database the session comes from; replay it into another one")
        return header, list(session_events(src, args.session))
