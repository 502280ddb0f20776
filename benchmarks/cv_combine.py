"""How rules and the trained layer should combine, by leave-one-web-article-out.

Each web dev article is tagged by a model trained on the seeds and the other
11 web articles (it never sees the article it tags), then every combination
of rules and model is scored on the 12 web articles:

    .venv/bin/python benchmarks/cv_combine.py [--c1 X --c2 Y --iters N]

The seeds are trained on without rule features, as ``zs-tui train`` does
(``--seed-rules`` gives them theirs).  Prints strict F1 per label and micro F1 and effort saved per combination.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui.evaluate.metrics import load_jsonl  # noqa: E402
from zs_tui.suggest.train import GoldDoc, choose_policy, cross_predict, prepare  # noqa: E402

DATA = ROOT / "tests" / "data"


def docs(name: str) -> list[GoldDoc]:
    return [GoldDoc(r["source"], r["text"], r["spans"]) for r in load_jsonl(DATA / name)]


def table(tried: dict) -> str:
    labels = sorted({lab for res in tried.values() for lab in res["labels"]})
    names = list(tried)
    head = f"{'label':10}" + "".join(f" {n[:22]:>22}" for n in names)
    rows = [head]
    for lab in labels:
        rows.append(f"{lab:10}" + "".join(f" {tried[n]['labels'].get(lab, (0, 0, 0))[2]:22.3f}" for n in names))
    rows.append(f"{'MICRO F1':10}" + "".join(f" {tried[n]['micro'][2]:22.3f}" for n in names))
    rows.append(f"{'saved':10}" + "".join(f" {tried[n]['effort_saved']:22.1%}" for n in names))
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c1", type=float, default=None)
    ap.add_argument("--c2", type=float, default=None)
    ap.add_argument("--iters", type=int, default=None)
    ap.add_argument("--algorithm", default=None, help="lbfgs (default), l2sgd, ap, pa, arow")
    ap.add_argument("--seed-rules", action="store_true", help="give the seeds their rule features too")
    args = ap.parse_args()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2), ("max_iterations", args.iters), ("algorithm", args.algorithm)) if v is not None}
    t0 = time.perf_counter()
    seeds = prepare(docs("gold_seeds.jsonl"), blind=[] if args.seed_rules else [d.name for d in docs("gold_seeds.jsonl")])
    web = prepare(docs("gold_web.jsonl"))
    preds = cross_predict(web, [[i] for i in range(len(web))], always_train=seeds, params=params)
    model_spans = [preds[i] for i in range(len(web))]
    labels = {s["label"] for p in seeds + web for s in p.doc.spans}
    policy, tried = choose_policy(web, model_spans, labels)
    print(f"leave-one-web-article-out, {len(web)} folds, params {params or 'default'},"
          f" seeds {'with' if args.seed_rules else 'without'} rule features, {time.perf_counter() - t0:.0f} s")
    print(table(tried))
    print("per-label winners:", policy.as_json())


if __name__ == "__main__":
    main()
