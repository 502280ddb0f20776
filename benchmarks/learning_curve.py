"""Learning curve on the web dev set: what k reviewed web articles teach.

For k = 0, 2, 4, 8, 11 and several random orders of the 12 web articles, the
seeds plus the first k web articles are "reviewed" (their gold is what the
reviewer accepted) and the other 12 - k are scored:

- lexicon: today's learning, the rules with the learned lexicon
  (``Suggester(accepted=...)``, no model);
- model: the rules plus a CRF trained on those articles (trained layer);
- model+lexicon: both, which is what ``zs-tui suggest --db`` does.

The model's combination policy is the shipped model's (chosen by its own
cross-validation).  Prints strict micro F1 and effort saved per k, averaged
over the orders:

    .venv/bin/python benchmarks/learning_curve.py [--orders 3] [--seed 0]
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

from zs_tui.evaluate import score  # noqa: E402
from zs_tui.suggest import Suggester  # noqa: E402
from zs_tui.suggest.model import Policy, SpanModel, default_model, pack  # noqa: E402
from zs_tui.suggest.train import fit, prepare, read_gold  # noqa: E402

DATA = ROOT / "tests" / "data"
KS = (0, 2, 4, 8, 11)


def accepted_of(docs) -> dict[tuple[str, str], int]:  # noqa: ANN001
    c: Counter[tuple[str, str]] = Counter()
    for d in docs:
        for s in d.spans:
            c[(d.text[s["start"]:s["end"]], s["label"])] += 1
    return dict(c)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=3, help="random orders of the web articles (default 3)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    seed_docs = read_gold(DATA / "gold_seeds.jsonl", "seeds:")
    seeds = prepare(seed_docs, blind=[d.name for d in seed_docs])  # as zs-tui train does
    web = prepare(read_gold(DATA / "gold_web.jsonl", "web:"))
    shipped = default_model()
    policy = shipped.policy if shipped else Policy({}, fill=True)
    rng = random.Random(args.seed)
    orders = [rng.sample(range(len(web)), len(web)) for _ in range(args.orders)]
    rows: dict[int, dict[str, list[tuple[float, float]]]] = {k: {"lexicon": [], "model": [], "model+lexicon": []} for k in KS}
    for k in KS:
        for oi, order in enumerate(orders):
            if k == 0 and oi > 0:
                for n in rows[0]:
                    rows[0][n].append(rows[0][n][0])  # the same training set in every order
                continue
            train, test = [web[i] for i in order[:k]], [web[i] for i in order[k:]]
            crf = fit(seeds + train)
            model = SpanModel(pack(crf, {"tag": f"k{k}", "labels": [], "policy": policy.as_json()}))
            accepted = accepted_of([p.doc for p in seeds + train])
            gold = [{"source": p.doc.name, "text": p.doc.text, "spans": p.doc.spans} for p in test]
            for name, sug in (("lexicon", Suggester(accepted, model=None)), ("model", Suggester(model=model)),
                              ("model+lexicon", Suggester(accepted, model=model))):
                pred = [{"text": p.doc.text, "spans": sug.suggest(p.doc.text), "meta": {"source": p.doc.name}} for p in test]
                res = score(gold, pred)
                rows[k][name].append((res["micro"][2], res["effort_saved"]))
        print(f"k={k:2d} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    print(f"learning curve on the web dev set: seeds + k web articles reviewed, the other 12 - k scored;"
          f" mean of {args.orders} random orders (seed {args.seed}); model policy {policy.as_json()}")
    names = ("lexicon", "model", "model+lexicon")
    print(f"{'k':>3} {'scored':>6} " + " ".join(f"{n + ' F1':>17} {'saved':>7}" for n in names))
    for k in KS:
        cells = []
        for n in names:
            vals = rows[k][n]
            f1 = sum(v[0] for v in vals) / len(vals)
            sv = sum(v[1] for v in vals) / len(vals)
            cells.append(f"{f1:17.3f} {sv:7.1%}")
        print(f"{k:3d} {len(web) - k:6d} " + " ".join(cells))
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
