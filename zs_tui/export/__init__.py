"""Gold export: the reviewed articles of a database in the formats tools read.

``write_gold`` streams ``Store.iter_gold`` rows into an open text file, one
article at a time; which articles (status, annotator) is the caller's choice.
Only accepted spans are in the rows, so pending suggestions never leak out.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from zs_tui.defaults import FORMATS  # one definition, shown by the CLI

from ..storage.gold_query import GoldSpans
from .conll import SCHEMES, conll_block, conll_utf8
from .records import doccano_bytes, doccano_line, jsonl_bytes, jsonl_line


@dataclass
class ExportCounts:
    articles: int = 0
    spans: int = 0


def write_gold(rows: Iterable[dict[str, Any]], fp: TextIO, fmt: str = "jsonl", scheme: str = "bio",
               utf8: BinaryIO | None = None) -> ExportCounts:
    """Write every row in ``fmt``; returns what was written.  A row's spans:
    (start, end, label, text) tuples, or the ``GoldSpans`` of
    ``iter_gold(span_columns=True)`` (with the texts for jsonl).

    ``utf8``: the binary file under ``fp``, if ``fp`` writes UTF-8 with no
    newline translation: conll blocks, built as UTF-8, are written there
    (after ``fp`` is flushed) rather than decoded to be encoded again."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    counts = ExportCounts()
    # Articles written a batch at a time: one write of ~1 MB instead of a
    # write (and a system call) per article.
    batch: list[Any] = []
    size = 0
    line, line_bytes = (jsonl_line, jsonl_bytes) if fmt == "jsonl" else (doccano_line, doccano_bytes)
    for row in rows:
        spans = row["spans"]
        if fmt == "conll":
            if isinstance(spans, GoldSpans) and spans.flat():
                piece: str | bytes = conll_utf8(row["text"], spans.starts, spans.ends, spans.labels(), scheme)
            else:
                triples = spans.triples() if isinstance(spans, GoldSpans) else [sp[:3] for sp in spans]
                piece = conll_block(row["text"], triples, scheme).encode()
        else:
            got = line_bytes(row) if utf8 is not None else None
            piece = got if got is not None else (line(row) + "\n").encode()
        batch.append(piece)
        size += len(piece)
        if size > _BATCH:
            _write(fp, utf8, batch)
            batch.clear()
            size = 0
        counts.articles += 1
        counts.spans += len(spans)
    _write(fp, utf8, batch)
    return counts


_BATCH = 1 << 18  # characters or bytes


def _write(fp: TextIO, utf8: BinaryIO | None, pieces: list[bytes]) -> None:
    """The pieces, each an article in UTF-8."""
    if not pieces:
        return
    if utf8 is not None:
        fp.flush()
        utf8.write(b"".join(pieces))
    else:
        fp.write(b"".join(pieces).decode())
