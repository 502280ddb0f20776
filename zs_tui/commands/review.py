"""``zs-tui review``: open the review app."""
from __future__ import annotations

import argparse

from .common import add_db, fail, open_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="open the review app (the default command)")
    add_db(p)
    p.add_argument("--annotator", default=None, help="name recorded with every action (default: login name)")
    p.add_argument("--keys", default=None, help="JSON file of key bindings: {\"accept\": \"a,enter\", ...}")
    p.add_argument("--labels", default=None, help="JSON label set replacing the default nine labels")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..labels import LabelSetError, load_labels
    from ..storage import default_annotator
    from ..ui.app import ReviewApp
    from ..ui.article_view import ArticleView
    from ..ui.keys import KeyConfigError, load_keymap

    try:
        labels = load_labels(args.labels)
    except LabelSetError as e:
        return fail(str(e))
    ids = {b.id for b in ArticleView.BINDINGS + ReviewApp.BINDINGS if b.id}
    try:
        keymap = load_keymap(args.keys, ids)
    except KeyConfigError as e:
        return fail(str(e))
    store = open_store(args.db, create=False)
    if store is None:
        return 2
    with store:
        ReviewApp(store, args.annotator or default_annotator(), labels, keymap).run()
    return 0
