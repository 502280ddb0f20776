"""Training the trained layer, and the cross-validation that picks how it combines.

``train_model`` prepares each gold article once (Simplified copy, jieba's
tokens, the rules' spans, features), cross-validates (every article is
tagged by a model that never saw it), chooses per label whether the rules
or the model win (``choose_policy``) and trains the final model on all
articles.  Training is deterministic: the same articles in the same order
give the same model bytes.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zs_tui.evaluate.metrics import score

from .model import (
    ALGORITHM,
    FILL,
    LBFGS_MAX_CHARS,
    MODEL,
    MODEL_SOURCE,
    RULES,
    SGD_PARAMS,
    TRAIN_PARAMS,
    Policy,
    combine,
    pack,
    spans_to_tags,
)
from .segment import Token, tokenize
from .simplify import to_simplified


@dataclass
class GoldDoc:
    name: str
    text: str
    spans: list[dict[str, Any]]  # start, end, label (offsets into text)


@dataclass
class Prepared:
    doc: GoldDoc
    s: str
    tokens: list[Token]
    rule_spans: list[dict[str, Any]]
    features: list[list[str]] | None = None
    tags: list[str] | None = None


def prepare(docs: Iterable[GoldDoc], rules: Any = None, blind: Iterable[str] = ()) -> list[Prepared]:
    """Each article read once: what the model's features and the scores need.

    The rules' spans come from a Suggester without a model and without a
    learned lexicon, so an article's own accepted names do not leak into its
    features.  Articles named in ``blind`` get no rule features: on the
    articles the rules were written on, their spans are far better than on
    any new article (0.96 against 0.78 strict F1), and a model taught there
    trusts them blindly (leave-one-web-article-out: 0.797 with the seeds'
    rule features, 0.822 without).
    """
    blind = set(blind)
    from .features import char_features
    from .pipeline import Suggester

    seen = _Recorder()
    rules = rules or Suggester(model=seen)
    out = []
    for d in docs:
        rs = rules.suggest(d.text)
        s, tokens = seen.s, seen.tokens
        if seen.clean != d.text:  # a suggester of the caller's: tokens of our own
            s = to_simplified(d.text)
            tokens = tokenize(s)
        p = Prepared(d, s, tokens, rs)
        p.features = char_features(s, tokens, [] if d.name in blind else rs)
        p.tags = spans_to_tags(len(s), d.spans)
        out.append(p)
    return out


class _Recorder:
    """Stands where the model would at the end of ``Suggester.suggest``: keeps
    the Simplified copy and jieba's tokens the rules computed (tokenizing is a
    third of the reading time) and changes no span."""

    tag = "recorder"

    def __init__(self) -> None:
        self.clean: str | None = None
        self.s = ""
        self.tokens: list[Token] = []

    def apply(self, clean: str, s: str, tokens: list[Token], rule_spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.clean, self.s, self.tokens = clean, s, tokens
        return rule_spans


def fit(prepared: list[Prepared], params: dict[str, Any] | None = None) -> bytes:
    """crfsuite model bytes trained on ``prepared`` (deterministic)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    params = dict(params if params is not None else train_params(sum(len(p.s) for p in prepared)))
    algorithm = params.pop("algorithm", ALGORITHM)
    base = TRAIN_PARAMS if algorithm == ALGORITHM else {k: v for k, v in TRAIN_PARAMS.items() if k.startswith("feature.")}
    trainer.select(algorithm)
    trainer.set_params({**base, **params})
    for p in prepared:
        if p.features:
            trainer.append(p.features, p.tags)
    fd, tmp = tempfile.mkstemp(prefix="zs_crf.", suffix=".tmp")
    os.close(fd)
    try:
        trainer.train(tmp)
        return Path(tmp).read_bytes()
    finally:
        Path(tmp).unlink(missing_ok=True)


def train_params(chars: int) -> dict[str, Any]:
    """L-BFGS for the dev gold and a few dozen reviewed articles, SGD past that."""
    return {} if chars <= LBFGS_MAX_CHARS else dict(SGD_PARAMS)


