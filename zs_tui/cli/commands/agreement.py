"""``zs-tui agreement``: the CLI of ``zs_tui.evaluate.agreement.database_agreement``
(inter-annotator agreement over articles two or more annotators finished)."""
from __future__ import annotations

from typing import Any

import click

from .options import db_option, json_option


@click.command("agreement")
@db_option()
@json_option()
def command(db: str, as_json: bool) -> int:
    """Pairwise strict and boundary F1 per label and micro, Cohen's kappa over
    characters, and the most frequent disagreements, over the articles two or
    more annotators finished."""
    from zs_tui.evaluate.agreement import database_agreement
    from zs_tui.output import json_out, say
    from zs_tui.safety import for_cli

    result = database_agreement(db)
    if as_json:
        json_out(result, indent=2)
        return 0
    if not result["pairs"]:
        say(f"no article of {for_cli(db)} is done by two or more annotators: nothing to compare "
            "(`zs-tui config overlap 0.2` gives a share of the articles to two annotators)")
        return 0
    print_agreement(result)
    return 0


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def print_agreement(result: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from zs_tui.output import show
    from zs_tui.safety import for_cli

    for p in result["pairs"]:
        a, b = p["annotators"]
        k = p["kappa"]
        head = Text(f"{for_cli(a)} / {for_cli(b)}", style="bold")
        head.append(f": {p['articles']} article(s) both finished; Cohen's kappa over characters {_f(k['kappa'])}"
                    f" ({k['agreeing']} of {k['chars']} characters tagged alike, chance {_f(k.get('expected'))})")
        show(head)
        t = Table()
        for c in ("label", f"spans {for_cli(a)}", f"spans {for_cli(b)}", "strict matched", "strict F1", "boundary F1"):
            t.add_column(c, justify="left" if c == "label" else "right")
        for label, f in [*p["per_label"].items(), ("micro", p["micro"])]:
            t.add_row(Text(for_cli(label)), str(f["spans_a"]), str(f["spans_b"]), str(f["strict_matched"]),
                      _f(f["strict_f1"]), _f(f["boundary_f1"]))
        show(t)
        for d in p["disagreements"]:
            show(Text(f"  {for_cli(d['kind'])}: {d['count']}"))
            for ex in d["examples"]:
                sides = []
                for who in (a, b):
                    s = ex.get(who)
                    sides.append(f"{who} " + (f"{s['label']} {s['text']!r} [{s['start']}, {s['end']})" if s else "nothing"))
                show(Text(f"    article {ex['article']}: " + for_cli(" · ".join(sides))))
