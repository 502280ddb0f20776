"""Learning curve: what k articles reviewed in a database teach its suggester.

A database learns two ways (``Suggester.from_store``): the learned lexicon
(what its reviewers accepted or rejected) and its own trained layer, which
the review app's background retraining rebuilds after every article
reviewed to done with ``zs-tui train --db DB --folds 0``: the dev gold plus
the database's done articles, the policy "rules win, the model fills their
gaps".  This benchmark builds both exactly so (``train_model(..., folds=0)``
on ``training_set``'s articles), for k = 0, 2, 4, 8, 11 reviewed articles of
a pool and several random orders, and scores the rest of the pool:

- rules: no learning at all (k changes nothing; the baseline);
- lexicon: the rules with the k articles' accepted spans;
- model: the rules plus the database's model (no lexicon);
- model+lexicon: both, which is what ``zs-tui suggest --db`` and the app do.

The pool is the web dev set by default: there the seeds are the dev gold
(the web articles not reviewed are never trained on).  The rules were
written on the web set, so its figures flatter them; ``--pool GOLD.jsonl``
(texts inside, e.g. a set annotated outside the repository) gives a pool
nobody tuned for, with the seeds and the web set as the dev gold.  Prints
strict micro F1 and effort saved per k, averaged over the orders:

    .venv/bin/python benchmarks/learning_curve.py [--orders 3] [--seed 0] [--pool GOLD.jsonl]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui.evaluate.metrics import score  # noqa: E402
from zs_tui.labels import LABEL_NAMES  # noqa: E402
from zs_tui.suggest import Suggester  # noqa: E402
from zs_tui.suggest.model import SpanModel  # noqa: E402
from zs_tui.suggest.train import GoldDoc, read_gold, train_model  # noqa: E402

DATA = ROOT / "tests" / "data"
KS = (0, 2, 4, 8, 11)
NAMES = ("rules", "lexicon", "model", "model+lexicon")


def accepted_of(docs: list[GoldDoc]) -> dict[tuple[str, str], int]:
    """What reviewers accepted in the database: the reviewed articles' gold."""
    c: Counter[tuple[str, str]] = Counter()
    for d in docs:
        for s in d.spans:
            c[(d.text[s["start"]:s["end"]], s["label"])] += 1
    return dict(c)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=3, help="random orders of the pool (default 3)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pool", type=Path, help="gold JSONL of the reviewed/scored articles (default: the web dev set)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    seeds = read_gold(DATA / "gold_seeds.jsonl", "gold_seeds:")
    fixed = {d.name for d in seeds}  # as training_set: the seeds are only ever trained on
    if args.pool:
        dev, pool, what = seeds + read_gold(DATA / "gold_web.jsonl", "gold_web:"), read_gold(args.pool, "db:"), str(args.pool)
    else:
        dev, pool, what = seeds, read_gold(DATA / "gold_web.jsonl", "db:"), "the web dev set"
    # one name per article: scoring pairs gold and suggestions by name (001.txt may be in several sets)
    pool = [GoldDoc(f"db:{i + 1}:{d.name[3:]}", d.text, d.spans) for i, d in enumerate(pool)]
    ks = [k for k in KS if k < len(pool)]
    rng = random.Random(args.seed)
    orders = [rng.sample(range(len(pool)), len(pool)) for _ in range(args.orders)]
    rows: dict[int, dict[str, list[tuple[float, float]]]] = {k: {n: [] for n in NAMES} for k in ks}
    policy = None
    for k in ks:
        for order in orders:
            reviewed, test = [pool[i] for i in order[:k]], [pool[i] for i in order[k:]]
            res = train_model(dev + reviewed, LABEL_NAMES, folds=0, fixed=fixed, source="learning curve")
            model = SpanModel(res.data, origin=f"k{k}")
            policy = res.policy
            accepted = accepted_of(reviewed)
            gold = [{"source": d.name, "text": d.text, "spans": d.spans} for d in test]
            for name, sug in (("rules", Suggester(model=None)), ("lexicon", Suggester(accepted, model=None)),
                              ("model", Suggester(model=model)), ("model+lexicon", Suggester(accepted, model=model))):
                pred = [{"text": d.text, "spans": sug.suggest(d.text), "meta": {"source": d.name}} for d in test]
                r = score(gold, pred)
                rows[k][name].append((r["micro"][2], r["effort_saved"]))
        print(f"k={k:2d} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    print(f"learning curve on {what} ({len(pool)} articles): k reviewed in a database, the other {len(pool)} - k scored;"
          f" dev gold trained on: {len(dev)} articles; mean of {args.orders} random orders (seed {args.seed});"
          f" model policy as retrained per database: {policy.as_json() if policy else '-'}")
    print(f"{'k':>3} {'scored':>6} " + " ".join(f"{n + ' F1':>17} {'saved':>7}" for n in NAMES))
    for k in ks:
        cells = []
        for n in NAMES:
            vals = rows[k][n]
            cells.append(f"{sum(v[0] for v in vals) / len(vals):17.3f} {sum(v[1] for v in vals) / len(vals):7.1%}")
        print(f"{k:3d} {len(pool) - k:6d} " + " ".join(cells))
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