def tag_with(crf_bytes: bytes, prepared: list[Prepared]) -> list[list[dict[str, Any]]]:
    """The model's own spans for each prepared article."""
    import pycrfsuite

    from .model import bies_to_spans

    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(crf_bytes)
    out = []
    for p in prepared:
        tags = tagger.tag(p.features) if p.features else []
        out.append([{"start": a, "end": b, "label": lab, "source": MODEL_SOURCE}
                    for a, b, lab in bies_to_spans(tags) if p.doc.text[a:b].strip()])
    return out


def folds_of(n: int, k: int) -> list[list[int]]:
    """Article indices of each test fold: round robin, so deterministic."""
    k = max(2, min(k, n))
    return [[i for i in range(n) if i % k == f] for f in range(k)]


def cross_predict(prepared: list[Prepared], test_folds: list[list[int]], always_train: list[Prepared] | None = None,
                  params: dict[str, Any] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> dict[int, list[dict[str, Any]]]:
    """Model spans for every article of ``test_folds``, each from a model trained
    without it (on the other articles, plus ``always_train``)."""
    preds: dict[int, list[dict[str, Any]]] = {}
    for f, test in enumerate(test_folds):
        held = set(test)
        train = [p for i, p in enumerate(prepared) if i not in held] + list(always_train or [])
        crf = fit(train, params)
        for i, spans in zip(test, tag_with(crf, [prepared[i] for i in test])):
            preds[i] = spans
        if progress:
            progress(f + 1, len(test_folds))
    return preds


def records(prepared: list[Prepared], spans: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"text": p.doc.text, "spans": sp, "meta": {"source": p.doc.name}} for p, sp in zip(prepared, spans)]


def gold_records(prepared: list[Prepared]) -> list[dict[str, Any]]:
    return [{"source": p.doc.name, "text": p.doc.text, "spans": p.doc.spans} for p in prepared]


def fixed_policies(labels: Iterable[str]) -> dict[str, Policy]:
    labels = sorted(labels)
    return {
        "rules only": Policy({lab: RULES for lab in labels}, fill=False),
        "model only": Policy({lab: MODEL for lab in labels}, fill=False),
        "rules, model fills gaps": Policy({lab: RULES for lab in labels}, fill=True),
        "model, rules fills gaps": Policy({lab: MODEL for lab in labels}, fill=True),
    }


def score_policy(prepared: list[Prepared], model_spans: list[list[dict[str, Any]]], policy: Policy) -> dict[str, Any]:
    combined = [combine(p.rule_spans, m, policy) for p, m in zip(prepared, model_spans)]
    return score(gold_records(prepared), records(prepared, combined))


def decide(labels: Iterable[str], rules_f1: dict[str, float], fill_f1: dict[str, float],
           model_f1: dict[str, float]) -> dict[str, str]:
    """Per label, what cross-validation favours: the model alone or the model
    filling the rules' gaps only where its strict F1 beats the rules alone's;
    the rules on a tie (a model that gains nothing is not worth a change)."""
    out = {}
    for lab in sorted(labels):
        best, best_f1 = RULES, rules_f1.get(lab, 0.0)
        for src, f1 in ((FILL, fill_f1.get(lab, 0.0)), (MODEL, model_f1.get(lab, 0.0))):
            if f1 > best_f1:
                best, best_f1 = src, f1
        out[lab] = best
    return out


def rules_alone(labels: Iterable[str]) -> Policy:
    """The model off: what a model no cross-validation has favoured does."""
    return Policy({lab: RULES for lab in sorted(labels)}, fill=False)


