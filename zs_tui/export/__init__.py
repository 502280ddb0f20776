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

from ..storage.gold_query import GoldSpans
from .conll import SCHEMES, conll_block, conll_columns
from .records import doccano_line, jsonl_line


@dataclass
class ExportCounts:
    articles: int = 0
    spans: int = 0


def write_gold(rows: Iterable[dict[str, Any]], fp: TextIO, fmt: str = "jsonl", scheme: str = "bio") -> ExportCounts:
    """Write every row in ``fmt``; returns what was written.  A row's spans:
    (start, end, label, text) tuples, or the ``GoldSpans`` of
    ``iter_gold(span_columns=True)`` (with the texts for jsonl)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    counts = ExportCounts()
    # Articles written a batch at a time: one write of ~1 MB instead of a
    # write (and a system call) per article.
    batch: list[str] = []
    size = 0
    for row in rows:
        spans = row["spans"]
        if fmt == "conll":
            if isinstance(spans, GoldSpans) and spans.flat():
                piece = conll_columns(row["text"], spans.starts, spans.ends, spans.labels(), scheme)
            else:
                triples = spans.triples() if isinstance(spans, GoldSpans) else [sp[:3] for sp in spans]
                piece = conll_block(row["text"], triples, scheme)
        else:
            piece = (jsonl_line(row) if fmt == "jsonl" else doccano_line(row)) + "\n"
        batch.append(piece)
        size += len(piece)
        if size > _BATCH:
            fp.write("".join(batch))
            batch.clear()
            size = 0
        counts.articles += 1
        counts.spans += len(spans)
    fp.write("".join(batch))
    return counts


_BATCH = 1 << 20  # characters
