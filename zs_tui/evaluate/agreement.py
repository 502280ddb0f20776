"""Inter-annotator agreement over articles that two or more annotators finished.

Pure Python over plain data (no SQL, no Textual): ``agreement(articles)``
takes what ``Store.finished_layers`` returns, ``[{"id", "text", "layers":
{annotator: [(start, end, label), ...]}}]``, and for every pair of
annotators that share articles gives:

- strict F1 (same start, end and label) and boundary F1 (same start and
  end, any label), per label and micro, with the counts behind each.  Neither
  side is the gold: F1 = (spans of A matched in B + spans of B matched in A)
  / (spans of A + spans of B), which for strict matches is 2·TP / (|A| + |B|),
  the F1 of either side taken as gold.  A label's boundary F1 counts the
  spans of that label on either side whose boundaries the other side has.
- Cohen's kappa over characters: each character of the shared articles is
  tagged with the label of the span covering it, or ``O``;
  kappa = (p_o - p_e) / (1 - p_e), p_o the share of characters tagged
  alike, p_e = sum over tags of the two sides' shares of that tag.
- disagreements by kind, most frequent first, with examples: ``label``
  (same boundaries, other label), ``boundary`` (overlapping spans with other
  boundaries), ``only A`` / ``only B`` (a span the other side has nothing
  overlapping).
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

Spans = list[tuple[int, int, str]]
MAX_EXAMPLES = 3


def _f1(matched: int, total: int) -> float | None:
    return round(matched / total, 4) if total else None


def _kappa(chars: Counter[tuple[str, str]]) -> dict[str, Any]:
    n = sum(chars.values())
    if not n:
        return {"kappa": None, "chars": 0, "agreeing": 0}
    agree = sum(c for (a, b), c in chars.items() if a == b)
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for (a, b), c in chars.items():
        left[a] += c
        right[b] += c
    po = agree / n
    pe = sum(left[t] * right[t] for t in left) / (n * n)
    kappa = 1.0 if pe == 1 else (po - pe) / (1 - pe)
    return {"kappa": round(kappa, 4), "chars": n, "agreeing": agree, "observed": round(po, 4), "expected": round(pe, 4)}


def _tags(text: str, spans: Spans) -> list[str]:
    tags = ["O"] * len(text)
    for s, e, label in spans:
        for i in range(s, min(e, len(text))):
            tags[i] = label
    return tags


def compare(text: str, a: Spans, b: Spans) -> dict[str, Any]:
    """The counts of one article for one pair (see the module's docstring)."""
    sa, sb = set(a), set(b)
    ba, bb = {(s, e) for s, e, _ in a}, {(s, e) for s, e, _ in b}
    per: dict[str, Counter[str]] = {}
    for side, spans, other, other_b in (("a", a, sb, bb), ("b", b, sa, ba)):
        for s, e, label in spans:
            c = per.setdefault(label, Counter())
            c[f"n_{side}"] += 1
            c[f"strict_{side}"] += (s, e, label) in other
            c[f"boundary_{side}"] += (s, e) in other_b
    kinds: list[tuple[str, tuple[int, int, str] | None, tuple[int, int, str] | None]] = []
    for span in sorted(sa - sb):
        s, e, label = span
        over = [x for x in b if x[0] < e and s < x[1]]
        if not over:
            kinds.append(("only A", span, None))
        elif any((x[0], x[1]) == (s, e) for x in over):
            kinds.append(("label", span, next(x for x in over if (x[0], x[1]) == (s, e))))
        else:
            kinds.append(("boundary", span, over[0]))
    # B's unmatched spans that overlap one of A's were counted above, from A's
    # side (spans of one side never overlap each other): only B's lone ones remain.
    for span in sorted(sb - sa):
        s, e, _ = span
        if not any(x[0] < e and s < x[1] for x in a):
            kinds.append(("only B", None, span))
    chars = Counter(zip(_tags(text, a), _tags(text, b)))
    return {"per_label": per, "kinds": kinds, "chars": chars}


def _figures(c: Counter[str]) -> dict[str, Any]:
    total = c["n_a"] + c["n_b"]
    return {
        "spans_a": c["n_a"], "spans_b": c["n_b"],
        "strict_matched": c["strict_a"], "strict_f1": _f1(c["strict_a"] + c["strict_b"], total),
        "boundary_matched_a": c["boundary_a"], "boundary_matched_b": c["boundary_b"],
        "boundary_f1": _f1(c["boundary_a"] + c["boundary_b"], total),
    }


def _span_text(text: str, span: tuple[int, int, str] | None) -> dict[str, Any] | None:
    if span is None:
        return None
    s, e, label = span
    return {"start": s, "end": e, "label": label, "text": text[s:e]}


def agreement(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Agreement figures per pair of annotators (see the module's docstring)."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for art in articles:
        layers = art["layers"]
        for x, y in combinations(sorted(layers), 2):
            r = compare(art["text"], layers[x], layers[y])
            p = pairs.setdefault((x, y), {"articles": 0, "per_label": {}, "chars": Counter(), "kinds": Counter(),
                                          "examples": {}})
            p["articles"] += 1
            for label, c in r["per_label"].items():
                p["per_label"].setdefault(label, Counter()).update(c)
            p["chars"].update(r["chars"])
            for kind, sa, sb in r["kinds"]:
                p["kinds"][kind] += 1
                ex = p["examples"].setdefault(kind, [])
                if len(ex) < MAX_EXAMPLES:
                    ex.append({"article": art["id"], x: _span_text(art["text"], sa), y: _span_text(art["text"], sb)})
    out = []
    for (x, y), p in sorted(pairs.items()):
        micro: Counter[str] = Counter()
        for c in p["per_label"].values():
            micro.update(c)
        out.append({
            "annotators": [x, y],
            "articles": p["articles"],
            "micro": _figures(micro),
            "per_label": {label: _figures(c) for label, c in sorted(p["per_label"].items())},
            "kappa": _kappa(p["chars"]),
            "disagreements": [{"kind": k.replace("A", x).replace("B", y) if k.startswith("only") else k, "count": n,
                               "examples": p["examples"][k]} for k, n in p["kinds"].most_common()],
        })
    return {"articles": len(articles), "pairs": out}


def database_agreement(db: str | Any) -> dict[str, Any]:
    """``zs-tui agreement``: ``agreement`` over the articles of ``db`` done by
    two or more annotators (the database is only read)."""
    from zs_tui.storage.opening import open_db

    with open_db(db, read_only_ok=True) as store:
        return agreement(store.finished_layers())
