"""Ingest: turn files given on the command line into articles ready to store.

Nothing here writes to the database.  Every problem is collected as an
``IngestProblem`` naming the file (and line for JSONL), so the caller can
refuse the whole import, or skip bad items only when asked to.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from zs_tui.defaults import DEFAULT_MAX_MB  # one definition, shown by the CLI
from zs_tui.safety import for_cli
from zs_tui.storage import NewArticle

from .clean import clean_text
from .decode import DecodeError, decode_bytes, looks_binary, utf16_bom
from .script_detect import detect_script

ARTICLE_SUFFIXES = {".txt", ".jsonl"}


@dataclass
class IngestProblem:
    where: str
    reason: str
    fatal: bool = False  # the user named something unusable: never skippable

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Incoming:
    """An article read from input, with gold spans if the input carried them."""

    article: NewArticle
    spans: Any = None  # as the input gave it: checked by gold.py when imported as gold
    extra: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # file:line of a JSONL record, for messages


def make_article(raw: str, source: str, encoding: str, meta: dict[str, Any] | None = None) -> NewArticle:
    clean, cmap = clean_text(raw)
    sha = hashlib.sha256(clean.encode("utf-8")).hexdigest()
    return NewArticle(
        sha256=sha, source=source, encoding=encoding, script=detect_script(clean),
        raw=raw, clean=clean, char_map=cmap.to_json(), meta=dict(meta or {}),
    )


def find_files(paths: list[str]) -> tuple[list[Path], list[IngestProblem]]:
    """Expand paths (directories recursively) into article files."""
    files: list[Path] = []
    problems: list[IngestProblem] = []
    for p in paths:
        path = Path(p)
        if _SURROGATE.search(p) and path.is_file():
            problems.append(IngestProblem(for_cli(p), "file name is not valid UTF-8 (rename the file)"))
        elif not path.exists():
            problems.append(IngestProblem(p, "no such file or directory", fatal=True))
        elif path.is_dir():
            found = sorted(map(Path, _article_files(str(path))))
            if not found:
                problems.append(IngestProblem(p, "directory holds no .txt or .jsonl articles", fatal=True))
            for f in found:
                if _SURROGATE.search(str(f)):
                    problems.append(IngestProblem(for_cli(f), "file name is not valid UTF-8 (rename the file)"))
                else:
                    files.append(f)
        elif not os.access(path, os.R_OK):
            problems.append(IngestProblem(p, "file is not readable (permission denied)"))
        else:
            files.append(path)
    return files, problems


def _article_files(folder: str) -> Iterator[str]:
    """The article files under ``folder``, hidden ones and those in hidden
    folders left out, symlinked folders not entered (as ``rglob`` does), an
    unreadable folder skipped.  One ``scandir`` per folder: the file type comes
    with the listing, no ``stat`` per file (``rglob`` and ``is_file`` cost 8 s
    per 100,000 files)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _article_files(entry.path)
        elif os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES and entry.is_file():
            yield entry.path


def read_text_file(path: Path, max_mb: float = DEFAULT_MAX_MB) -> tuple[str, str]:
    """Read and decode one file; raises ValueError with a user-facing reason."""
    try:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024 and path.suffix.lower() != ".jsonl":
            raise ValueError(
                f"is {size / 1024 / 1024:.1f} MB; articles over {max_mb:g} MB are refused "
                "(split it, or raise --max-mb)"
            )
        data = path.read_bytes()
    except OSError as e:
        raise ValueError(f"cannot read file: {e.strerror}") from e
    if not data.strip():
        raise ValueError("empty file")
    if utf16_bom(data):
        raise ValueError("UTF-16 text is not supported; save it as UTF-8 (or GB18030 / Big5)")
    if looks_binary(data):
        raise ValueError("binary file, not text (NUL or control bytes)")
    try:
        return decode_bytes(data)
    except DecodeError as e:
        raise ValueError(str(e)) from e


def read_inputs(paths: list[str], max_mb: float = DEFAULT_MAX_MB) -> tuple[list[Incoming], list[IngestProblem]]:
    """Read every article under ``paths``; problems are returned, not raised."""
    items: list[Incoming] = []
    problems: list[IngestProblem] = []
    for got in iter_inputs(paths, max_mb):
        (problems if isinstance(got, IngestProblem) else items).append(got)
    return items, problems


def iter_inputs(paths: list[str], max_mb: float = DEFAULT_MAX_MB) -> Iterator[Incoming | IngestProblem]:
    """Articles and problems one at a time, so a large corpus streams.

    Problems with the paths themselves (missing, empty directory) come
    first, before any file is read, so a caller can refuse early.
    """
    files, problems = find_files(paths)
    yield from problems
    yield from iter_files(files, max_mb)


