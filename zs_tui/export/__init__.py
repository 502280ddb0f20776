"""Gold export: the reviewed articles of a database in the formats tools read.

``write_gold`` streams ``Store.iter_gold`` rows into an open text file, one
article at a time; which articles (status, annotator) is the caller's choice.
Only accepted spans are in the rows, so pending suggestions never leak out.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from zs_tui.defaults import FORMATS  # one definition, shown by the CLI

from .conll import SCHEMES, conll_block
from .records import doccano_line, jsonl_line


@dataclass
class ExportCounts:
    articles: int = 0
    spans: int = 0


def write_gold(rows: Iterable[dict[str, Any]], fp: TextIO, fmt: str = "jsonl", scheme: str = "bio") -> ExportCounts:
    """Write every row in ``fmt``; returns what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    counts = ExportCounts()
    for row in rows:
        if fmt == "conll":
            spans = [(s, e, lab) for s, e, lab, _ in row["spans"]]
            fp.write(conll_block(row["text"], spans, scheme))
        else:
            fp.write((jsonl_line(row) if fmt == "jsonl" else doccano_line(row)) + "\n")
        counts.articles += 1
        counts.spans += len(row["spans"])
    return counts
