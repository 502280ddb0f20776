"""``zs-tui export``: the CLI of ``zs_tui.export.exporting.export_gold``.

Formats: ``jsonl`` (spaCy / Prodigy: text, spans, meta, answer, hashes),
``doccano`` (text, label triples) and ``conll`` (one character per line,
``--scheme bio|bmes``); see zs_tui/export/.
"""
from __future__ import annotations

import click

from zs_tui.defaults import FORMATS, SCHEMES, STATUSES

from .options import db_option, output_option


@click.command("export")
@db_option()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", help="output format (default jsonl)")
@click.option("--scheme", type=click.Choice(SCHEMES), default=None, help="conll tags: bio (default) or bmes")
@output_option()
@click.option("--status", type=click.Choice((*STATUSES, "any")), default="done",
              help="articles with this status (default done); any: every article")
@click.option("--annotator", default=None, metavar="NAME", help="only articles marked done by this annotator")
@click.option("--layer", default=None, metavar="adjudicated|NAME",
              help="whose spans and status: an annotator's layer or the adjudicated one (default: the "
                   "adjudicated layer if there is one, else the only annotator's)")
def command(db: str, fmt: str, scheme: str | None, output: str, status: str, annotator: str | None,
            layer: str | None) -> int:
    """Write the gold set: accepted spans of the articles with --status, whole or not at all.

    Pending suggestions are never exported, whatever the status."""
    from zs_tui.export.exporting import export_gold
    from zs_tui.output import say

    res = export_gold(db, output, fmt, scheme, status, annotator, layer)
    say(res.summary(), to_err=output == "-")  # the export itself is on standard output
    return 0
