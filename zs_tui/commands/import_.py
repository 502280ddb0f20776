"""``zs-tui import PATH...``: add articles (and their suggestions) to the database.

The corpus streams through in batches into a staging database of this
process (memory stays flat however many articles there are; a problem,
without --skip-bad, stores nothing), which is then published into the
target at once (zs_tui/storage/publish.py): all or nothing, and the target's
write lock is held for a copy, not for the suggester.
"""
from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..storage import SchemaError, Store, StoreError
from .common import add_db, fail, open_store, say, writable_db

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
    from ..storage.publish import publish, remove_staging, staging_path

    target = Path(args.db)
    existed = target.exists()
    if existed and not writable_db(target):
        return fail(f"nothing imported: {target} is read-only (the file or its folder)")
    if existed:  # refuse a wrong --db before spending minutes reading a large corpus
        early = open_store(args.db)
        if early is None:
            return 2
        early.close()
    elif not target.parent.is_dir():
        return fail(f"cannot create {target}: folder {target.parent} does not exist")
    files, path_problems = find_files(args.paths)
    fatal = [p for p in path_problems if p.fatal]
    for p in path_problems:
        say(f"{'error' if (p.fatal or not args.skip_bad) else 'skipped'}: {p}", to_err=True)
    if fatal or (path_problems and not args.skip_bad):
        hint = "" if fatal else " (use --skip-bad to import the rest)"
        return fail(f"nothing imported: {len(path_problems)} problem(s){hint}")
    # Everything slow (reading, cleaning, suggesting) goes into a staging
    # database of this process: the target is only read meanwhile, so review
    # apps on it never wait for the suggester; publish() then adds it all at once.
    main = open_store(args.db) if existed else None
    if existed and main is None:
        return 2
    staged = staging_path(target)
    try:
        try:
            stage = Store(staged, create=True)
        except (SchemaError, OSError, sqlite3.Error) as e:
            return fail(f"nothing imported: cannot write beside {target}: {e}")
        try:
            counts = stage_items(stage, iter_files(files, args.max_mb), jobs=args.jobs, as_gold=args.as_gold,
                                 suggest=not args.no_suggest, skip_bad=args.skip_bad, known=main)
        except _Refused as e:
            return fail(f"nothing imported: {e}")
        except Exception as e:  # staging rolled back; the target was never written
            return fail(f"nothing imported: {_cause(e)}")
        finally:
            stage.close()
            if main is not None:
                main.close()
        if counts["added"] == 0:
            say(f"nothing new: all {counts['read']} article(s) are already in {target}")
            return 0
        try:
            res = publish(staged, target)
        except (SchemaError, StoreError, sqlite3.Error, OSError) as e:
            return fail(f"nothing imported: {_cause(e)}")
    finally:
        remove_staging(staged)
    counts["added"], counts["spans"] = res.articles, res.spans
    counts["dupes"] += res.dupes
    _report(counts, target, args.as_gold, suggested=not args.no_suggest)
    return 0


def _cause(e: BaseException) -> str:
    """What went wrong, in the user's terms (disk full is said as such)."""
    msg = str(e)
    if isinstance(e, sqlite3.Error) and ("full" in msg or getattr(e, "sqlite_errorname", "") == "SQLITE_FULL"):
        return f"disk full ({msg})"
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror}" + (f": {e.filename}" if e.filename else "")
    return msg


def _report(counts: dict[str, int], path: Path, as_gold: bool, suggested: bool) -> None:
    if counts["added"] == 0:
        say(f"nothing new: all {counts['read']} article(s) are already in {path}")
        return
    msg = f"imported {counts['added']} article(s) into {path}"
    if as_gold:
        msg += f" as gold ({counts['spans']} spans)"
    elif suggested:
        msg += f" with {counts['spans']} suggestion(s)"
    if counts["dupes"]:
        msg += f"; {counts['dupes']} already present, skipped"
    say(msg)


class _Refused(Exception):
    pass


def import_items(store, items: Iterable, jobs: int = 1, as_gold: bool = False, suggest: bool = True,  # noqa: ANN001
                 skip_bad: bool = False, shown_path: Path | None = None) -> int:
    """Store new items straight into ``store`` in one transaction (seeding a new database);
    messages name ``shown_path`` (default: the store's)."""
    try:
        counts = stage_items(store, items, jobs=jobs, as_gold=as_gold, suggest=suggest, skip_bad=skip_bad)
    except _Refused as e:
        return fail(f"nothing imported: {e}")
    except Exception as e:  # the transaction rolled back: nothing was added
        return fail(f"nothing imported: {_cause(e)}")
    _report(counts, shown_path or store.path, as_gold, suggested=suggest)
    return 0


def stage_items(store, items: Iterable, jobs: int = 1, as_gold: bool = False, suggest: bool = True,  # noqa: ANN001
                skip_bad: bool = False, known=None) -> dict[str, int]:  # noqa: ANN001
    """Store new items (``Incoming`` or ``IngestProblem``) in one transaction of ``store``.

    ``known``: another store whose articles count as already present (the
    target of a staged import; only read).  Raises ``_Refused`` with the reason.
    """
    from ..gold import gold_spans_for
    from ..ingest import IngestProblem

    suggester = version = None
    if suggest and not as_gold:
        from ..suggest import Suggester, suggest_texts

        suggester = Suggester.from_store(known or store)
        version = suggester.version
    seen: set[str] = set()
    problems: list = []
    counts = {"read": 0, "added": 0, "dupes": 0, "spans": 0}

    def flush(batch: list) -> None:
        if not batch:
            return
        gold: dict[int, list] = {}
        if as_gold:  # every record's spans, even an article already stored: bad gold is never quiet
            for it in batch:
                try:
                    gold[id(it)] = gold_spans_for(it)
                except ValueError as e:
                    raise _Refused(f"{it.where or it.article.source}: {e}") from e
        existing = store.existing_shas(i.article.sha256 for i in batch)
        if known is not None:
            existing |= known.existing_shas(i.article.sha256 for i in batch)
        new = []
        for it in batch:
            if it.article.sha256 in existing or it.article.sha256 in seen:
                counts["dupes"] += 1
                continue
            seen.add(it.article.sha256)
            new.append(it)
        if as_gold:
            for it in new:
                spans = gold[id(it)]
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
    with store.transaction():
        batch: list = []
        for got in items:
            if isinstance(got, IngestProblem):
                problems.append(got)
                say(f"{'skipped' if skip_bad else 'error'}: {got}", to_err=True)
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
    return counts
