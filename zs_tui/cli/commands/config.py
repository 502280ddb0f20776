"""``zs-tui config [NAME [VALUE]]``: show or set the database's settings
(``zs_tui.storage.opening.database_settings`` / ``change_setting``).

``overlap``: the share of articles (0 to 1) that two annotators get, like
Prodigy's feed overlap (see ``Store.next_for``).
"""
from __future__ import annotations

import click

from .options import db_option


# A negative value (`config overlap -1`) is a value to refuse with the range
# check's message, not an unknown option.
@click.command("config", context_settings={"ignore_unknown_options": True})
@db_option()
@click.argument("name", required=False)
@click.argument("value", required=False)
def command(db: str, name: str | None, value: str | None) -> int:
    """Show the database's settings, one setting, or set one (overlap: the
    share of articles two annotators get, 0 to 1)."""
    from zs_tui.output import say
    from zs_tui.safety import for_cli
    from zs_tui.storage.opening import change_setting, database_settings

    if value is not None and name is not None:
        say(f"{name} = {change_setting(db, name, value)} in {for_cli(db)}")
        return 0
    for k, v in database_settings(db, name).items():
        say(f"{k} = {v}")
    return 0
