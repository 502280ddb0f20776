"""``zs-tui`` with no command: make sure ./annotations.db exists, then review."""
from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from ..storage import DEFAULT_DB
from .common import fail, open_store, say, seeds_dir

SEEDS_NAME = "seeds"  # what the built-in articles' source starts with, wherever the checkout is


def ensure_seeded(db: str = DEFAULT_DB, notices: list[str] | None = None) -> int:
    """Create the database from the built-in seeds if it does not exist.

    What it did is printed, and added to ``notices`` for the review app to
    show: the terminal's text is hidden behind the app while it runs."""
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
    for it in items:
        # As the user would name them, not by this machine's absolute path:
        # the same seeds export the same bytes from any checkout.
        it.article.source = (Path(SEEDS_NAME) / Path(it.article.source).relative_to(seeds)).as_posix()
    from ..storage.publish import publish, remove_staging, staging_path

    # Seeded beside the target and published whole: a failure leaves no empty
    # database (which would stop the next run from seeding), and a second
    # `zs-tui` starting at the same moment never loses its database to this one.
    message = f"new database {db} from the built-in seeds in {seeds}"
    staged = staging_path(Path(db).resolve())
    try:
        stage = open_store(str(staged), create=True)
        if stage is None:
            return 2
        with stage:
            say(message)
            code = import_items(stage, items, shown_path=Path(db))
        if code == 0:
            publish(staged, Path(db))
    finally:
        remove_staging(staged)
    if not code and notices is not None:
        notices.append(f"{message}: {len(items)} article(s) to review")
    return code


def run_default() -> int:
    notices: list[str] = []
    code = ensure_seeded(DEFAULT_DB, notices)
    if code:
        return code
    if importlib.util.find_spec("zs_tui.commands.review") is not None:
        from .review import run as review

        return review(argparse.Namespace(db=DEFAULT_DB, annotator=None, keys=None, labels=None,
                                         notice=" · ".join(notices) or None))
    from .stats import print_stats

    store = open_store(DEFAULT_DB)
    if store is None:
        return 2
    with store:
        print_stats(store.stats())
    return 0
