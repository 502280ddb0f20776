"""Two annotators who finished seed article 000 (review_data's suggestions) in their own layers:
ann accepted all six suggestions, bob rejected the first (徐州铜山 LOC) and accepted the other five."""
from __future__ import annotations

from pathlib import Path

from review_data import seed_store

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store


def review(store: Store, who: str, steps: str, article: int = 1) -> None:
    """``x`` reject the current span, ``A`` accept all, ``d`` done."""
    s = ReviewSession(store, who, DEFAULT_LABELS)
    s.open(article)
    for k in steps:
        out = {"x": s.reject, "A": s.accept_all, "d": s.done}[k]()
        assert out.ok, out.message
    store.end_session(s.session_id)


def two_annotators(path: Path) -> Path:
    with seed_store(path) as st:
        review(st, "ann", "Ad")
        review(st, "bob", "xAd")
    return path