def choose_policy(prepared: list[Prepared], model_spans: list[list[dict[str, Any]]],
                  labels: Iterable[str]) -> tuple[Policy, dict[str, dict[str, Any]]]:
    """Per label, the model (alone or filling the rules' gaps) only where its
    cross-validated F1 beats the rules alone's (``decide``); and the model off
    altogether unless that per-label choice beats the rules alone overall.
    Returns the policy and the scores of every combination tried."""
    labels = sorted(labels)
    tried = {name: score_policy(prepared, model_spans, pol) for name, pol in fixed_policies(labels).items()}

    def f1s(name: str) -> dict[str, float]:
        return {lab: v[2] for lab, v in tried[name]["labels"].items()}

    winner = decide(labels, f1s("rules only"), f1s("rules, model fills gaps"), f1s("model only"))
    chosen = Policy(winner, fill=False)
    tried["per label"] = score_policy(prepared, model_spans, chosen)
    if not chosen.uses_model or tried["per label"]["micro"][2] <= tried["rules only"]["micro"][2]:
        chosen = rules_alone(labels)
    return chosen, tried


def describe_policy(policy: Policy, tried: dict[str, dict[str, Any]], judged: int) -> list[str]:
    """The decision in words, one line per label the model is used for, with the figures behind it."""
    if not policy.uses_model:
        why = (f"cross-validation over {judged} article(s) shows no gain over the rules alone" if tried
               else "no cross-validation (fewer than 2 articles judged, or --folds 0): no evidence of a gain")
        return [f"model off: {why}; the rules alone suggest"]
    lines = []
    base = tried.get("rules only", {}).get("labels", {})
    for lab, src in sorted(policy.winner.items()):
        if src == RULES:
            continue
        fig = tried.get("rules, model fills gaps" if src == FILL else "model only", {}).get("labels", {})
        how = "the model fills the rules' gaps" if src == FILL else "the model wins"
        lines.append(f"{lab}: {how} (cross-validated F1 {base.get(lab, (0, 0, 0))[2]:.3f} -> {fig.get(lab, (0, 0, 0))[2]:.3f})")
    rest = sorted(lab for lab, src in policy.winner.items() if src == RULES)
    if rest:
        lines.append(f"rules alone for {', '.join(rest)} (no gain on cross-validation)")
    return lines


@dataclass
class TrainResult:
    data: bytes  # the model file
    policy: Policy
    tried: dict[str, dict[str, Any]]
    n_articles: int
    cv_articles: int


def train_model(docs: list[GoldDoc], labels: Iterable[str], folds: int = 12, fixed: Iterable[str] = (),
                params: dict[str, Any] | None = None, source: str = "", policy: Policy | None = None,
                progress: Callable[[str], None] | None = None) -> TrainResult:
    """Cross-validate, choose the policy, train on everything, pack the model file.

    ``fixed``: names of articles always in training, never judged; the
    others are judged in ``folds`` folds (at most one per article), each by a
    model trained without it.  With ``folds`` 0 there is no cross-validation
    and ``policy`` is kept (default: the model off, ``rules_alone``: no
    evidence of a gain, so no change).
    """
    say = progress or (lambda _m: None)
    say(f"reading {len(docs)} article(s)")
    fixed = set(fixed)
    return train_prepared(prepare(docs, blind=fixed), labels, folds, fixed, params, source, policy, say)


