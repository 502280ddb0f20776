"""``zs-tui suggest PATH...``: print suggestions as JSON lines (no database)."""
from __future__ import annotations

import argparse
import sys

from ..safety import to_json
from .common import fail, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="print suggested spans for files, one JSON line per article")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=None, help="learn from the decisions in this database")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--max-mb", type=float, default=2.0)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..ingest import read_inputs
    from ..suggest import Suggester, suggest_texts

    items, problems = read_inputs(args.paths, max_mb=args.max_mb)
    for p in problems:
        say(f"skipped: {p}", to_err=True)
    if not items:
        return fail("no readable articles")
    suggester = Suggester()
    if args.db:
        from .common import open_store

        store = open_store(args.db)
        if store is None:
            return 2
        with store:
            suggester = Suggester.from_store(store)
    results = suggest_texts(suggester, [it.article.clean for it in items], jobs=max(1, args.jobs))
    for it, spans in zip(items, results):
        rec = {"text": it.article.clean, "spans": spans, "meta": {"source": it.article.source}}
        sys.stdout.write(to_json(rec) + "\n")
    return 1 if problems else 0
