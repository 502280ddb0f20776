"""``zs-tui sessions``: the CLI of ``zs_tui.sessions.session_file.list_sessions`` / ``export_session``."""
from __future__ import annotations

from typing import Any

import click

from .options import db_option, json_option, output_option


@click.command("sessions")
@db_option()
@json_option(help="print the list as JSON")
@click.option("--export", "export_id", metavar="ID", default=None, help="write this session as a session file")
@output_option(help="with --export: file to write, - for standard output (default)")
def command(db: str, as_json: bool, export_id: str | None, output: str) -> int:
    """List review sessions (id, annotator, start, end, articles touched, actions); --export ID writes one."""
    from zs_tui.output import json_out, say
    from zs_tui.sessions.session_file import export_session, list_sessions

    if export_id is not None:
        n = export_session(db, export_id, output)
        if output != "-":
            say(f"wrote session {export_id} ({n} event(s)) to {output}")
        return 0
    sessions = list_sessions(db)
    if as_json:
        json_out(sessions, indent=2)
    else:
        _print_table(sessions, str(db))
    return 0


def _print_table(sessions: list[dict[str, Any]], db: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from zs_tui.output import say, show
    from zs_tui.safety import for_cli

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
    show(t)


def _when(ts: str) -> str:
    """2024-05-01T09:30:12.345+00:00 -> 2024-05-01 09:30 (stored times are UTC)."""
    return ts[:16].replace("T", " ")
