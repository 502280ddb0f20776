"""Gold export: the reviewed articles of a database in the formats tools read.

``write_gold`` streams ``Store.iter_gold`` rows into an open text file, one
article at a time; which articles (status, annotator) is the caller's choice.
Only accepted spans are in the rows, so pending suggestions never leak out.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from ..safety import to_json
from .conll import SCHEMES, conll_lines
from .records import doccano_record, jsonl_record

FORMATS = ("jsonl", "doccano", "conll")


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
            fp.write("".join(line + "\n" for line in conll_lines(row["text"], spans, scheme)) + "\n")
        else:
            rec = jsonl_record(row) if fmt == "jsonl" else doccano_record(row)
            fp.write(to_json(rec) + "\n")
        counts.articles += 1
        counts.spans += len(row["spans"])
    return counts
