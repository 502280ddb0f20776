"""Gold export: the reviewed articles of a database in the formats tools read.

``write_gold`` streams ``Store.iter_gold`` rows into an open text file, one
article at a time; which articles (status, annotator) is the caller's choice.
Only accepted spans are in the rows, so pending suggestions never leak out.
"""
from __future__ import annotations

import io
import os
import queue
import stat
import threading
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
    newline translation: the lines, built as UTF-8, are written there (after
    ``fp`` is flushed, by a thread of their own) rather than decoded to be
    encoded again."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tagging scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    counts = ExportCounts()
    # Articles written a batch at a time: one write of ~1 MB instead of a
    # write (and a system call) per article.
    batch: list[bytes] = []
    size = 0
    line, line_bytes = (jsonl_line, jsonl_bytes) if fmt == "jsonl" else (doccano_line, doccano_bytes)
    if utf8 is not None:
        fp.flush()
    out = _Writer(utf8, threaded=_regular_file(utf8)) if utf8 is not None else None
    try:
        for row in rows:
            spans = row["spans"]
            if fmt == "conll":
                if isinstance(spans, GoldSpans) and spans.flat():
                    piece = conll_utf8(row["text"], spans.starts, spans.ends, spans.labels(), scheme)
                else:
                    triples = spans.triples() if isinstance(spans, GoldSpans) else [sp[:3] for sp in spans]
                    piece = conll_block(row["text"], triples, scheme).encode()
            else:
                got = line_bytes(row) if out is not None else None
                piece = got if got is not None else (line(row) + "\n").encode()
            batch.append(piece)
            size += len(piece)
            if size > _BATCH:
                _write(fp, out, batch)
                batch = []
                size = 0
            counts.articles += 1
            counts.spans += len(spans)
        _write(fp, out, batch)
    except BaseException:
        if out is not None:
            out.abort()  # the error on its way out is the one the caller sees
        raise
    if out is not None:
        out.close()  # every chunk written, or the first write's error raised
    return counts


def _regular_file(f: BinaryIO) -> bool:
    """Whether ``f`` is a file on disk: only there a writing thread pays.  A
    pipe's reader may stall (``zs-tui export | less``), and a write blocked
    in the thread would keep Ctrl-C from stopping the export."""
    try:
        return stat.S_ISREG(os.fstat(f.fileno()).st_mode)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return False


_BATCH = 1 << 18  # bytes


def _write(fp: TextIO, out: _Writer | None, pieces: list[bytes]) -> None:
    """The pieces, each an article in UTF-8."""
    if not pieces:
        return
    if out is not None:
        out.write(b"".join(pieces))
    else:
        fp.write(b"".join(pieces).decode())


class _Writer:
    """Chunks written to a binary file in turn by a thread of its own: the
    system call, without the interpreter lock, runs beside the making of the
    next chunk (writing was a tenth of an export's time).  A few chunks wait
    at most, so memory stays flat; a write's error is raised to the caller
    at its next chunk or at ``close``."""

    def __init__(self, out: BinaryIO, depth: int = 4, threaded: bool = True) -> None:
        self._out = out
        self._chunks: queue.Queue[bytes | None] = queue.Queue(depth)
        self._error: BaseException | None = None
        self._dropping = False
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="zs_tui-export-writer", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None and not self._dropping:  # after an error the rest is dropped, never written out of order
                try:
                    self._out.write(chunk)
                except BaseException as e:  # noqa: BLE001 - raised in the caller's thread
                    self._error = e

    def write(self, chunk: bytes) -> None:
        if self._error is not None:
            raise self._error
        if self._thread is None:
            self._out.write(chunk)
        else:
            self._chunks.put(chunk)

    def close(self) -> None:
        """Wait for every chunk; raise the first write's error."""
        self._stop()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Stop, dropping the chunks not yet written (an error is being raised)."""
        self._dropping = True
        self._stop()

    def _stop(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._chunks.put(None)
            self._thread.join()
