"""``zs-tui train [--db DB | --default]``: train the suggester's trained layer.

Without ``--db`` (or with ``--default``) the model is trained on the shipped
dev gold (tests/data/gold_seeds.jsonl and gold_web.jsonl) and written as the
package's default model, zs_tui/data/model/default.crf: the one command that
rebuilds the shipped model.  With ``--db`` it is trained on the dev gold
plus the database's articles reviewed to done and written beside the
database (``DB.crf``), where ``suggest --db``, ``resuggest``, ``import`` and
the review app find it.  Either way the cross-validated figures are printed
first, and the per-label choice between rules and model they led to.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import err, fail, open_store, out


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train the suggester's model on reviewed articles; print cross-validated figures")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--db", default=None, help="also train on this database's articles reviewed to done; the model is saved as DB.crf")
    g.add_argument("--default", action="store_true", help="train the shipped default model on the dev gold (the default without --db)")
    p.add_argument("--folds", type=int, default=12,
                   help="cross-validation folds (default 12; 0 skips it: the rules win and the model fills their gaps)")
    p.add_argument("--output", default=None, help="write the model here instead")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..labels import load_labels
    from ..suggest.model import db_model_path, default_model_path, write_model
    from ..suggest.train import dev_gold_dir, train_model, training_set

    if args.folds < 0:
        return fail("--folds must be 0 or more")
    if args.db:
        store = open_store(args.db)
        if store is None:
            return 2
        with store:
            docs, fixed = training_set(store)
            n_db = sum(1 for d in docs if d.name.startswith("db:"))
        target = Path(args.output) if args.output else db_model_path(args.db)
        source = f"dev gold + {n_db} reviewed article(s) of {args.db}"
        if dev_gold_dir() is None:
            err.print("note: the dev gold (tests/data of a source checkout) is not here: training on the database alone")
    else:
        docs, fixed = training_set(None)
        if not docs:
            return fail("the dev gold (tests/data/gold_seeds.jsonl, gold_web.jsonl) is not here: run from a source checkout")
        target = Path(args.output) if args.output else default_model_path()
        source = "dev gold"
        n_db = 0
    if not docs:
        return fail(f"nothing to train on: no article of {args.db} is reviewed to done")
    if not target.parent.is_dir():
        return fail(f"cannot write {target}: folder {target.parent} does not exist")
    labels = {lab.name for lab in load_labels()} | {s["label"] for d in docs for s in d.spans}
    # Without cross-validation the rules win and the model fills their gaps:
    # the shipped model's measured choice is "rules everywhere" (the rules were
    # written on the dev gold), which would make a database's model, trained
    # on what its reviewers did, change nothing.
    res = train_model(docs, labels, folds=args.folds, fixed=fixed, source=source,
                      progress=lambda m: err.print(m, markup=False))
    if res.tried:
        out.print(f"cross-validated on {res.cv_articles} article(s) ({min(args.folds, res.cv_articles)} folds;"
                  f" {len(fixed & {d.name for d in docs})} seed article(s) always in training):", markup=False)
        sys.stdout.write(format_tried(res.tried) + "\n")
    write_model(target, res.data)
    winners = ", ".join(f"{lab} {src}" for lab, src in sorted(res.policy.winner.items()))
    out.print(f"chosen: per label [{winners}]{'; the other source fills gaps' if res.policy.fill else ''}", markup=False)
    out.print(f"trained on {res.n_articles} article(s) ({source}); model written to {target}"
              f" ({target.stat().st_size / 1e6:.2f} MB)", markup=False)
    return 0


def format_tried(tried: dict) -> str:
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
