"""``zs-tui sessions``: list review sessions, or write one as a session file (JSONL)."""
from __future__ import annotations

import argparse
import sys

from ..safety import to_json
from .common import add_db, fail, open_store, out, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sessions", help="list review sessions; --export ID writes one as JSONL events")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--export", metavar="ID", default=None, help="write this session as a session file")
    p.add_argument("--output", "-o", default="-", metavar="FILE",
                   help="with --export: file to write, - for standard output (default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..output import is_database_file

    if args.export is not None and is_database_file(args.output, args.db):
        return fail(f"--output {args.output} is the database (or one of its files); "
                    "write the session to another file; nothing was written")
    store = open_store(args.db, create=False, read_only_ok=True)
    if store is None:
        return 2
    with store:
        if args.export is not None:
            return _export(store, args.export, args.output)
        sessions = store.sessions()
    if args.json:
        sys.stdout.write(to_json(sessions, indent=2) + "\n")
        return 0
    _print_table(sessions, str(args.db))
    return 0


def _export(store, session_id: str, output: str) -> int:  # noqa: ANN001
    from ..output import atomic_output, check_writable
    from ..session_file import write_session

    if store.session(session_id) is None:
        return fail(f"no session {session_id!r} in {store.path} (`zs-tui sessions --db {store.path}` lists them)")
    try:
        check_writable(output)
        with atomic_output(output) as fp:
            n = write_session(store, session_id, fp)
    except OSError as e:
        return fail(f"cannot write {output}: {e.strerror or e}; nothing was written")
    if output != "-":
        say(f"wrote session {session_id} ({n} event(s)) to {output}")
    return 0


def _print_table(sessions: list[dict], db: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..safety import for_cli

    if not sessions:
        say(f"{db}: no review session yet")
        return
    t = Table(title=Text(f"Sessions in {for_cli(db)} (times in UTC)"))
    # Ids, times and counts are what users read and copy into --export and
    # replay: they are never cut; the annotator and app version fold instead.
    t.add_column("id", no_wrap=True, min_width=max(len(for_cli(s["id"])) for s in sessions))
    t.add_column("annotator", overflow="fold")
    t.add_column("started", no_wrap=True)
    t.add_column("ended", no_wrap=True)
    t.add_column("articles", justify="right", no_wrap=True)
    t.add_column("actions", justify="right", no_wrap=True)
    t.add_column("app version", overflow="fold")
    for s in sessions:
        start, end = s["started_at"], s["ended_at"]
        # the end on the day it started shows the time only
        ended = "(open)" if not end else _when(end)[11:] if end[:10] == start[:10] else _when(end)
        # Every cell is Text: an annotator named "[/]" is a name, not markup.
        t.add_row(*(Text(for_cli(c)) for c in (s["id"], s["annotator"], _when(start), ended, s["articles"],
                                                s["actions"], s["app_version"])))
    out.print(t)


def _when(ts: str) -> str:
    """2024-05-01T09:30:12.345+00:00 -> 2024-05-01 09:30 (stored times are UTC)."""
    return ts[:16].replace("T", " ")
