"""Score predicted spans against gold, as ``shared/tools/evaluate.py`` does.

Gold records: ``{"source", "text", "spans": [{start, end, label}]}``.
Predicted records: ``{"text", "spans", "meta": {"source"}}``.  Articles pair
by the basename of their source, failing that by text similarity; predicted
offsets are carried onto the gold text through a character alignment, so a
predictor may have stripped noise.  Figures: per-label precision, recall
and F1 (strict: same start, end and label), boundary-only P/R/F1 (same
start and end, any label), and review effort (accept/relabel/boundary fix
1 op, add 2, reject 1) against annotating from scratch (2 per gold span).
"""
from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def load_jsonl_lines(path: str | Path) -> list[tuple[int, Any]]:
    """``(line number, record)`` for each non-blank line; a line that is not
    UTF-8 JSON raises ValueError naming ``path:line`` (as import does)."""
    out = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as e:
                raise ValueError(f"{path}:{n}: not valid UTF-8 (byte {e.start} of the line)") from e
            if not line.strip():
                continue
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: broken JSON ({e.msg} at column {e.colno})") from e
    return out


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    return [rec for _, rec in load_jsonl_lines(path)]


def name_of(rec: dict[str, Any]) -> str:
    src = rec.get("source") or (rec.get("meta") or {}).get("source") or ""
    return str(src).replace("\\", "/").rsplit("/", 1)[-1]


def char_map(src: str, dst: str) -> list[int | None]:
    """For each index of ``src``, the aligned index in ``dst``, or None."""
    m: list[int | None] = [None] * (len(src) + 1)
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            m[a + k] = b + k
    m[len(src)] = len(dst)
    return m


def carry(span: dict[str, Any], m: list[int | None]) -> tuple[int, int, str] | None:
    s, e = span["start"], span["end"]
    starts = [m[i] for i in range(s, e) if m[i] is not None]
    if not starts:
        return None
    return (min(starts), max(starts) + 1, span["label"])  # type: ignore[type-var,operator]


def effort(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> int:
    """Reviewer operations: accept=1, relabel=1, boundary fix=1, add=2, reject=1."""
    ops, used = 0, set()
    for gs, ge, gl in gold:
        best = None
        for j, (ps, pe, pl) in enumerate(pred):
            if j in used or pe <= gs or ps >= ge:
                continue
            cost = 1 + (pl != gl) + ((ps, pe) != (gs, ge))
            if best is None or cost < best[0]:
                best = (cost, j)
        if best is None:
            ops += 2
        else:
            ops += best[0]
            used.add(best[1])
    ops += len(pred) - len(used)
    return ops


def _prf(t: int, f_p: int, f_n: int) -> tuple[float, float, float]:
    p = t / (t + f_p) if t + f_p else 0.0
    r = t / (t + f_n) if t + f_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: Iterable[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures for predictions ``pred`` against ``gold`` records."""
    by_name = {name_of(p): p for p in pred}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    btp = bfp = bfn = 0
    ops = scratch = 0
    missing: list[str] = []
    for g in gold:
        p = by_name.get(name_of(g))
        if p is None:
            scores = [(difflib.SequenceMatcher(None, g["text"][:500], q["text"][:500]).ratio(), i)
                      for i, q in enumerate(pred)]
            if scores and max(scores)[0] > 0.6:
                p = pred[max(scores)[1]]
        gset = {(s["start"], s["end"], s["label"]) for s in g["spans"]}
        if p is None:
            missing.append(name_of(g))
            pset: set[tuple[int, int, str]] = set()
        else:
            m = char_map(p["text"], g["text"])
            pset = {c for c in (carry(s, m) for s in p.get("spans", [])) if c}
        for lab in {x[2] for x in gset | pset}:
            gl = {x for x in gset if x[2] == lab}
            pl = {x for x in pset if x[2] == lab}
            tp[lab] += len(gl & pl)
            fp[lab] += len(pl - gl)
            fn[lab] += len(gl - pl)
        gb, pb = {x[:2] for x in gset}, {x[:2] for x in pset}
        btp += len(gb & pb)
        bfp += len(pb - gb)
        bfn += len(gb - pb)
        ops += effort(sorted(gset), sorted(pset))
        scratch += 2 * len(gset)
    rows = {lab: _prf(tp[lab], fp[lab], fn[lab]) + (tp[lab] + fn[lab],)
            for lab in sorted(set(tp) | set(fp) | set(fn))}
    return {
        "micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "boundary": _prf(btp, bfp, bfn),
        "labels": rows,
        "effort_ops": ops,
        "scratch_ops": scratch,
        "effort_saved": 1 - ops / scratch if scratch else 0.0,
        "missing_articles": missing,
    }


def format_report(res: dict[str, Any]) -> str:
    """The table ``evaluate.py`` prints, line for line."""
    lines = [f"{'label':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"]
    for lab, (p, r, f, n) in res["labels"].items():
        lines.append(f"{lab:10} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    micro, bound = res["micro"], res["boundary"]
    lines.append(f"{'MICRO':10} {micro[0]:6.3f} {micro[1]:6.3f} {micro[2]:6.3f}")
    lines.append(f"{'BOUNDARY':10} {bound[0]:6.3f} {bound[1]:6.3f} {bound[2]:6.3f}")
    if res["missing_articles"]:
        lines.append("articles with no prediction: " + ", ".join(res["missing_articles"]))
    lines.append(f"review effort: {res['effort_ops']} ops vs {res['scratch_ops']} from scratch"
                 f" -> {res['effort_saved']:.1%} saved")
    lines.append(f"strict micro F1 {micro[2]:.3f}")
    return "\n".join(lines)
