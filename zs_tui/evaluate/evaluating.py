"""The eval use case: per-label scores of suggestions against a gold JSONL.

What is scored:
- ``db``: the suggestions stored in the database for its articles
  (what reviewers were offered), articles paired with gold by file name;
- ``paths``: the suggester run now on those files;
- neither: the suggester run now on the gold texts themselves.
The figures are those of ``shared/tools/evaluate.py`` (see zs_tui/evaluate/metrics.py).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from zs_tui.errors import ZsError


def _quiet(_message: str) -> None:
    pass


def evaluate_suggestions(gold_path: str | Path, paths: Sequence[str] = (), db: str | Path | None = None,
                         jobs: int = 1, report: Callable[[str], None] = _quiet) -> dict[str, Any]:
    """``zs-tui eval``: the scores (``zs_tui.evaluate.metrics.score``'s result); unreadable PATHs go to ``report``."""
    from .metrics import load_jsonl_lines, score

    if db and paths:
        raise ZsError("give either --db or PATHs, not both")
    try:
        lines = load_jsonl_lines(gold_path)
    except OSError as e:
        raise ZsError(f"cannot read gold {gold_path}: {e.strerror or e}") from e
    except ValueError as e:  # names file:line already
        raise ZsError(f"gold {e}") from e
    for n, g in lines:  # n is the file's line (blank lines count), as import reports
        if why := _bad_gold(g):
            raise ZsError(f"gold {gold_path}:{n}: {why}")
    if not lines:  # all-zero figures for an empty file would read as a score
        raise ZsError(f"no gold records in {gold_path}")
    gold = [g for _, g in lines]
    if db:
        pred = _from_db(db)
    elif paths:
        pred = _from_paths(paths, jobs, report)
    else:
        from zs_tui.suggest import Suggester, suggest_texts

        spans = suggest_texts(Suggester(), [g["text"] for g in gold], jobs=max(1, jobs))
        pred = [{"text": g["text"], "spans": s, "meta": {"source": g.get("source", "")}} for g, s in zip(gold, spans)]
    return score(gold, pred)


def _bad_gold(g: object) -> str | None:
    """Why a gold record cannot be scored (None: it can)."""
    if not isinstance(g, dict) or not isinstance(g.get("text"), str) or not isinstance(g.get("spans"), list):
        return 'expected {"text": "...", "spans": [{"start", "end", "label"}, ...]}'
    for s in g["spans"]:
        if not isinstance(s, dict):
            return f"span {s!r} is not an object"
        start, end, label = s.get("start"), s.get("end"), s.get("label")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            return f"span {s!r}: start and end must be integer offsets"
        if not 0 <= start < end <= len(g["text"]):
            return f"span {s!r} is outside the text (0..{len(g['text'])})"
        if not isinstance(label, str):
            return f"span {s!r}: label must be a string"
    return None


def _from_paths(paths: Sequence[str], jobs: int, report: Callable[[str], None]) -> list[dict[str, Any]]:
    from zs_tui.ingest.inputs import read_inputs
    from zs_tui.suggest import Suggester, suggest_texts

    items, problems = read_inputs(list(paths))
    for p in problems:
        report(f"skipped: {p}")
    if not items:
        raise ZsError("no readable articles")
    spans = suggest_texts(Suggester(), [it.article.clean for it in items], jobs=max(1, jobs))
    return [{"text": it.article.clean, "spans": s, "meta": {"source": it.article.source}}
            for it, s in zip(items, spans)]


def _from_db(path: str | Path) -> list[dict[str, Any]]:
    from zs_tui.storage.opening import open_db

    if not Path(path).exists():
        raise ZsError(f"no database at {path}")
    with open_db(path, read_only_ok=True) as store:
        pred = []
        for aid in store.article_ids():
            art = store.article(aid)
            pred.append({"text": art.clean, "spans": store.suggestions(aid), "meta": {"source": art.source}})
    return pred
