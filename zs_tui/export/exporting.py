"""The export use case: a database's gold set written to a file (or standard output) whole.

``--status`` picks articles by status, ``done`` by default, ``any`` for all
(pending suggestions are never exported, whatever the status);
``annotator`` keeps the articles marked done by that annotator.  The file
is written whole or not at all (zs_tui/output.py).
"""
from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..errors import ZsError
from ..output import atomic_output, check_writable, is_database_file
from ..storage.layers import LayerError
from ..storage.opening import open_db
from . import ExportCounts, write_gold


@dataclass
class ExportResult:
    counts: ExportCounts
    fmt: str
    status: str
    annotator: str | None
    output: str
    layer: str | None = None

    def summary(self) -> str:
        which = (f"status {self.status}" + (f", marked done by {self.annotator}" if self.annotator else "")
                 + (f", layer {self.layer}" if self.layer else ""))
        msg = f"exported {self.counts.articles} article(s) ({which}), {self.counts.spans} span(s), as {self.fmt}"
        return msg if self.output == "-" else f"{msg} to {self.output}"


def export_gold(db: str | Path, output: str = "-", fmt: str = "jsonl", scheme: str | None = None,
                status: str = "done", annotator: str | None = None, layer: str | None = None) -> ExportResult:
    """``zs-tui export``: write the gold set of ``db`` to ``output`` (``-``: standard output).

    ``layer``: an annotator's layer or ``adjudicated``; by default each article's
    adjudicated layer, else its only annotator's (a ZsError names the articles
    several annotators worked on when there is no single version to export)."""
    if scheme and fmt != "conll":
        raise ZsError("--scheme applies to --format conll only")
    if is_database_file(output, db):
        raise ZsError(f"--output {output} is the database (or one of its files); "
                      "export to another file; nothing was written")
    try:
        check_writable(output)
    except OSError as e:
        raise ZsError(f"cannot write {output}: {e.strerror}; nothing was exported") from e
    wanted = None if status == "any" else status
    with open_db(db, read_only_ok=True) as store:
        try:
            picked = store.pick_layer(layer, wanted)
        except LayerError as e:
            raise ZsError(f"{e}; nothing was exported") from e
        # spans as SQLite aggregated them, their texts only where written
        rows = store.iter_gold(wanted, annotator, layer=picked, span_columns=True, span_texts=fmt == "jsonl",
                               ahead=True, text_json=fmt != "conll")
        try:
            # closing(): end the read transaction even when writing fails half way
            with closing(rows), atomic_output(output) as fp:
                # atomic_output writes UTF-8 and "\n" as it is: its buffer takes the bytes conll is built as
                counts = write_gold(rows, fp, fmt, scheme or "bio", utf8=getattr(fp, "buffer", None))
        except OSError as e:
            raise ZsError(f"cannot write {output}: {e.strerror or e}; nothing was exported") from e
    return ExportResult(counts, fmt, status, annotator, output, picked)
