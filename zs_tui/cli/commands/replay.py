"""``zs-tui replay SESSION_ID_OR_FILE --into OTHER.db [--db SOURCE.db]``: the CLI of
``zs_tui.sessions.replay.replay_session`` (see zs_tui/sessions/replay.py for how articles, spans
and undo/redo are matched)."""
from __future__ import annotations

import click

from .options import db_option


@click.command("replay")
@click.argument("session", metavar="SESSION_ID_OR_FILE")
@click.option("--into", required=True, metavar="OTHER.db", help="the database to apply the session to")
@db_option()
def command(session: str, into: str, db: str) -> int:
    """Re-apply a recorded session (a session file, or a session id in --db) onto another database.

    One transaction: any divergence is reported (exit code 1) and nothing is written."""
    from zs_tui.output import say
    from zs_tui.sessions.replay import replay_session

    say(replay_session(session, into, db).summary())
    return 0
