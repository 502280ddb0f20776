"""``zs-tui review``: open the review app."""
from __future__ import annotations

import argparse

from .common import add_db, fail, open_store, say, writable_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="open the review app (the default command)")
    add_db(p)
    p.add_argument("--annotator", default=None, help="name recorded with every action (default: login name)")
    p.add_argument("--keys", default=None, help="JSON file of key bindings: {\"accept\": \"a,enter\", ...}")
    p.add_argument("--labels", default=None, help="JSON label set replacing the default nine labels")
    p.add_argument("--list-keys", action="store_true", help="print the binding ids a --keys file can remap, and exit")
    p.add_argument("--no-learn", action="store_true",
                   help="keep stored suggestions as imported (by default an article nobody has started is "
                        "suggested again with what reviewers taught)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..actions import list_keys
    from ..labels import LabelSetError, load_labels
    from ..safety import has_unsafe
    from ..storage import StoreError, default_annotator
    from ..ui.app import ReviewApp
    from ..ui.keys import KeyConfigError, binding_ids, keymap_clashes, load_keymap

    if getattr(args, "list_keys", False):  # bare `zs-tui` passes only db/annotator/keys/labels
        for bid, keys, what in list_keys():
            say(f"{bid:<16} {keys:<22} {what}")
        return 0
    try:
        labels = load_labels(args.labels)
    except LabelSetError as e:
        return fail(str(e))
    try:
        keymap = load_keymap(args.keys, binding_ids())
    except KeyConfigError as e:
        return fail(str(e))
    clashes = keymap_clashes(keymap)
    if clashes:
        return fail(f"{args.keys}: a key would do two things ({'; '.join(clashes)})")
    annotator = args.annotator or default_annotator()
    if not annotator.strip() or has_unsafe(annotator):
        return fail(f"--annotator {annotator!r}: a name of printable characters, please "
                    "(no control characters or undecodable bytes)")
    if not writable_db(args.db):
        return fail(f"{args.db} is read-only (the file or its folder): reviewing records every key in it; "
                    "copy it somewhere writable (stats, export and sessions read it as it is)")
    store = open_store(args.db, create=False)
    if store is None:
        return 2
    with store:
        try:
            app = ReviewApp(store, annotator, labels, keymap, learn=not getattr(args, "no_learn", False),
                            retrain=not getattr(args, "no_learn", False),
                            notice=getattr(args, "notice", None))
        except StoreError as e:  # busy or read-only at start: nothing was written
            return fail(f"cannot start a review session on {args.db}: {e}")
        app.run()
    if app.session.deferred is not None:
        return fail(f"the last key ({app.session.deferred[0]}) was not saved: the database stayed busy", code=1)
    if app.return_code:  # Textual printed the error; say what it means for the work
        return fail("the review app stopped on an error; every action before it was saved", code=1)
    return 0
