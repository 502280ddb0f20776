"""The suggester's use cases: ``suggest`` (files -> spans, nothing written),
``resuggest`` (refresh a database's stale suggestions) and ``train`` (the
trained layer, on the dev gold plus a database's reviewed articles).

These open databases, so they live here, beside the suggester's core,
which never imports storage.  Each returns a result or raises ``ZsError``;
progress and skipped inputs go to ``report``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zs_tui.defaults import DEFAULT_MAX_MB

from ..errors import ZsError

Report = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


@dataclass
class SuggestResult:
    """One ``{"text", "spans", "meta"}`` record per readable article; ``problems``: what was skipped."""

    records: list[dict[str, Any]]
    problems: list[Any] = field(default_factory=list)


def suggest_paths(paths: Sequence[str], db: str | Path | None = None, jobs: int = 1, max_mb: float = DEFAULT_MAX_MB,
                  report: Report = _quiet) -> SuggestResult:
    """``zs-tui suggest``: suggestions for the articles of ``paths`` (learning from ``db``'s decisions)."""
    from zs_tui.ingest.inputs import read_inputs

    from . import Suggester, suggest_texts
    from .records import suggested_record

    items, problems = read_inputs(list(paths), max_mb=max_mb)
    for p in problems:
        report(f"skipped: {p}")
    if not items:
        raise ZsError("no readable articles")
    suggester = Suggester()
    if db:
        from ..storage.opening import open_db

        with open_db(db) as store:
            suggester = Suggester.from_store(store)
    results = suggest_texts(suggester, [it.article.clean for it in items], jobs=max(1, jobs))
    records = [suggested_record(it.article.clean, spans, it.article.source) for it, spans in zip(items, results)]
    return SuggestResult(records, problems)


@dataclass
class ResuggestResult:
    db: str
    version: str
    articles: int
    pending: int

    def summary(self) -> str:
        if not self.articles:
            return f"nothing to do: every article in {self.db} has suggestions from version {self.version}"
        return (f"resuggested {self.articles} article(s) in {self.db} with version {self.version}:"
                f" {self.pending} pending suggestion(s)")


def resuggest(db: str | Path, jobs: int = 1, every: bool = False) -> ResuggestResult:
    """``zs-tui resuggest``: new suggestions where an older suggester version made them (``every``:
    every article not done); only pending suggested spans are replaced, every decision is kept."""
    from ..storage.opening import open_db
    from . import Suggester, suggest_texts

    with open_db(db) as store:
        # The version names the database's model too: retraining makes every suggestion stale.
        suggester = Suggester.from_store(store)
        version = suggester.version
        if every:
            ids = [a for a in store.article_ids() if store.article(a).status != "done"]
        else:
            ids = store.articles_needing_suggestions(version)
        if not ids:
            return ResuggestResult(str(store.path), version, 0, 0)
        texts = [store.article(a).clean for a in ids]
        results = suggest_texts(suggester, texts, jobs=max(1, jobs))
        added = 0
        for aid, spans in zip(ids, results):
            added += store.replace_suggestions(aid, spans, version)
        return ResuggestResult(str(store.path), version, len(ids), added)


@dataclass
class TrainOutcome:
    """A trained model written to ``target``, trained on ``source``; ``result`` holds the figures."""

    result: Any  # suggest.train.TrainResult
    target: Path
    source: str
    folds: int
    seeds_in_training: int  # dev articles always trained on, never cross-validated

    def decision(self) -> list[str]:
        """How the model and the rules combine, and the cross-validated figures that decided it."""
        from .train import describe_policy

        return describe_policy(self.result.policy, self.result.tried, self.result.cv_articles)


def train(db: str | Path | None = None, folds: int = 12, output: str | Path | None = None,
          report: Report = _quiet) -> TrainOutcome:
    """``zs-tui train``: the trained layer on the dev gold (plus ``db``'s articles reviewed to done),
    written to ``output`` (default: the package's default model, or ``DB.crf`` beside ``db``)."""
    from ..labels import load_labels
    from .model import db_model_path, default_model_path, write_model
    from .train import DB_DOC, dev_gold_dir, train_model, training_set

    if folds < 0:
        raise ZsError("--folds must be 0 or more")
    if db:
        from ..storage.opening import open_db

        with open_db(db) as store:
            docs, _seeds = training_set(store)
            n_db = sum(1 for d in docs if d.name.startswith(DB_DOC))
        # The database's own cross-validation decides: its reviewed articles
        # are judged, the dev gold is only trained on (the rules were written
        # on it, so there they look better than on this database's articles).
        fixed = {d.name for d in docs if not d.name.startswith(DB_DOC)}
        target = Path(output) if output else db_model_path(db)
        source = f"dev gold + {n_db} reviewed article(s) of {db}"
        if dev_gold_dir() is None:
            report("note: the dev gold (tests/data of a source checkout) is not here: training on the database alone")
    else:
        docs, fixed = training_set(None)
        if not docs:
            raise ZsError("the dev gold (tests/data/gold_seeds.jsonl, gold_web.jsonl) is not here",
                          "run from a source checkout")
        target = Path(output) if output else default_model_path()
        source = "dev gold"
    if not docs:
        raise ZsError(f"nothing to train on: no article of {db} is reviewed to done")
    if not target.parent.is_dir():
        raise ZsError(f"cannot write {target}: folder {target.parent} does not exist")
    labels = {lab.name for lab in load_labels()} | {s["label"] for d in docs for s in d.spans}
    # Without cross-validation (--folds 0, or fewer than 2 articles to judge)
    # the model is off: a per-database model that fills the rules' gaps
    # unmeasured cost 0.01 F1 on the learning curve.
    res = train_model(docs, labels, folds=folds, fixed=fixed, source=source, progress=report)
    write_model(target, res.data)
    return TrainOutcome(res, target, source, folds, len(fixed & {d.name for d in docs}))
