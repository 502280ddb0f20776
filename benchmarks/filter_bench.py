"""The article list under a status filter, and n/p through it, on a big corpus.

    .venv/bin/python benchmarks/filter_bench.py DB [DB ...]

For each database (say ui_bench.py's 100,000 reviewed articles, where no
article is left to do): the first page of the list filtered by each status,
and the next article with that status after the middle of the corpus, as a
newcomer (no layer of theirs) and as ``bench`` see them; the median of
``--repeat`` calls, in ms.  Opening a database of an older schema migrates
it (a copy, then: the figures of an older checkout come from running this
script in that checkout on its own copy).  A script that prints figures,
not a timed test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui.storage.opening import open_db  # noqa: E402


def median_ms(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for db in args.db:
        with open_db(db) as st:
            n = st.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            mid = n // 2
            print(f"{db} ({n} articles), ms:")
            for who in ("newcomer", "bench"):
                for status in ("todo", "in_progress", "done"):
                    page = median_ms(partial(st.list_articles, status, offset=0, limit=38, layer=who, corpus=True),
                                     args.repeat)
                    step = median_ms(partial(st.neighbour_article, mid, 1, status, layer=who, corpus=True), args.repeat)
                    print(f"  {who:>9} {status:>11}: list page {page:8.1f}   next after #{mid} {step:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
