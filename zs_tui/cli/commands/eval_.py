"""``zs-tui eval GOLD.jsonl [--db DB | PATH...]``: the CLI of ``zs_tui.evaluate.evaluating.evaluate_suggestions``."""
from __future__ import annotations

import click

from .options import db_option, jobs_option, json_option


@click.command("eval")
@click.argument("gold", metavar="GOLD.jsonl")
@click.argument("paths", nargs=-1, metavar="[PATH...]")
@db_option(optional=True, help="score the suggestions stored in this database")
@jobs_option
@json_option(help="print the figures as JSON")
def command(gold: str, paths: tuple[str, ...], db: str | None, jobs: int, as_json: bool) -> int:
    """Per-label strict and boundary precision / recall / F1 of suggestions against a gold JSONL.

    Scored: the suggestions stored in --db, or the suggester run now on the
    PATHs, or (neither) on the gold texts themselves."""
    from zs_tui.evaluate.evaluating import evaluate_suggestions
    from zs_tui.evaluate.metrics import format_report
    from zs_tui.output import json_out, note, text_out

    res = evaluate_suggestions(gold, paths, db=db, jobs=jobs, report=note)
    if as_json:
        json_out(res)
    else:
        text_out(format_report(res))  # file names in the report are user text
    return 0
