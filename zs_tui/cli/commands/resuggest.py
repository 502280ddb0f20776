"""``zs-tui resuggest``: the CLI of ``zs_tui.suggest.use_cases.resuggest``."""
from __future__ import annotations

import click

from .options import db_option, jobs_option


@click.command("resuggest")
@db_option()
@jobs_option
@click.option("--all", "every", is_flag=True, help="also refresh articles already at the current version")
def command(db: str, jobs: int, every: bool) -> int:
    """Refresh suggestions made by another suggester version.

    Only undecided (pending) suggested spans are replaced; spans a reviewer
    accepted, rejected or added stay as they are, and the new suggestions learn
    from every decision already in the database."""
    from zs_tui.output import say
    from zs_tui.suggest.use_cases import resuggest

    say(resuggest(db, jobs=jobs, every=every).summary())
    return 0
