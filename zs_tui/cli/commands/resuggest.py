"""``zs-tui resuggest``: the CLI of ``zs_tui.suggest.use_cases.resuggest`` and, with
``--pending``, of ``zs_tui.ingest.background.suggest_pending``."""
from __future__ import annotations

import click

from .options import cores_jobs_option, db_option


@click.command("resuggest")
@db_option()
@cores_jobs_option
@click.option("--all", "every", is_flag=True, help="also refresh articles already at the current version")
@click.option("--pending", is_flag=True,
              help="only articles an import left waiting for suggestions (interrupted or killed): go on with them")
def command(db: str, jobs: int | None, every: bool, pending: bool) -> int:
    """Refresh suggestions made by another suggester version.

    Only undecided (pending) suggested spans are replaced; spans a reviewer
    accepted, rejected or added stay as they are, and the new suggestions learn
    from every decision already in the database. With --pending: suggest the
    articles that wait for their first suggestions (see `zs-tui stats`)."""
    from zs_tui.errors import ZsError
    from zs_tui.output import progress, say

    if pending:
        if every:
            raise ZsError("--pending and --all pick different articles: give one of them")
        from zs_tui.ingest.background import suggest_pending
        from zs_tui.storage.opening import open_existing

        open_existing(db, f"no database at {db}").close()
        with progress("suggesting") as bar:
            say(suggest_pending(db, jobs=jobs, progress=bar).summary())
        return 0
    from zs_tui.ingest.background import default_jobs
    from zs_tui.suggest.use_cases import resuggest

    say(resuggest(db, jobs=jobs or default_jobs(), every=every).summary())
    return 0