def iter_files(files: list[Path], max_mb: float = DEFAULT_MAX_MB) -> Iterator[Incoming | IngestProblem]:
    for f in files:
        if f.suffix.lower() == ".jsonl":
            yield from iter_jsonl(f, max_mb)
            continue
        try:
            text, enc = read_text_file(f, max_mb)
        except ValueError as e:
            yield IngestProblem(str(f), str(e))
            continue
        if not text.strip():
            yield IngestProblem(str(f), "empty file")
            continue
        yield Incoming(make_article(text, f.as_posix(), enc))


def read_jsonl(path: Path, max_mb: float = DEFAULT_MAX_MB) -> tuple[list[Incoming], list[IngestProblem]]:
    """One article per line: ``{"text": ..., "meta": {...}}`` (``spans`` optional)."""
    items: list[Incoming] = []
    problems: list[IngestProblem] = []
    for got in iter_jsonl(path, max_mb):
        (problems if isinstance(got, IngestProblem) else items).append(got)
    return items, problems


SAMPLE = 1 << 20  # bytes read to tell the file's encoding


def iter_jsonl(path: Path, max_mb: float = DEFAULT_MAX_MB) -> Iterator[Incoming | IngestProblem]:
    """The records of a JSONL file one line at a time: memory holds one line,
    however large the file (the encoding is told from its first megabyte)."""
    try:
        f = open(path, "rb")
    except OSError as e:
        yield IngestProblem(str(path), f"cannot read file: {e.strerror}")
        return
    with f:
        head = f.read(SAMPLE)
        if not head.strip():
            yield IngestProblem(str(path), "empty file")
            return
        if utf16_bom(head):
            yield IngestProblem(str(path), "UTF-16 text is not supported; save it as UTF-8 (or GB18030 / Big5)")
            return
        if looks_binary(head):
            yield IngestProblem(str(path), "binary file, not text (NUL or control bytes)")
            return
        # whole lines only: a sample cut inside a character would not decode
        whole = head if len(head) < SAMPLE else head[: head.rfind(b"\n") + 1] or head
        try:
            _, enc = decode_bytes(whole)
        except DecodeError as e:
            yield IngestProblem(str(path), str(e))
            return
        codec = "utf-8" if enc == "utf-8-sig" else enc
        if enc == "utf-8-sig":
            head = head[len(codecs.BOM_UTF8):]
        any_line = False
        for n, raw in enumerate(_lines(head, f), 1):
            where = f"{path}:{n}"
            try:
                line = raw.decode(codec).removesuffix("\n").removesuffix("\r")
            except UnicodeDecodeError as e:
                yield IngestProblem(where, f"not valid {enc} (byte {e.start} of the line)")
                any_line = True
                continue
            if not line.strip():
                continue
            any_line = True
            yield _record(line, where, path, enc, max_mb)
    if not any_line:
        yield IngestProblem(str(path), "no articles in file")


def _lines(head: bytes, rest: BinaryIO) -> Iterator[bytes]:
    """The lines of ``head`` and then of the rest of the file, without seeking
    back: a pipe (``producer | zs-tui import /dev/stdin``) cannot seek."""
    start = 0
    while (nl := head.find(b"\n", start)) >= 0:
        yield head[start:nl + 1]
        start = nl + 1
    partial = head[start:]  # a line the sample cut: it goes on in the rest
    for raw in rest:
        yield partial + raw
        partial = b""
    if partial:
        yield partial


def _record(line: str, where: str, path: Path, enc: str, max_mb: float) -> Incoming | IngestProblem:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return IngestProblem(where, f"broken JSON ({e.msg} at column {e.colno})")
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        return IngestProblem(where, 'expected an object with a "text" string')
    if not rec["text"].strip():
        return IngestProblem(where, "empty text")
    if "meta" in rec and not isinstance(rec["meta"], dict):
        return IngestProblem(where, f'"meta" must be an object, not {type(rec["meta"]).__name__}')
    if bad := _lone_surrogate(rec):
        return IngestProblem(where, bad)
    if len(rec["text"].encode("utf-8")) > max_mb * 1024 * 1024:
        return IngestProblem(where, f"text over {max_mb:g} MB is refused (raise --max-mb)")
    meta = rec.get("meta") or {}
    source = str(meta.get("source") or rec.get("source") or where)
    extra = {k: v for k, v in rec.items() if k not in ("text", "meta", "spans")}
    return Incoming(make_article(rec["text"], source, enc, meta), rec.get("spans"), extra, where)


def _lone_surrogate(rec: dict[str, Any]) -> str | None:
    """Why a record cannot be stored as text: a \\udXXX escape with no partner
    is not a character (it cannot even be written as UTF-8)."""
    m = _SURROGATE.search(json.dumps(rec, ensure_ascii=False))
    if m is None:
        return None
    return f"holds a lone surrogate \\u{ord(m.group()):04x} (a broken character escape), not text"


_SURROGATE = re.compile("[\ud800-\udfff]")
