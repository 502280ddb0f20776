"""``zs-tui export``: write the gold set (accepted spans of reviewed articles).

Formats: ``jsonl`` (spaCy / Prodigy: text, spans, meta, answer, hashes),
``doccano`` (text, label triples) and ``conll`` (one character per line,
``--scheme bio|bmes``); see zs_tui/export/.  ``--status`` picks articles by
status, ``done`` by default, ``any`` for all (pending suggestions are never
exported, whatever the status); ``--annotator`` keeps the articles marked done
by that annotator.  The file is written whole or not at all.
"""
from __future__ import annotations

import argparse
from contextlib import closing

from ..storage.schema import STATUSES
from .common import add_db, fail, open_store, say


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..export import FORMATS
    from ..export.conll import SCHEMES

    p = sub.add_parser("export", help="write the gold set as JSONL (spaCy/Prodigy), doccano JSONL or CoNLL")
    add_db(p)
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default jsonl)")
    p.add_argument("--scheme", choices=SCHEMES, default=None, help="conll tags: bio (default) or bmes")
    p.add_argument("--output", "-o", default="-", metavar="FILE", help="file to write, - for standard output (default)")
    p.add_argument("--status", choices=(*STATUSES, "any"), default="done",
                   help="articles with this status (default done); any: every article")
    p.add_argument("--annotator", default=None, help="only articles marked done by this annotator")
    p.add_argument("--layer", default=None, metavar="adjudicated|NAME",
                   help="whose spans and status: an annotator's layer or the adjudicated one (default: the "
                        "adjudicated layer if there is one, else the only annotator's)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..export import write_gold
    from ..output import atomic_output, check_writable, is_database_file

    if args.scheme and args.format != "conll":
        return fail("--scheme applies to --format conll only")
    if is_database_file(args.output, args.db):
        return fail(f"--output {args.output} is the database (or one of its files); "
                    "export to another file; nothing was written")
    try:
        check_writable(args.output)
    except OSError as e:
        return fail(f"cannot write {args.output}: {e.strerror}; nothing was exported")
    store = open_store(args.db, create=False, read_only_ok=True)
    if store is None:
        return 2
    from ..storage.layers import LayerError

    status = None if args.status == "any" else args.status
    with store:
        try:
            layer = store.pick_layer(args.layer, status)
        except LayerError as e:
            return fail(f"{e}; nothing was exported")
        rows = store.iter_gold(status, args.annotator, layer=layer)
        try:
            # closing(): end the read transaction even when writing fails half way
            with closing(rows), atomic_output(args.output) as fp:
                counts = write_gold(rows, fp, args.format, args.scheme or "bio")
        except OSError as e:
            return fail(f"cannot write {args.output}: {e.strerror or e}; nothing was exported")
    which = (f"status {args.status}" + (f", marked done by {args.annotator}" if args.annotator else "")
             + (f", layer {layer}" if layer else ""))
    msg = f"exported {counts.articles} article(s) ({which}), {counts.spans} span(s), as {args.format}"
    if args.output == "-":
        say(msg, to_err=True)
    else:
        say(f"{msg} to {args.output}")
    return 0
