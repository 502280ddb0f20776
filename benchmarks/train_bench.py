"""Training time of the trained layer on N reviewed articles (one process, one core).

The dev gold articles (seeds and web) are repeated until N articles, each
copy with its own text (a line of its number in front, so that nothing is
deduplicated), then the model is trained as ``zs-tui train --folds 0`` trains
it, the steps timed apart:

    .venv/bin/python benchmarks/train_bench.py [--articles 1000]

Prints the seconds (wall and CPU) to read the articles (rules, tokens, features), to train
the CRF, and the model file's size.  Aim: under 60 s in all for 1,000.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui.suggest.model import pack  # noqa: E402
from zs_tui.suggest.train import GoldDoc, dev_gold, fit, prepare  # noqa: E402


def synthetic(n: int) -> list[GoldDoc]:
    base, _ = dev_gold()
    out = []
    for i in range(n):
        d = base[i % len(base)]
        head = f"第{i}篇\n"
        out.append(GoldDoc(f"synthetic-{i}", head + d.text,
                           [{**s, "start": s["start"] + len(head), "end": s["end"] + len(head)} for s in d.spans]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    docs = synthetic(args.articles)
    chars = sum(len(d.text) for d in docs)
    prepare(docs[:1])  # load jieba and the lexicons before timing, as a running app has
    t0, c0 = time.perf_counter(), time.process_time()
    prepared = prepare(docs)
    t1, c1 = time.perf_counter(), time.process_time()
    crf = fit(prepared)
    t2, c2 = time.perf_counter(), time.process_time()
    size = len(pack(crf, {"tag": "bench"}))
    print(f"{args.articles} articles, {chars:,} chars")
    print("  (wall seconds, then CPU seconds of this process: on a shared machine the second is the one-core figure)")
    print(f"  read (rules, tokens, features): {t1 - t0:6.1f} s wall {c1 - c0:6.1f} s CPU  ({chars / (c1 - c0):,.0f} chars/CPU s)")
    print(f"  train CRF                     : {t2 - t1:6.1f} s wall {c2 - c1:6.1f} s CPU")
    print(f"  total                         : {t2 - t0:6.1f} s wall {c2 - c0:6.1f} s CPU  (aim < 60 s)")
    print(f"  model file                    : {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
