"""``zs-tui import PATH...``: the CLI of ``zs_tui.ingest.importing.import_paths``."""
from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import click

from .options import cores_jobs_option, db_option, max_mb_option


@click.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option()
@click.option("--skip-bad", is_flag=True,
              help="skip unreadable files and broken JSONL lines instead of refusing the import")
@max_mb_option
@cores_jobs_option
@click.option("--as-gold", is_flag=True, help="JSONL with spans: store them as reviewed gold (status done)")
@click.option("--no-suggest", is_flag=True, help="store articles without machine suggestions")
def command(paths: tuple[str, ...], db: str, skip_bad: bool, max_mb: float, jobs: int | None, as_gold: bool,
            no_suggest: bool) -> int:
    """Import .txt files, directories (recursively) and .jsonl files ({"text", "meta"} per line).

    All or nothing: any bad input refuses the whole import (unless --skip-bad).
    The articles are committed first and can be reviewed at once; then their
    suggestions are computed by --jobs processes (a kill loses none that were
    committed: the same import again, or `zs-tui resuggest --pending`, goes on)."""
    from zs_tui.ingest.importing import import_paths
    from zs_tui.output import note, progress, say

    def stored(res: Any) -> None:
        if res.added and not as_gold and not no_suggest:
            note(f"stored {res.added} article(s) in {res.path}: they can be reviewed now; suggesting them")

    with progress("suggesting") if not (as_gold or no_suggest) else nullcontext(None) as bar:
        res = import_paths(db, paths, skip_bad=skip_bad, max_mb=max_mb, jobs=jobs, as_gold=as_gold,
                           suggest=not no_suggest, report=note, stored=stored, progress=bar)
    say(res.summary())
    return 0
