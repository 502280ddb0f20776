"""``zs-tui`` with no command: make sure ./annotations.db exists, then review."""
from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from ..storage import DEFAULT_DB
from .common import discard_new_db, fail, open_store, seeds_dir, say


def ensure_seeded(db: str = DEFAULT_DB) -> int:
    """Create the database from the built-in seeds if it does not exist."""
    if Path(db).exists():
        return 0
    seeds = seeds_dir()
    if seeds is None:
        return fail("no database here and no seeds/ folder to create one from; run `zs-tui import PATH`")
    from ..ingest import read_inputs
    from .import_ import import_items

    items, problems = read_inputs([str(seeds)])
    if problems:
        return fail("; ".join(map(str, problems)))
    store = open_store(db, create=True)
    if store is None:
        return 2
    code = 1
    try:
        with store:
            say(f"new database {db} from the built-in seeds in {seeds}")
            code = import_items(store, items)
    finally:
        if code:  # an empty database would stop the next run from seeding
            discard_new_db(db)
    return code


def run_default() -> int:
    code = ensure_seeded(DEFAULT_DB)
    if code:
        return code
    if importlib.util.find_spec("zs_tui.commands.review") is not None:
        from .review import run as review

        return review(argparse.Namespace(db=DEFAULT_DB, annotator=None, keys=None, labels=None))
    from .stats import print_stats

    store = open_store(DEFAULT_DB)
    if store is None:
        return 2
    with store:
        print_stats(store.stats())
    return 0
