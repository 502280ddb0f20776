"""Learning curve: what k articles reviewed in a database teach its suggester.

A database learns two ways (``Suggester.from_store``): the learned lexicon
(what its reviewers accepted or rejected) and its own trained layer, which
the review app's background retraining rebuilds with ``zs-tui train --db DB
--folds 3``: the dev gold plus the database's done articles, the model used
only for the labels where the database's own cross-validation (over its
reviewed articles) shows a gain over the rules alone, and off until it does.
This benchmark builds both exactly so (``train_prepared`` with
``retrain.CV_FOLDS``), for k = 0, 2, 4, 8, 11 reviewed articles of a pool of
n, and scores the other n - k:

- rules: no learning at all (k changes nothing; the baseline);
- lexicon: the rules with the k articles' accepted spans;
- model: the rules plus the database's model (no lexicon);
- model+lexicon: both, which is what ``zs-tui suggest --db`` and the app do.

Folds: for each k, a random order of the pool is cut into blocks of n - k
test articles (the last block wraps round), so that every article is scored
at least once (k = n - 1 is leave-one-out over all n); each block is tested
against a database that reviewed the other k articles of the order
(``--orders R`` repeats with R orders).  TP/FP/FN are pooled over every
fold (micro, as ``evaluate.py`` scores a set), not per-fold F1s averaged:
at k = 11 one fold is one article.

The pool is the web dev set by default: there the seeds are the dev gold
(the web articles not reviewed are never trained on).  The rules were
written on the web set, so its figures flatter them; ``--pool GOLD.jsonl``
(texts inside, e.g. a set annotated outside the repository) gives a pool
nobody tuned for, with the seeds and the web set as the dev gold.

    .venv/bin/python benchmarks/learning_curve.py [--orders 1] [--seed 0] [--pool GOLD.jsonl] [--ks 0,2,4,8,11]
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
from zs_tui.suggest.model import RULES, SpanModel  # noqa: E402
from zs_tui.suggest.retrain import CV_FOLDS  # noqa: E402
from zs_tui.suggest.train import DB_DOC, GoldDoc, prepare, read_gold, train_prepared  # noqa: E402

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


def folds_for(n: int, k: int, order: list[int]) -> list[tuple[list[int], list[int]]]:
    """(reviewed, scored) index lists: blocks of n - k held-out articles along
    ``order``, wrapping round so that each fold trains on exactly k; an article
    a wrapped block holds out again is not scored twice (pooled counts would
    weigh it double)."""
    t = n - k
    out = []
    done: set[int] = set()
    for j in range(-(-n // t)):
        block = [order[(j * t + i) % n] for i in range(t)]
        held = set(block)
        out.append(([i for i in order if i not in held], [i for i in block if i not in done]))
        done |= held
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=1, help="random orders of the pool (default 1)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pool", type=Path, help="gold JSONL of the reviewed/scored articles (default: the web dev set)")
    ap.add_argument("--ks", default=",".join(map(str, KS)), help="reviewed counts (default 0,2,4,8,11)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    seeds = read_gold(DATA / "gold_seeds.jsonl", "gold_seeds:")
    if args.pool:
        dev, pool, what = seeds + read_gold(DATA / "gold_web.jsonl", "gold_web:"), read_gold(args.pool, DB_DOC), str(args.pool)
    else:
        dev, pool, what = seeds, read_gold(DATA / "gold_web.jsonl", DB_DOC), "the web dev set"
    # one name per article: scoring pairs gold and suggestions by name (001.txt may be in several sets)
    pool = [GoldDoc(f"{DB_DOC}{i + 1}:{d.name[len(DB_DOC):]}", d.text, d.spans) for i, d in enumerate(pool)]
    n = len(pool)
    ks = [k for k in (int(x) for x in args.ks.split(",")) if 0 <= k < n]
    fixed = {d.name for d in dev}  # as ``zs-tui train --db``: the dev gold is trained on, never judged
    # Each article read once: the rules' spans and features do not depend on what is trained.
    prep_dev = prepare(dev, blind=fixed)
    prep_pool = prepare(pool)
    rng = random.Random(args.seed)
    orders = [rng.sample(range(n), n) for _ in range(args.orders)]
    rules = Suggester(model=None)
    preds: dict[int, dict[str, list[dict]]] = {k: {name: [] for name in NAMES} for k in ks}
    golds: dict[int, list[dict]] = {k: [] for k in ks}
    decisions: dict[int, Counter[str]] = {k: Counter() for k in ks}
    folds_run: dict[int, int] = {k: 0 for k in ks}
    for k in ks:
        for o, order in enumerate(orders):
            for f, (rev, sco) in enumerate(folds_for(n, k, order)):
                reviewed = [pool[i] for i in rev]
                res = train_prepared(prep_dev + [prep_pool[i] for i in rev], LABEL_NAMES, folds=CV_FOLDS,
                                     fixed=fixed, source="learning curve", fit_unused=False)
                model = SpanModel(res.data, origin=f"k{k}") if res.policy.uses_model else None
                on = [f"{lab}:{src}" for lab, src in sorted(res.policy.winner.items()) if src != RULES]
                decisions[k][", ".join(on) or "off"] += 1
                folds_run[k] += 1
                accepted = accepted_of(reviewed)
                lex = Suggester(accepted, model=None)
                with_model = (Suggester(model=model), Suggester(accepted, model=model)) if model else None
                for i in sco:
                    d = pool[i]
                    tag = f"{o}.{f}:{d.name}"
                    golds[k].append({"source": tag, "text": d.text, "spans": d.spans})
                    base = rules.suggest(d.text)
                    learned = lex.suggest(d.text)
                    for name, spans in (("rules", base), ("lexicon", learned),
                                        ("model", with_model[0].suggest(d.text) if with_model else base),
                                        ("model+lexicon", with_model[1].suggest(d.text) if with_model else learned)):
                        preds[k][name].append({"text": d.text, "spans": spans, "meta": {"source": tag}})
        print(f"k={k:2d} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    print(f"learning curve on {what} ({n} articles): k reviewed in a database, the others scored; dev gold trained on:"
          f" {len(dev)} articles; {args.orders} random order(s) (seed {args.seed}), each cut into blocks so every article"
          f" is scored; TP/FP/FN pooled over folds; model used per label only where the database's own"
          f" {CV_FOLDS}-fold cross-validation shows a gain")
    print(f"{'k':>3} {'folds':>5} {'scored':>6} " + " ".join(f"{nm + ' F1':>17} {'saved':>7}" for nm in NAMES))
    for k in ks:
        cells = []
        for nm in NAMES:
            r = score(golds[k], preds[k][nm])
            cells.append(f"{r['micro'][2]:17.3f} {r['effort_saved']:7.1%}")
        print(f"{k:3d} {folds_run[k]:5d} {len(golds[k]):6d} " + " ".join(cells))
    for k in ks:
        print(f"k={k}: model decision per fold: " + "; ".join(f"{d} x{c}" for d, c in decisions[k].most_common()))
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
