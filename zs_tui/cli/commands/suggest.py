"""``zs-tui suggest PATH...``: the CLI of ``zs_tui.suggest.use_cases.suggest_paths``."""
from __future__ import annotations

import click

from .options import db_option, jobs_option, max_mb_option


@click.command("suggest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option(optional=True, help="learn from the decisions in this database")
@jobs_option
@max_mb_option
def command(paths: tuple[str, ...], db: str | None, jobs: int, max_mb: float) -> int:
    """Print suggestions as JSON lines ({"text", "spans", "meta"}); nothing is written.

    Exit code 1 when some PATH could not be read (the others are printed)."""
    from zs_tui.output import json_out, note
    from zs_tui.suggest.use_cases import suggest_paths

    res = suggest_paths(paths, db=db, jobs=jobs, max_mb=max_mb, report=note)
    for rec in res.records:
        json_out(rec)
    return 1 if res.problems else 0
