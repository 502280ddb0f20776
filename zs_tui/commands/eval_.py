"""``zs-tui eval GOLD.jsonl [--db DB | PATH...]``: score suggestions against gold.

What is scored:
- ``--db DB``: the suggestions stored in the database for its articles
  (what reviewers were offered), articles paired with gold by file name;
- ``PATH...``: the suggester run now on those files;
- neither: the suggester run now on the gold texts themselves.
The figures are those of ``shared/tools/evaluate.py`` (see zs_tui/evaluate.py).
"""
from __future__ import annotations

import argparse
import sys

from ..safety import for_cli, to_json
from .common import fail, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="per-label precision/recall/F1 of suggestions against a gold JSONL")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("paths", nargs="*", metavar="PATH", help="articles to suggest for (default: the gold texts)")
    p.add_argument("--db", default=None, help="score the suggestions stored in this database")
    p.add_argument("--jobs", type=int, default=1, help="processes for suggestion (default 1)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate import format_report, load_jsonl_lines, score

    if args.db and args.paths:
        return fail("give either --db or PATHs, not both")
    try:
        lines = load_jsonl_lines(args.gold)
    except OSError as e:
        return fail(f"cannot read gold {args.gold}: {e.strerror or e}")
    except ValueError as e:  # names file:line already
        return fail(f"gold {e}")
    for n, g in lines:  # n is the file's line (blank lines count), as import reports
        if why := _bad_gold(g):
            return fail(f"gold {args.gold}:{n}: {why}")
    if not lines:  # all-zero figures for an empty file would read as a score
        return fail(f"no gold records in {args.gold}")
    gold = [g for _, g in lines]
    if args.db:
        pred = _from_db(args.db)
        if pred is None:
            return 2
    elif args.paths:
        pred = _from_paths(args.paths, args.jobs)
        if pred is None:
            return 2
    else:
        from ..suggest import Suggester, suggest_texts

        spans = suggest_texts(Suggester(), [g["text"] for g in gold], jobs=max(1, args.jobs))
        pred = [{"text": g["text"], "spans": s, "meta": {"source": g.get("source", "")}} for g, s in zip(gold, spans)]
    res = score(gold, pred)
    if args.json:
        sys.stdout.write(to_json(res) + "\n")
    else:
        sys.stdout.write(for_cli(format_report(res)) + "\n")  # file names in the report are user text
    return 0


def _bad_gold(g: object) -> str | None:
    """Why a gold record cannot be scored (None: it can)."""
    if not isinstance(g, dict) or not isinstance(g.get("text"), str) or not isinstance(g.get("spans"), list):
        return 'expected {"text": "...", "spans": [{"start", "end", "label"}, ...]}'
    for s in g["spans"]:
        if not isinstance(s, dict):
            return f"span {s!r} is not an object"
        start, end, label = s.get("start"), s.get("end"), s.get("label")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            return f"span {s!r}: start and end must be integer offsets"
        if not 0 <= start < end <= len(g["text"]):
            return f"span {s!r} is outside the text (0..{len(g['text'])})"
        if not isinstance(label, str):
            return f"span {s!r}: label must be a string"
    return None


def _from_paths(paths: list[str], jobs: int) -> list[dict] | None:
    from ..ingest import read_inputs
    from ..suggest import Suggester, suggest_texts

    items, problems = read_inputs(paths)
    for p in problems:
        say(f"skipped: {p}", to_err=True)
    if not items:
        fail("no readable articles")
        return None
    spans = suggest_texts(Suggester(), [it.article.clean for it in items], jobs=max(1, jobs))
    return [{"text": it.article.clean, "spans": s, "meta": {"source": it.article.source}}
            for it, s in zip(items, spans)]


def _from_db(path: str) -> list[dict] | None:
    from pathlib import Path

    from .common import open_store

    if not Path(path).exists():
        fail(f"no database at {path}")
        return None
    store = open_store(path, create=False, read_only_ok=True)
    if store is None:
        return None
    with store:
        pred = []
        for aid in store.article_ids():
            art = store.article(aid)
            pred.append({"text": art.clean, "spans": store.suggestions(aid), "meta": {"source": art.source}})
    return pred