def train_prepared(prepared: list[Prepared], labels: Iterable[str], folds: int = 12, fixed: Iterable[str] = (),
                   params: dict[str, Any] | None = None, source: str = "", policy: Policy | None = None,
                   progress: Callable[[str], None] | None = None, fit_unused: bool = True) -> TrainResult:
    """``train_model`` on articles already prepared (the learning curve reads
    each once for all its folds); ``fit_unused`` False skips the final
    training when the chosen policy leaves the model off (``data`` is then empty)."""
    say = progress or (lambda _m: None)
    fixed = set(fixed)
    judged = [i for i, p in enumerate(prepared) if p.doc.name not in fixed]
    others = [p for p in prepared if p.doc.name in fixed]
    tested = [prepared[i] for i in judged]
    model_spans: list[list[dict[str, Any]]] = []
    tried: dict[str, dict[str, Any]] = {}
    if folds and len(tested) >= 2:
        fold_idx = folds_of(len(tested), folds)
        preds = cross_predict(tested, fold_idx, always_train=others, params=params,
                              progress=lambda f, n: say(f"cross-validation fold {f}/{n}"))
        model_spans = [preds[i] for i in range(len(tested))]
        policy, tried = choose_policy(tested, model_spans, labels)
    elif policy is None:
        policy = rules_alone(labels)
    if not fit_unused and not policy.uses_model:
        return TrainResult(b"", policy, tried, len(prepared), len(tested))
    say(f"training on {len(prepared)} article(s)")
    crf = fit(prepared, params)
    tag = hashlib.sha256(crf).hexdigest()[:10]
    meta = {"tag": tag, "labels": sorted(labels), "policy": policy.as_json(), "articles": len(prepared),
            "trained_on": source, "params": params if params is not None else train_params(sum(len(p.s) for p in prepared)) or TRAIN_PARAMS}
    return TrainResult(pack(crf, meta), policy, tried, len(prepared), len(tested))


# -- what to train on -------------------------------------------------------------
# The shipped dev gold: the seeds (the rules were written on them) and the web set.
DEV_GOLD = ("gold_seeds.jsonl", "gold_web.jsonl")
# Articles never judged by cross-validation, only trained on: the rules were
# written on the seeds, so there the rules' spans (features of the model) are
# better than on any new article and would teach the combination to trust them.
ALWAYS_TRAIN = "gold_seeds.jsonl"


def dev_gold_dir() -> Path | None:
    """tests/data of the source checkout (the package does not carry the dev gold)."""
    cand = Path(__file__).resolve().parents[2] / "tests" / "data"
    return cand if all((cand / n).exists() for n in DEV_GOLD) else None


def read_gold(path: str | Path, prefix: str = "") -> list[GoldDoc]:
    """Gold JSONL records ``{"source", "text", "spans"}``; raises ValueError."""
    from zs_tui.evaluate.metrics import load_jsonl

    out = []
    for i, r in enumerate(load_jsonl(path)):
        if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not isinstance(r.get("spans"), list):
            raise ValueError(f"{path}:{i + 1}: a gold record needs text and spans")
        name = str(r.get("source") or f"{Path(path).stem}-{i + 1}").replace("\\", "/").rsplit("/", 1)[-1]
        out.append(GoldDoc(prefix + name, r["text"], [
            {"start": int(s["start"]), "end": int(s["end"]), "label": str(s["label"])} for s in r["spans"]]))
    return out


def dev_gold() -> tuple[list[GoldDoc], set[str]]:
    """The dev gold articles and the names of those only ever trained on."""
    d = dev_gold_dir()
    if d is None:
        return [], set()
    docs: list[GoldDoc] = []
    fixed: set[str] = set()
    for n in DEV_GOLD:
        got = read_gold(d / n, prefix=Path(n).stem + ":")
        docs += got
        if n == ALWAYS_TRAIN:
            fixed |= {g.name for g in got}
    return docs, fixed


# The names of a database's own articles among training documents (the dev
# gold's are named by their file): cross-validation scores only these.
DB_DOC = "db:"


def store_gold(store: Any) -> list[GoldDoc]:
    """A database's articles reviewed to done, with their accepted spans."""
    return [GoldDoc(f"{DB_DOC}{row['id']}", row["text"],
                    [{"start": a, "end": b, "label": lab} for a, b, lab, _t in row["spans"]])
            for row in store.iter_gold(status="done")]


def training_set(store: Any = None) -> tuple[list[GoldDoc], set[str]]:
    """The dev gold plus a database's reviewed articles; a reviewed article with
    the text of a dev article replaces it (the reviewer's word is the newer)."""
    docs, fixed = dev_gold()
    if store is not None:
        mine = store_gold(store)
        texts = {d.text for d in mine}
        docs = [d for d in docs if d.text not in texts] + mine
    return docs, fixed
