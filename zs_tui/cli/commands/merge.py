"""``zs-tui merge OTHER.db``: the CLI of ``zs_tui.storage.opening.merge_databases``
(another database's sessions, events and annotator layers for the articles
both hold; see zs_tui/storage/merge.py)."""
from __future__ import annotations

import click

from .options import db_option


@click.command("merge")
@db_option()
@click.argument("other", metavar="OTHER.db")
def command(db: str, other: str) -> int:
    """Bring in OTHER.db's sessions, events and layers for the same articles
    (matched by the sha256 of their text). OTHER.db is only read; merging
    twice adds nothing; one annotator with two diverging histories is refused
    and nothing is written."""
    from zs_tui.output import say
    from zs_tui.safety import for_cli
    from zs_tui.storage.opening import merge_databases

    res = merge_databases(db, other)
    missing = (f"; {res.missing_articles} article(s) of {for_cli(other)} are not in {for_cli(db)} and were left out"
               if res.missing_articles else "")
    say(f"merged {for_cli(other)} into {for_cli(db)}: {res.layers} layer(s), {res.events} event(s), "
        f"{res.sessions} session(s){missing}")
    return 0
