"""Suggester speed against plain ``jieba.cut`` and ``jieba.posseg.cut`` on the same text.

The seed articles (cleaned as import cleans them) are repeated until about
``--mb`` MB of text (default 1), then all three run over it in this one process, in turn on each article:

    .venv/bin/python benchmarks/suggest_bench.py [--mb 1] [--jobs N]

Prints chars/s for our suggester, plain ``jieba.cut`` and posseg, and the
ratios (ours / cut, aim >= 0.6; ours / posseg, aim >= 1.0; Simplified text, model on), for all seeds and for
the Simplified seeds alone (posseg is ~50x slower on Traditional text).  Start-up (loading
dictionaries) is done before timing for both.  With ``--jobs N`` the
suggester also runs through ``suggest_texts`` over N processes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui.ingest.inputs import read_inputs  # noqa: E402
from zs_tui.suggest import Suggester, suggest_texts  # noqa: E402


def corpus(mb: float, scripts: set[str] | None = None) -> list[str]:
    items, _ = read_inputs(sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")))
    base = [it.article.clean for it in items if scripts is None or it.article.script in scripts]
    texts: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        for t in base:
            texts.append(t)
            size += len(t.encode("utf-8"))
    return texts


def compare(label: str, texts: list[str], sug: Suggester) -> None:
    """The three timed in turn on each article, in CPU time of this process:
    on a machine other jobs load, a slow spell then falls on all three alike
    rather than on whichever ran during it (wall-clock phases one after the
    other gave ratios that moved by 2x from run to run)."""
    import jieba
    import jieba.posseg as pseg

    chars = sum(len(t) for t in texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    clock = time.process_time
    cut_s = posseg_s = ours_s = 0.0
    n_spans = 0
    for t in texts:
        t0 = clock()
        for _ in jieba.cut(t):
            pass
        t1 = clock()
        for _ in pseg.cut(t):
            pass
        t2 = clock()
        n_spans += len(sug.suggest(t))
        t3 = clock()
        cut_s, posseg_s, ours_s = cut_s + t1 - t0, posseg_s + t2 - t1, ours_s + t3 - t2
    ours, base, cut = chars / ours_s, chars / posseg_s, chars / cut_s
    print(f"{label}: {len(texts)} articles, {chars} chars, {mb:.2f} MB (CPU time)")
    print(f"  jieba.cut        : {cut:12,.0f} chars/s  ({cut_s:.2f} s)")
    print(f"  jieba.posseg.cut : {base:12,.0f} chars/s  ({posseg_s:.2f} s)")
    print(f"  zs_tui suggester : {ours:12,.0f} chars/s  ({ours_s:.2f} s, {n_spans} spans)")
    print(f"  ratio ours/cut   : {ours / cut:.2f}  (aim >= 0.6 on Simplified)")
    print(f"  ratio ours/posseg: {ours / base:.2f}  (aim >= 1.0 on Simplified)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="MB of UTF-8 text (default 1)")
    ap.add_argument("--jobs", type=int, default=1, help="also time suggest_texts over N processes")
    ap.add_argument("--simplified-only", action="store_true", help="skip the all-seeds run (posseg takes minutes on Traditional)")
    ap.add_argument("--no-model", action="store_true", help="the rules alone, without the trained layer")
    args = ap.parse_args()

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    list(pseg.cut("预热词典"))
    sug = Suggester(model=None) if args.no_model else Suggester()
    print(f"suggester {sug.version} ({'rules only' if sug.model is None else 'with the trained layer'})")
    sug.suggest("预热:2024年3月,某公司在合肥签约。")
    texts = corpus(args.mb)
    if not args.simplified_only:
        compare("all seeds", texts, sug)
    # posseg's HMM crawls over Traditional text (its characters are unknown
    # words to it), so the Simplified-only figure is printed as well: the
    # ratio that does not flatter us.
    compare("Simplified seeds only", corpus(args.mb, {"simplified"}), sug)
    if args.jobs > 1:
        chars = sum(len(t) for t in texts)
        t0 = time.perf_counter()
        suggest_texts(sug, texts, jobs=args.jobs)
        par_s = time.perf_counter() - t0
        print(f"suggest_texts jobs={args.jobs}: {chars / par_s:12,.0f} chars/s  ({par_s:.2f} s incl. pool start)")


if __name__ == "__main__":
    main()
