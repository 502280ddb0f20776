"""``zs-tui review``: open the review app."""
from __future__ import annotations

import argparse

from .common import add_db, fail, open_store, out


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
    from ..labels import LabelSetError, load_labels
    from ..storage import default_annotator
    from ..ui.app import ReviewApp, binding_ids, default_keys, keymap_clashes
    from ..ui.keys import KeyConfigError, load_keymap

    if getattr(args, "list_keys", False):  # bare `zs-tui` passes only db/annotator/keys/labels
        for bid, keys, what in default_keys():
            out.print(f"{bid:<16} {keys:<22} {what}", markup=False)
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
    store = open_store(args.db, create=False)
    if store is None:
        return 2
    with store:
        ReviewApp(store, args.annotator or default_annotator(), labels, keymap,
                  learn=not getattr(args, "no_learn", False), retrain=not getattr(args, "no_learn", False)).run()
    return 0
