"""The import use case: files -> articles (then suggested, or as gold) in a database.

The corpus streams through in batches into a staging database of this
process (memory stays flat however many articles there are; a problem,
without ``skip_bad``, stores nothing), which is then published into the
target at once (zs_tui/storage/publish.py): all or nothing, and the target's
write lock is held for a copy.  The articles are stored without suggestions
and queued: reviewable at once, suggested afterwards by a pool of worker
processes (background.py).  ``seed_database`` builds a missing database from
the built-in seeds the same way (suggested before it is published: five
articles, and the app opens it at once).

Everything here returns results or raises ``ZsError``; problems found while
reading are passed to ``report`` as they are found (the CLI prints them).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zs_tui.defaults import DEFAULT_MAX_MB
from zs_tui.errors import ZsError
from zs_tui.storage import SchemaError, Store, StoreError
from zs_tui.storage.opening import open_db, require_writable

BATCH = 400
SEEDS_NAME = "seeds"  # what the built-in articles' source starts with, wherever the checkout is

Report = Callable[[str], None]
Progress = Callable[[int, int], None]  # (articles suggested, articles waiting at the start)


def _quiet(_message: str) -> None:
    pass


@dataclass
class ImportResult:
    """What an import did: ``added`` new articles with ``spans`` spans, ``dupes`` already present."""

    path: Path
    read: int = 0
    added: int = 0
    dupes: int = 0
    spans: int = 0
    as_gold: bool = False
    suggested: bool = True
    resumed: int = 0  # articles an earlier import left waiting for suggestions, suggested now

    def summary(self) -> str:
        if self.added == 0:
            msg = f"nothing new: all {self.read} article(s) are already in {self.path}"
            if self.resumed:
                msg += f"; suggested {self.resumed} article(s) that waited ({self.spans} suggestion(s))"
            return msg
        msg = f"imported {self.added} article(s) into {self.path}"
        if self.as_gold:
            msg += f" as gold ({self.spans} spans)"
        elif self.suggested:
            msg += f" with {self.spans} suggestion(s)"
            if self.resumed:
                msg += f" (and {self.resumed} article(s) an earlier import left waiting)"
        if self.dupes:
            msg += f"; {self.dupes} already present, skipped"
        return msg


def import_paths(db: str | Path, paths: Iterable[str], *, skip_bad: bool = False, max_mb: float = DEFAULT_MAX_MB,
                 jobs: int | None = None, as_gold: bool = False, suggest: bool = True,
                 report: Report = _quiet, stored: Callable[[ImportResult], None] | None = None,
                 progress: Progress | None = None) -> ImportResult:
    """``zs-tui import``: add the articles of ``paths`` to ``db`` (created if missing), all or nothing.

    The articles are committed first, without suggestions (``stored`` is
    called then: they can be reviewed from now on); then, with ``suggest``,
    a pool of ``jobs`` processes (None: the cores) suggests every article
    that waits, this import's and any an interrupted one left
    (background.py, ``progress`` after each batch)."""
    from zs_tui.storage.publish import open_staging, publish, remove_staging, staging_path

    from .inputs import find_files, iter_files

    target = Path(db)
    existed = target.exists()
    if existed:
        require_writable(target, why=None, prefix="nothing imported: ")
    if existed:  # refuse a wrong --db before spending minutes reading a large corpus
        open_db(target).close()
    elif not target.parent.is_dir():
        raise ZsError(f"cannot create {target}: folder {target.parent} does not exist")
    files, path_problems = find_files(list(paths))
    fatal = [p for p in path_problems if p.fatal]
    for p in path_problems:
        report(f"{'error' if (p.fatal or not skip_bad) else 'skipped'}: {p}")
    if fatal or (path_problems and not skip_bad):
        raise ZsError(f"nothing imported: {len(path_problems)} problem(s)",
                      None if fatal else "use --skip-bad to import the rest")
    # Everything slow (reading, cleaning, suggesting) goes into a staging
    # database of this process: the target is only read meanwhile, so review
    # apps on it never wait for the suggester; publish() then adds it all at once.
    main = open_db(target) if existed else None
    staged = staging_path(target)
    try:
        try:
            stage = open_staging(staged)
        except (SchemaError, OSError, sqlite3.Error) as e:
            if main is not None:
                main.close()
            raise ZsError(f"nothing imported: cannot write beside {target}: {e}") from e
        try:
            res = stage_items(stage, iter_files(files, max_mb), as_gold=as_gold, suggest=suggest,
                              skip_bad=skip_bad, known=main, report=report)
        finally:
            stage.close()
            if main is not None:
                main.close()
        res.path = target
        if res.added:
            try:
                published = publish(staged, target)
            except (SchemaError, StoreError, sqlite3.Error, OSError) as e:
                raise ZsError(f"nothing imported: {_cause(e)}") from e
            res.added, res.spans = published.articles, published.spans
            res.dupes += published.dupes
    finally:
        remove_staging(staged)
    if stored is not None:
        stored(res)
    if suggest and not as_gold and target.exists():
        from .background import suggest_pending

        done = suggest_pending(target, jobs=jobs, progress=progress or _no_progress)
        res.spans += done.spans
        res.resumed = max(0, done.articles - res.added)
    return res


def _no_progress(_done: int, _total: int) -> None:
    pass


def _cause(e: BaseException) -> str:
    """What went wrong, in the user's terms (disk full is said as such)."""
    msg = str(e)
    if isinstance(e, sqlite3.Error) and ("full" in msg or getattr(e, "sqlite_errorname", "") == "SQLITE_FULL"):
        return f"disk full ({msg})"
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror}" + (f": {e.filename}" if e.filename else "")
    return msg


