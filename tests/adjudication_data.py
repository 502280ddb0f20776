"""Two annotators who finished seed article 000 (review_data's suggestions) differently, for
the adjudication tests: ann accepted all six suggestions; bob rejected 徐州铜山 (LOC), labelled
招商引资 ORG (ann: INDUSTRY), took the DATE one character shorter and accepted the rest.
So three disagreements (only ann, label, boundary) and three spans both have."""
from __future__ import annotations

from pathlib import Path

from review_data import seed_store

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession

ORG = [lab.name for lab in DEFAULT_LABELS].index("ORG")
AGREED = [(44, 48, "COMPANY"), (130, 132, "LOC"), (213, 215, "PER")]
DATE = (18, 37, "DATE")


def two_versions(path: Path, articles: int = 1) -> Path:
    with seed_store(path, articles=articles) as st:
        for aid in range(1, articles + 1):
            s = ReviewSession(st, "ann", DEFAULT_LABELS)
            s.open(aid)
            assert s.accept_all().ok and s.done().ok
            s = ReviewSession(st, "bob", DEFAULT_LABELS)
            s.open(aid)
            assert s.reject().ok and s.set_label(ORG).ok and s.resize("end", -1).ok
            assert s.accept_all().ok and s.done().ok
    return path
