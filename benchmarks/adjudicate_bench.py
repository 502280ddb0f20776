"""What the adjudication walk costs the keys an adjudicator waits for.

    .venv/bin/python benchmarks/adjudicate_bench.py                       # 20,000 articles
    .venv/bin/python benchmarks/adjudicate_bench.py --db /tmp/adj.db      # kept for another run
    .venv/bin/python benchmarks/adjudicate_bench.py --db /tmp/adj.db --code /work/main   # another checkout's code

Builds a database of N articles (about 1,500 characters each, 8 accepted
spans) that one annotator finished, a few hundred of which (``--twice``) a
second one finished too with one label changed: the walk.  Then, on a fresh
copy, prints the median time of opening the walk (``start_adjudication``),
of ``n`` / ``p``, of ``n`` after another connection committed (an
annotator's done elsewhere, as under ``serve``), and of ``d`` (done, on to
the next article).  ``--code`` imports zs_tui from another checkout, to put
the figures before and after a change side by side on one database.  A
script that prints figures, not a timed test: run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ap = argparse.ArgumentParser()
ap.add_argument("--articles", type=int, default=20000)
ap.add_argument("--twice", type=int, default=300, help="articles a second annotator finished differently")
ap.add_argument("--db", default=None, help="reuse this database if it exists, else build it there and keep it")
ap.add_argument("--code", default=str(Path(__file__).resolve().parents[1]), help="the checkout whose zs_tui is timed")
args = ap.parse_args()
sys.path.insert(0, args.code)

import zs_tui  # noqa: E402
from zs_tui.ingest.inputs import make_article  # noqa: E402
from zs_tui.labels import DEFAULT_LABELS  # noqa: E402
from zs_tui.review.adjudication import start_adjudication  # noqa: E402
from zs_tui.storage import Store  # noqa: E402
from zs_tui.storage.layers import take_layer  # noqa: E402

LINE = "某市{a}区与某{b}科技有限公司签约，总投资{c}亿元，项目位于开发区，预计年产值百亿元。\n"


def build(path: Path, n: int, twice: int) -> None:
    step = max(1, n // max(1, twice))
    with Store(path) as st, st.transaction():
        for i in range(n):
            text = f"第{i}篇\n" + "".join(LINE.format(a=(i + k) % 97, b=(i * k) % 89, c=k) for k in range(40))
            sugg = [{"start": 4 + k * 40, "end": 4 + k * 40 + 3, "label": "LOC"} for k in range(8)]
            aid = st.add_article(make_article(text, f"{i}.txt", "utf-8"), sugg, "bench")
            take_layer(st.conn, aid, "ann")
            if i % step == 0 and i // step < twice:
                take_layer(st.conn, aid, "bob")
                st.conn.execute("UPDATE spans SET label='ORG' WHERE id=(SELECT min(id) FROM spans"
                                " WHERE article_id=? AND layer='bob')", (aid,))
        st.conn.execute("UPDATE spans SET state='accepted' WHERE layer IN ('ann', 'bob')")
        st.conn.execute("UPDATE layers SET status='done'")


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:9.1f} ms"


def timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(args.db) if args.db else Path(d) / "bench.db"
        if not path.exists():
            t = time.perf_counter()
            build(path, args.articles, args.twice)
            print(f"built {args.articles} articles ({args.twice} finished by two) in {time.perf_counter() - t:.1f} s")
        work = Path(d) / "work.db"
        shutil.copyfile(path, work)
        print(f"zs_tui from {Path(zs_tui.__file__).parent}")
        with Store(work) as st, Store(work) as other:
            t = time.perf_counter()
            s = start_adjudication(st, "carol", DEFAULT_LABELS)
            print(f"open the walk ({len(s.walk)} articles){median_ms([time.perf_counter() - t])}")
            s.counts()
            np = [timed(lambda step=step: (s.step_article(step), s.counts())) for step in (1, -1) * 10]
            print(f"n / p (median of 20)         {median_ms(np)}")
            # another annotator finishes an article elsewhere: the next n sees the walk as it is now
            ids = [r[0] for r in other.conn.execute(
                "SELECT article_id FROM layers WHERE annotator='ann' AND article_id NOT IN"
                " (SELECT article_id FROM layers WHERE annotator='bob') LIMIT 10")]
            after = []
            for aid in ids:
                with other.transaction():
                    take_layer(other.conn, aid, "cy")
                    other.conn.execute("UPDATE layers SET status='done' WHERE article_id=? AND annotator='cy'", (aid,))
                after.append(timed(lambda: (s.step_article(1), s.counts())))
            print(f"n after another's commit     {median_ms(after)}")
            done = []
            for _ in range(10):
                assert s.take(0, whole=True).ok
                done.append(timed(lambda: (s.done(), s.counts())))
            print(f"d, on to the next (median 10){median_ms(done)}")


main()
