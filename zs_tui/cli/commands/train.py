"""``zs-tui train [--db DB | --default]``: the CLI of ``zs_tui.suggest.use_cases.train``.

Without ``--db`` (or with ``--default``) the model is trained on the shipped
dev gold (tests/data/gold_seeds.jsonl and gold_web.jsonl) and written as the
package's default model, zs_tui/data/model/default.crf: the one command that
rebuilds the shipped model.  With ``--db`` it is trained on the dev gold
plus the database's articles reviewed to done and written beside the
database (``DB.crf``), where ``suggest --db``, ``resuggest``, ``import`` and
the review app find it.  Either way the cross-validated figures are printed,
and the per-label choice between rules and model they led to.
"""
from __future__ import annotations

from typing import Any

import click

from .options import db_option, output_option


@click.command("train")
@db_option(optional=True, help="also train on this database's articles reviewed to done; the model is saved as DB.crf")
@click.option("--default", "use_default", is_flag=True,
              help="train the shipped default model on the dev gold (the default without --db)")
@click.option("--folds", type=int, default=12,
              help="cross-validation folds (default 12; 0 skips it, and then the model is off: only a gain on"
                   " cross-validation turns it on, per label)")
@output_option(default=None, help="write the model here instead")
def command(db: str | None, use_default: bool, folds: int, output: str | None) -> int:
    """Train the suggester's trained layer (a CRF); print cross-validated strict F1 per label."""
    from zs_tui.output import note, say, text_out
    from zs_tui.suggest.use_cases import train

    if db and use_default:
        raise click.UsageError("--db and --default exclude each other")
    out = train(db, folds=folds, output=output, report=note)
    res = out.result
    if res.tried:
        say(f"cross-validated on {res.cv_articles} article(s) ({max(2, min(folds, res.cv_articles))} folds;"
            f" {out.seeds_in_training} dev article(s) always in training):")
        text_out(format_tried(res.tried))
    for line in out.decision():
        say(f"chosen: {line}")
    say(f"trained on {res.n_articles} article(s) ({out.source}); model written to {out.target}"
        f" ({out.target.stat().st_size / 1e6:.2f} MB)")
    return 0


def format_tried(tried: dict[str, Any]) -> str:
    """Strict F1 per label (rows) for each combination tried (columns)."""
    labels = sorted({lab for res in tried.values() for lab in res["labels"]})
    names = list(tried)
    width = max(12, *(len(n) for n in names))
    rows = [f"{'label':10}" + "".join(f" {n:>{width}}" for n in names)]
    for lab in labels:
        rows.append(f"{lab:10}" + "".join(f" {tried[n]['labels'].get(lab, (0, 0, 0))[2]:{width}.3f}" for n in names))
    rows.append(f"{'MICRO F1':10}" + "".join(f" {tried[n]['micro'][2]:{width}.3f}" for n in names))
    rows.append(f"{'saved':10}" + "".join(f" {tried[n]['effort_saved']:{width}.1%}" for n in names))
    return "\n".join(rows)
