"""What per-annotator layers cost the queries a reviewer waits for.

    .venv/bin/python benchmarks/layers_bench.py            # 20,000 articles
    .venv/bin/python benchmarks/layers_bench.py --articles 100000 --db /tmp/big.db   # kept for another run

Builds a database of N short articles with 8 suggestions each, gives two
annotators a layer on a tenth of them (half of those done), and prints the
median time of: the next article for an annotator (``next_for``, overlap 0
and 0.5), a page of the article list as an annotator sees it, the article
count by status for the list's filter (also as the review screen reads them,
the corpus's progress), opening an article's spans, and
exporting (``iter_gold``) the whole set.  A script that prints figures, not
a timed test: run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui.ingest.inputs import make_article  # noqa: E402
from zs_tui.storage import Store  # noqa: E402
from zs_tui.storage.layers import take_layer  # noqa: E402


def timed(fn, n: int = 20) -> float:  # noqa: ANN001
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def build(path: Path, n: int) -> None:
    with Store(path) as st, st.transaction():
        for i in range(n):
            text = f"第{i}篇：某市{i % 97}区与某{i % 89}科技有限公司签约，总投资{i % 50}亿元。\n" * 2
            sugg = [{"start": k * 4, "end": k * 4 + 3, "label": "LOC"} for k in range(8)]
            aid = st.add_article(make_article(text, f"{i}.txt", "utf-8"), sugg, "bench")
            if i % 10 == 0:
                for who in ("ann", "bob"):
                    take_layer(st.conn, aid, who)
                status = "done" if i % 20 == 0 else "in_progress"
                st.conn.execute("UPDATE layers SET status=? WHERE article_id=? AND annotator='ann'", (status, aid))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--db", default=None, help="reuse this database if it exists, else build it there and keep it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(args.db) if args.db else Path(d) / "bench.db"
        if not path.exists():
            t = time.perf_counter()
            build(path, args.articles)
            print(f"{args.articles} articles built in {time.perf_counter() - t:.1f} s")
        with Store(path) as st:
            print(f"{st.count_articles()} articles")
            mid = args.articles // 2
            print(f"next_for ann (overlap 0)          {timed(lambda: st.next_for('ann', mid)):8.2f} ms")
            print(f"next_for cy, a new annotator      {timed(lambda: st.next_for('cy', mid)):8.2f} ms")
            st.set_setting("overlap", 0.5)
            print(f"next_for bob (overlap 0.5)        {timed(lambda: st.next_for('bob', mid)):8.2f} ms")
            st.set_setting("overlap", 0.0)
            print(f"list page of 40 as ann            {timed(lambda: st.list_articles(offset=mid, limit=40, layer='ann')):8.2f} ms")
            print(f"count done as ann (list filter)   {timed(lambda: st.count_articles('done', layer='ann'), 5):8.2f} ms")
            # what the review screen reads: the corpus's progress, ann's layer where she has one
            print(f"list page of 40 as cy (corpus)    {timed(lambda: st.list_articles(offset=mid, limit=40, layer='cy', corpus=True)):8.2f} ms")
            print(f"count done as cy (corpus)         {timed(lambda: st.count_articles('done', layer='cy', corpus=True), 5):8.2f} ms")
            print(f"x/y done as cy (count_by_status)  {timed(lambda: st.count_by_status('cy', corpus=True), 5):8.2f} ms")
            print(f"spans of an article as ann        {timed(lambda: st.spans(mid // 10 * 10, layer='ann')):8.2f} ms")
            print(f"export (iter_gold --layer ann)    {timed(lambda: sum(1 for _ in st.iter_gold('done', layer='ann')), 3):8.2f} ms")
            print(f"export (iter_gold, single view)   {timed(lambda: sum(1 for _ in st.iter_gold('done')), 3):8.2f} ms")
            print(f"stats                             {timed(lambda: st.stats(), 3):8.2f} ms")


if __name__ == "__main__":
    main()
