"""``zs-tui adjudicate``: the adjudication app (zs_tui.ui.adjudicate_screen) on
the session ``zs_tui.review.adjudication.open_adjudication`` starts."""
from __future__ import annotations

import click

from zs_tui.review.actions import TAKE_KEYS

from .options import db_option


@click.command("adjudicate", help=(
    "Walk the articles two or more annotators finished differently, each version side by side, and make "
    f"the adjudicated layer: {TAKE_KEYS[0][1]}/{TAKE_KEYS[1][1]} take version A's or B's spans for the "
    f"current disagreement, {TAKE_KEYS[0][2]}/{TAKE_KEYS[1][2]} the whole article, the review keys edit, "
    "d done and on to the next."))
@db_option()
@click.option("--adjudicator", default=None, metavar="NAME",
              help="name recorded with every adjudication event (default: login name)")
@click.option("--labels", default=None, metavar="FILE", help="JSON label set replacing the default nine labels")
def command(db: str, adjudicator: str | None, labels: str | None) -> int:
    from zs_tui.output import say
    from zs_tui.review.adjudication import NothingToAdjudicate, open_adjudication

    try:
        with open_adjudication(db, adjudicator, labels) as session:
            from zs_tui.ui.adjudicate_screen import AdjudicateApp

            app = AdjudicateApp(session)
            app.run()
    except NothingToAdjudicate as e:
        say(str(e))
        return 0
    if app.return_code:
        from zs_tui.errors import ZsError

        raise ZsError("the adjudication app stopped on an error; every action before it was saved", exit_code=1)
    return 0
