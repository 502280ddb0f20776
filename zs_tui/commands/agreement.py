"""``zs-tui agreement``: inter-annotator agreement over articles that two or
more annotators finished (zs_tui/agreement.py computes it)."""
from __future__ import annotations

import argparse
import sys

from ..safety import to_json
from .common import add_db, open_store, out, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agreement", help="pairwise strict/boundary F1, Cohen's kappa and disagreements "
                                         "over articles two or more annotators finished")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..agreement import agreement

    store = open_store(args.db, create=False, read_only_ok=True)
    if store is None:
        return 2
    with store:
        result = agreement(store.finished_layers())
    if args.json:
        sys.stdout.write(to_json(result, indent=2) + "\n")
        return 0
    if not result["pairs"]:
        say(f"no article of {args.db} is done by two or more annotators: nothing to compare "
            "(`zs-tui config overlap 0.2` gives a share of the articles to two annotators)")
        return 0
    print_agreement(result)
    return 0


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def print_agreement(result: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..safety import for_cli

    for p in result["pairs"]:
        a, b = p["annotators"]
        k = p["kappa"]
        head = Text(f"{for_cli(a)} / {for_cli(b)}", style="bold")
        head.append(f": {p['articles']} article(s) both finished; Cohen's kappa over characters {_f(k['kappa'])}"
                    f" ({k['agreeing']} of {k['chars']} characters tagged alike, chance {_f(k.get('expected'))})")
        out.print(head)
        t = Table()
        for c in ("label", f"spans {for_cli(a)}", f"spans {for_cli(b)}", "strict matched", "strict F1", "boundary F1"):
            t.add_column(c, justify="left" if c == "label" else "right")
        for label, f in [*p["per_label"].items(), ("micro", p["micro"])]:
            t.add_row(Text(for_cli(label)), str(f["spans_a"]), str(f["spans_b"]), str(f["strict_matched"]),
                      _f(f["strict_f1"]), _f(f["boundary_f1"]))
        out.print(t)
        for d in p["disagreements"]:
            out.print(Text(f"  {for_cli(d['kind'])}: {d['count']}"))
            for ex in d["examples"]:
                sides = []
                for who in (a, b):
                    s = ex.get(who)
                    sides.append(f"{who} " + (f"{s['label']} {s['text']!r} [{s['start']}, {s['end']})" if s else "nothing"))
                out.print(Text(f"    article {ex['article']}: " + for_cli(" · ".join(sides))))
