"""``zs-tui import PATH...``: add articles (and their suggestions) to the database.

The corpus streams through in batches inside one transaction: memory stays
flat however many articles there are, and a problem (without --skip-bad)
rolls everything back, so an import is all or nothing.
"""
from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from .common import add_db, discard_new_db, err, fail, open_store, out

BATCH = 400


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import .txt files, directories and .jsonl files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db(p)
    p.add_argument("--skip-bad", action="store_true", help="skip unreadable files and broken JSONL lines instead of refusing the import")
    p.add_argument("--max-mb", type=float, default=2.0, help="largest article accepted, in MB (default 2)")
    p.add_argument("--jobs", type=int, default=1, help="processes for suggestion (default 1)")
    p.add_argument("--as-gold", action="store_true", help="JSONL with spans: store them as reviewed gold (status done)")
    p.add_argument("--no-suggest", action="store_true", help="store articles without machine suggestions")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..ingest import find_files, iter_files

    existed = Path(args.db).exists()
    if existed:  # refuse a wrong --db before spending minutes reading a large corpus
        early = open_store(args.db)
        if early is None:
            return 2
        early.close()
    files, path_problems = find_files(args.paths)
    fatal = [p for p in path_problems if p.fatal]
    for p in path_problems:
        err.print(f"{'error' if (p.fatal or not args.skip_bad) else 'skipped'}: {p}", markup=False)
    if fatal or (path_problems and not args.skip_bad):
        hint = "" if fatal else " (use --skip-bad to import the rest)"
        return fail(f"nothing imported: {len(path_problems)} problem(s){hint}")
    store = open_store(args.db, create=True)
    if store is None:
        return 2
    code = 1
    try:
        with store:
            code = import_items(store, iter_files(files, args.max_mb), jobs=args.jobs, as_gold=args.as_gold,
                                suggest=not args.no_suggest, skip_bad=args.skip_bad)
    finally:
        if code and not existed:  # failed or interrupted: leave no empty database behind
            discard_new_db(args.db)
    return code


class _Refused(Exception):
    pass


def import_items(store, items: Iterable, jobs: int = 1, as_gold: bool = False, suggest: bool = True,  # noqa: ANN001
                 skip_bad: bool = False) -> int:
    """Store new items (``Incoming`` or ``IngestProblem``) in one transaction."""
    from ..gold import gold_spans_for
    from ..ingest import IngestProblem

    suggester = version = None
    if suggest and not as_gold:
        from ..suggest import Suggester, suggest_texts

        suggester = Suggester.from_store(store)
        version = suggester.version
    seen: set[str] = set()
    problems: list = []
    counts = {"read": 0, "added": 0, "dupes": 0, "spans": 0}

    def flush(batch: list) -> None:
        if not batch:
            return
        existing = store.existing_shas(i.article.sha256 for i in batch)
        new = []
        for it in batch:
            if it.article.sha256 in existing or it.article.sha256 in seen:
                counts["dupes"] += 1
                continue
            seen.add(it.article.sha256)
            new.append(it)
        if as_gold:
            for it in new:
                try:
                    spans = gold_spans_for(it)
                except ValueError as e:
                    raise _Refused(f"{it.article.source}: {e}") from e
                store.add_article(it.article, status="done", gold_spans=spans)
                counts["spans"] += len(spans)
        else:
            suggestions = (suggest_texts(suggester, [it.article.clean for it in new], jobs=max(1, jobs))
                           if suggester else [[] for _ in new])
            for it, sugg in zip(new, suggestions):
                # Not suggested: no suggester version, so `resuggest` still finds it.
                store.add_article(it.article, sugg, version or "")
                counts["spans"] += len(sugg)
        counts["added"] += len(new)

    batch_size = BATCH * max(1, jobs) * (4 if jobs > 1 else 1)
    try:
        with store.transaction():
            batch: list = []
            for got in items:
                if isinstance(got, IngestProblem):
                    problems.append(got)
                    err.print(f"{'skipped' if skip_bad else 'error'}: {got}", markup=False)
                    continue
                counts["read"] += 1
                if problems and not skip_bad:
                    continue  # keep reading to report every problem, but store nothing
                batch.append(got)
                if len(batch) >= batch_size:
                    flush(batch)
                    batch = []
            if problems and not skip_bad:
                raise _Refused(f"{len(problems)} problem(s) (use --skip-bad to import the rest)")
            flush(batch)
            if counts["read"] == 0:
                raise _Refused("no readable articles")
    except _Refused as e:
        return fail(f"nothing imported: {e}")
    except Exception as e:  # the transaction rolled back: nothing was added
        return fail(f"nothing imported: {e}")
    if counts["added"] == 0:
        out.print(f"nothing new: all {counts['read']} article(s) are already in {store.path}")
        return 0
    msg = f"imported {counts['added']} article(s) into {store.path}"
    if as_gold:
        msg += f" as gold ({counts['spans']} spans)"
    elif suggester:
        msg += f" with {counts['spans']} suggestion(s)"
    if counts["dupes"]:
        msg += f"; {counts['dupes']} already present, skipped"
    out.print(msg)
    return 0
