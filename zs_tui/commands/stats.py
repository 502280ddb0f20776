"""``zs-tui stats``: what the database holds."""
from __future__ import annotations

import argparse
import sys

from ..safety import to_json
from .common import add_db, open_store, out


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="articles by status and script, spans per label, each annotator's progress and pace")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args.db, create=False, read_only_ok=True)
    if store is None:
        return 2
    with store:
        st = store.stats()
    if args.json:
        sys.stdout.write(to_json(st, indent=2) + "\n")
        return 0
    print_stats(st)
    return 0


def print_stats(st: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..safety import for_cli

    head = Text(for_cli(st["database"]), style="bold")
    head.append(f": {st['articles']} article(s), {st['sessions']} session(s), {st['events']} event(s)")
    out.print(head)
    t = Table(title="Articles")
    t.add_column("status")
    t.add_column("articles", justify="right")
    for k, v in st["by_status"].items():
        t.add_row(k.replace("_", " "), str(v))
    out.print(t)
    t = Table(title="Script")
    t.add_column("script")
    t.add_column("articles", justify="right")
    for k, v in st["by_script"].items():
        t.add_row(Text(for_cli(k)), str(v))
    out.print(t)
    if st.get("annotators"):
        t = Table(title=f"Annotators (overlap {st['settings']['overlap']})")
        for c in ("annotator", "done", "in progress", "skipped", "spans", "hours", "articles/hour"):
            t.add_column(c, justify="left" if c == "annotator" else "right")
        for d in st["annotators"]:
            pace = "-" if d["articles_per_hour"] is None else f"{d['articles_per_hour']:.1f}"
            t.add_row(Text(for_cli(d["annotator"])), str(d["done"]), str(d["in_progress"]), str(d["skipped"]),
                      str(d["spans"]), f"{d['hours']:.2f}", pace)
        out.print(t)
    t = Table(title="Spans per label")
    for c in ("label", "pending", "accepted", "rejected"):
        t.add_column(c, justify="left" if c == "label" else "right")
    for lab, d in st["spans_by_label"].items():
        t.add_row(Text(for_cli(lab)), str(d["pending"]), str(d["accepted"]), str(d["rejected"]))
    out.print(t)
