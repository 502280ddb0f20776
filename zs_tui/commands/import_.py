"""``zs-tui import PATH...``: add articles (and their suggestions) to the database."""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_db, discard_new_db, err, fail, open_store, out


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
    from ..ingest import read_inputs

    existed = Path(args.db).exists()
    if existed:  # refuse a wrong --db before spending minutes reading a large corpus
        early = open_store(args.db)
        if early is None:
            return 2
        early.close()
    items, problems = read_inputs(args.paths, max_mb=args.max_mb)
    fatal = [p for p in problems if p.fatal]
    for p in problems:
        err.print(f"{'error' if (p.fatal or not args.skip_bad) else 'skipped'}: {p}", markup=False, soft_wrap=True)
    if fatal or (problems and not args.skip_bad):
        hint = "" if fatal else " (use --skip-bad to import the rest)"
        return fail(f"nothing imported: {len(problems)} problem(s){hint}")
    if not items:
        return fail("nothing imported: no readable articles")
    store = open_store(args.db, create=True)
    if store is None:
        return 2
    code = 1
    try:
        with store:
            code = import_items(store, items, jobs=args.jobs, as_gold=args.as_gold, suggest=not args.no_suggest)
    finally:
        if code and not existed:  # failed or interrupted: leave no empty database behind
            discard_new_db(args.db)
    return code


def import_items(store, items, jobs: int = 1, as_gold: bool = False, suggest: bool = True) -> int:  # noqa: ANN001
    """Store new items in one transaction; print what was added and skipped."""
    from ..gold import gold_spans_for

    existing = store.existing_shas(i.article.sha256 for i in items)
    seen: set[str] = set()
    new = []
    for it in items:
        if it.article.sha256 in existing or it.article.sha256 in seen:
            continue
        seen.add(it.article.sha256)
        new.append(it)
    dupes = len(items) - len(new)
    if not new:
        out.print(f"nothing new: all {len(items)} article(s) are already in {store.path}")
        return 0
    if as_gold:
        spans = []
        for it in new:
            try:
                spans.append(gold_spans_for(it))
            except ValueError as e:
                return fail(f"nothing imported: {it.article.source}: {e}")
        suggestions = [[] for _ in new]
    elif suggest:
        from ..suggest import SUGGESTER_VERSION, Suggester, suggest_texts

        suggester = Suggester.from_store(store)
        suggestions = suggest_texts(suggester, [it.article.clean for it in new], jobs=max(1, jobs))
        version = SUGGESTER_VERSION
    else:
        # Not suggested: no suggester version, so `resuggest` still finds them.
        suggestions = [[] for _ in new]
        version = ""
    try:
        with store.transaction():
            for k, it in enumerate(new):
                if as_gold:
                    store.add_article(it.article, status="done", gold_spans=spans[k])
                else:
                    store.add_article(it.article, suggestions[k], version)
    except Exception as e:  # the transaction rolled back: nothing was added
        return fail(f"nothing imported: {e}")
    n_sugg = sum(len(s) for s in suggestions)
    msg = f"imported {len(new)} article(s) into {store.path}"
    if as_gold:
        msg += f" as gold ({sum(len(s) for s in spans)} spans)"
    elif suggest:
        msg += f" with {n_sugg} suggestion(s)"
    if dupes:
        msg += f"; {dupes} already present, skipped"
    out.print(msg)
    return 0