def stage_items(store: Store, items: Iterable[Any], as_gold: bool = False, suggest: bool = True,
                skip_bad: bool = False, known: Store | None = None, report: Report = _quiet) -> ImportResult:
    """Store new items (``Incoming`` or ``IngestProblem``) in one transaction of ``store``
    (``suggest``: queued for suggestions, see background.py).

    ``known``: another store whose articles count as already present (the
    target of a staged import; only read).  Raises ``ZsError`` ("nothing
    imported: ...") and stores nothing when the import is refused or fails.
    """
    try:
        return _stage(store, items, as_gold, suggest, skip_bad, known, report)
    except Exception as e:  # the transaction rolled back: nothing was added
        if type(e) is ZsError:  # a refusal of _stage's, already worded
            raise
        raise ZsError(f"nothing imported: {_cause(e)}") from e


def _stage(store: Store, items: Iterable[Any], as_gold: bool, suggest: bool, skip_bad: bool,
           known: Store | None, report: Report) -> ImportResult:
    from .gold_import import gold_spans_for
    from .inputs import IngestProblem

    seen: set[str] = set()
    problems: list[Any] = []
    res = ImportResult(Path(store.path), as_gold=as_gold, suggested=suggest)

    def flush(batch: list[Any]) -> None:
        if not batch:
            return
        gold: dict[int, list[Any]] = {}
        if as_gold:  # every record's spans, even an article already stored: bad gold is never quiet
            for it in batch:
                try:
                    gold[id(it)] = gold_spans_for(it)
                except ValueError as e:
                    raise ZsError(f"nothing imported: {it.where or it.article.source}: {e}") from e
        existing = store.existing_shas(i.article.sha256 for i in batch)
        if known is not None:
            existing |= known.existing_shas(i.article.sha256 for i in batch)
        new = []
        for it in batch:
            if it.article.sha256 in existing or it.article.sha256 in seen:
                res.dupes += 1
                continue
            seen.add(it.article.sha256)
            new.append(it)
        if as_gold:
            for it in new:
                spans = gold[id(it)]
                store.add_article(it.article, status="done", gold_spans=spans)
                res.spans += len(spans)
        else:
            # Stored without suggestions, at storing speed: those are the
            # background's (background.py), so the articles are queued for it;
            # --no-suggest queues nothing and records no suggester version,
            # so `resuggest` still finds them.
            ids = store.add_articles([it.article for it in new])
            if suggest:
                store.queue_for_suggestions(ids)
        res.added += len(new)

    batch_size = BATCH * 8
    with store.transaction():
        batch: list[Any] = []
        for got in items:
            if isinstance(got, IngestProblem):
                problems.append(got)
                report(f"{'skipped' if skip_bad else 'error'}: {got}")
                continue
            res.read += 1
            if problems and not skip_bad:
                continue  # keep reading to report every problem, but store nothing
            batch.append(got)
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        if problems and not skip_bad:
            raise ZsError(f"nothing imported: {len(problems)} problem(s)", "use --skip-bad to import the rest")
        flush(batch)
        if res.read == 0:
            raise ZsError("nothing imported: no readable articles")
    return res


def seeds_dir() -> Path | None:
    """The built-in corpus: ./seeds, else the seeds/ beside the package source."""
    for cand in (Path.cwd() / "seeds", Path(__file__).resolve().parents[2] / "seeds"):
        if cand.is_dir() and any(cand.glob("*.txt")):
            return cand
    return None


@dataclass
class SeedResult:
    """A database created from the built-in seeds (``seeds``: the folder they came from)."""

    imported: ImportResult
    seeds: Path

    @property
    def message(self) -> str:
        return f"new database {self.imported.path} from the built-in seeds in {self.seeds}"

    @property
    def notice(self) -> str:
        """What the review app shows: the terminal's text is hidden behind the app while it runs."""
        return f"{self.message}: {self.imported.added} article(s) to review"


def seed_database(db: str | Path, report: Report = _quiet) -> SeedResult | None:
    """Create ``db`` from the built-in seeds if it does not exist (None: it exists, untouched)."""
    if Path(db).exists():
        return None
    seeds = seeds_dir()
    if seeds is None:
        raise ZsError("no database here and no seeds/ folder to create one from", "run `zs-tui import PATH`")
    from zs_tui.storage.publish import publish, remove_staging, staging_path

    from .inputs import read_inputs

    items, problems = read_inputs([str(seeds)])
    if problems:
        raise ZsError("; ".join(map(str, problems)))
    for it in items:
        # As the user would name them, not by this machine's absolute path:
        # the same seeds export the same bytes from any checkout.
        it.article.source = (Path(SEEDS_NAME) / Path(it.article.source).relative_to(seeds)).as_posix()
    # Seeded beside the target and published whole: a failure leaves no empty
    # database (which would stop the next run from seeding), and a second
    # `zs-tui` starting at the same moment never loses its database to this one.
    staged = staging_path(Path(db).resolve())
    try:
        with open_db(staged, create=True) as stage:
            res = stage_items(stage, items, report=report)
        # five articles: suggested here, before anyone can open the database
        from .background import suggest_pending

        res.spans = suggest_pending(staged, jobs=0).spans
        publish(staged, Path(db))
    finally:
        remove_staging(staged)
    res.path = Path(db)
    return SeedResult(res, seeds)
