"""``zs-tui resuggest [--db DB]``: refresh suggestions made by another suggester version.

Only undecided (pending) suggested spans are replaced; spans a reviewer
accepted, rejected or added stay as they are, and the new suggestions learn
from every decision already in the database.
"""
from __future__ import annotations

import argparse

from .common import add_db, open_store, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("resuggest", help="refresh stale suggestions, keeping every reviewed span")
    add_db(p)
    p.add_argument("--jobs", type=int, default=1, help="processes for suggestion (default 1)")
    p.add_argument("--all", action="store_true", help="also refresh articles already at the current version")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..suggest import Suggester, suggest_texts

    store = open_store(args.db)
    if store is None:
        return 2
    with store:
        # The version names the database's model too: retraining makes every suggestion stale.
        suggester = Suggester.from_store(store)
        version = suggester.version
        if args.all:
            ids = [a for a in store.article_ids() if store.article(a).status != "done"]
        else:
            ids = store.articles_needing_suggestions(version)
        if not ids:
            say(f"nothing to do: every article in {store.path} has suggestions from version {version}")
            return 0
        texts = [store.article(a).clean for a in ids]
        results = suggest_texts(suggester, texts, jobs=max(1, args.jobs))
        added = 0
        for aid, spans in zip(ids, results):
            added += store.replace_suggestions(aid, spans, version)
        say(f"resuggested {len(ids)} article(s) in {store.path} with version {version}:"
            f" {added} pending suggestion(s)")
    return 0
