"""``zs-tui review`` and bare ``zs-tui``: open the review app.

Bare ``zs-tui [--db F]`` first creates a missing database from the built-in
seeds (``zs_tui.ingest.importing.seed_database``); the app then shows what was done,
since its screen hides the terminal's text.
"""
from __future__ import annotations

import importlib.util

import click

from .options import review_options


@click.command("review")
@review_options
def command(db: str, annotator: str | None, ask_annotator: bool, keys: str | None, labels: str | None,
            list_keys: bool, no_learn: bool) -> int:
    """Open the review app (annotator: the login name by default, or asked on the first screen)."""
    return run_review(db, annotator, keys, labels, list_keys, no_learn, ask_annotator=ask_annotator)


def run_bare(db: str, annotator: str | None = None, keys: str | None = None, labels: str | None = None,
             list_keys: bool = False, no_learn: bool = False, ask_annotator: bool = False) -> int:
    """``zs-tui`` with no command: seed ``db`` if it is missing, then review it."""
    from zs_tui.ingest.importing import seed_database
    from zs_tui.output import note, say

    notice = None
    if not list_keys:
        seeded = seed_database(db, report=note)
        if seeded is not None:
            say(seeded.message)
            say(seeded.imported.summary())
            notice = seeded.notice
    if importlib.util.find_spec("zs_tui.ui.app") is None:  # a build without the app
        from zs_tui.storage.opening import database_stats

        from .stats import print_stats

        print_stats(database_stats(db))
        return 0
    return run_review(db, annotator, keys, labels, list_keys, no_learn, notice=notice, ask_annotator=ask_annotator)


def run_review(db: str, annotator: str | None, keys: str | None, labels: str | None, list_keys: bool = False,
               no_learn: bool = False, notice: str | None = None, ask_annotator: bool = False) -> int:
    if list_keys:
        from zs_tui.output import say
        from zs_tui.review.actions import list_keys as key_list

        for bid, key, what in key_list():
            say(f"{bid:<16} {key:<22} {what}")
        return 0
    from zs_tui.ui.idle_gc import start_paused

    with start_paused():  # no garbage collection before the first frame
        return _run_app(db, annotator, keys, labels, no_learn, notice, ask_annotator)


def _run_app(db: str, annotator: str | None, keys: str | None, labels: str | None, no_learn: bool,
             notice: str | None, ask_annotator: bool) -> int:
    from zs_tui.errors import ZsError
    from zs_tui.labels import load_labels
    from zs_tui.review.annotator import annotator_problem
    from zs_tui.storage import StoreError, default_annotator
    from zs_tui.storage.opening import open_db, require_writable
    from zs_tui.ui.app import ReviewApp
    from zs_tui.ui.keys import binding_ids, keymap_clashes, load_keymap

    label_set = load_labels(labels)
    keymap = load_keymap(keys, binding_ids())
    clashes = keymap_clashes(keymap)
    if clashes:
        raise ZsError(f"{keys}: a key would do two things ({'; '.join(clashes)})")
    # --ask-annotator (each browser tab of `zs-tui serve`): the app's first screen asks
    name = None if ask_annotator else default_annotator() if annotator is None else annotator  # "" is refused
    if name is not None and (problem := annotator_problem(name)):
        raise ZsError(f"--annotator {name!r}: {problem}; a name of printable characters, please")
    require_writable(db)
    with open_db(db) as store:
        try:
            app = ReviewApp(store, name, label_set, keymap, learn=not no_learn, retrain=not no_learn, notice=notice,
                            learner_process=True)
        except StoreError as e:  # busy or read-only at start: nothing was written
            raise ZsError(f"cannot start a review session on {db}: {e}") from e
        app.run()
    if app.terminal_lost:  # stderr was that terminal: tell() falls back to stdout
        from zs_tui.ui.terminal_watch import TERMINAL_LOST_CODE, tell

        kept = ("" if app.session is None or app.session.deferred is None else
                f"; the last key ({app.session.deferred[0]}) was NOT saved: the database stayed busy")
        tell(f"zs-tui review: the terminal went away ({app.terminal_lost}); "
             f"every action before it was saved{kept}")
        return TERMINAL_LOST_CODE
    if app.session is not None and app.session.deferred is not None:
        raise ZsError(f"the last key ({app.session.deferred[0]}) was not saved: the database stayed busy", exit_code=1)
    if app.return_code:  # Textual printed the error; say what it means for the work
        raise ZsError("the review app stopped on an error; every action before it was saved", exit_code=1)
    return 0
