"""``zs-tui stats``: the CLI of ``zs_tui.storage.opening.database_stats``."""
from __future__ import annotations

from typing import Any

import click

from .options import db_option, json_option


@click.command("stats")
@db_option()
@json_option()
def command(db: str, as_json: bool) -> int:
    """What the database holds: articles by status and script, how many wait for suggestions, spans per label, each annotator's progress and pace."""
    from zs_tui.output import json_out
    from zs_tui.storage.opening import database_stats

    st = database_stats(db)
    if as_json:
        json_out(st, indent=2)
    else:
        print_stats(st)
    return 0


def print_stats(st: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from zs_tui.output import show
    from zs_tui.safety import for_cli

    head = Text(for_cli(st["database"]), style="bold")
    head.append(f": {st['articles']} article(s), {st['sessions']} session(s), {st['events']} event(s)")
    waiting = st.get("awaiting_suggestions", 0)
    head.append(f"; {waiting} waiting for suggestions (`zs-tui resuggest --pending`)" if waiting
                else "; none waiting for suggestions")
    show(head)
    t = Table(title="Articles")
    t.add_column("status")
    t.add_column("articles", justify="right")
    for k, v in st["by_status"].items():
        t.add_row(k.replace("_", " "), str(v))
    show(t)
    adj = st.get("adjudication") or {}
    if any(adj.values()):  # the articles several annotators finished differently are todo above
        show(Text(f"{adj['awaiting']} article(s) finished differently by several annotators await adjudication"
                  f"{' (`zs-tui adjudicate`)' if adj['awaiting'] else ''}; {adj['done']} adjudicated to done"
                  + (f", {adj['in_progress']} in progress" if adj["in_progress"] else "")))
    t = Table(title="Script")
    t.add_column("script")
    t.add_column("articles", justify="right")
    for k, v in st["by_script"].items():
        t.add_row(Text(for_cli(k)), str(v))
    show(t)
    if st.get("annotators"):
        t = Table(title=f"Annotators (overlap {st['settings']['overlap']})")
        for c in ("annotator", "done", "in progress", "skipped", "spans", "hours", "articles/hour"):
            t.add_column(c, justify="left" if c == "annotator" else "right")
        for d in st["annotators"]:
            pace = "-" if d["articles_per_hour"] is None else f"{d['articles_per_hour']:.1f}"
            t.add_row(Text(for_cli(d["annotator"])), str(d["done"]), str(d["in_progress"]), str(d["skipped"]),
                      str(d["spans"]), f"{d['hours']:.2f}", pace)
        show(t)
    t = Table(title="Spans per label")
    for c in ("label", "pending", "accepted", "rejected"):
        t.add_column(c, justify="left" if c == "label" else "right")
    for lab, d in st["spans_by_label"].items():
        t.add_row(Text(for_cli(lab)), str(d["pending"]), str(d["accepted"]), str(d["rejected"]))
    show(t)
