"""Review app speed and memory, measured on the real app in a pseudo-terminal.

    .venv/bin/python benchmarks/ui_bench.py                 # 300 keys, 100 and 10,000 articles
    .venv/bin/python benchmarks/ui_bench.py --keys 1000 --big 20000 --keep

Prints:

* keypress -> committed event -> refreshed screen, p50 / p95 / max, on the
  longest seed article (the seeds imported with the real suggester).  The
  app runs as ``zs-tui review`` in its own process and terminal; the time
  runs from writing the key to the end of the last frame it caused (the
  terminal claims synchronized output, so each frame ends with
  ``ESC[?2026l``), and for keys that change spans the event is checked to
  be committed by then;
* time to the first screen (process start to the footer drawn) with 100
  and with ``--big`` articles;
* RSS of the app process at the first screen with 100 and ``--big``
  articles, and after walking 200 articles with ``n``.

A script that prints figures, not a timed test: run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pty_app import AppTerminal  # noqa: E402

from zs_tui import cli  # noqa: E402
from zs_tui.ingest import make_article  # noqa: E402
from zs_tui.storage import Store  # noqa: E402

# A reviewing rhythm that never runs out of work: decide, undo, move, resize.
KEYS = ["a", "u", "x", "u", "j", "}", "{", "k", "2", "u", "j", "j", "k", "k",
        "w", "e", "b", ")", "(", "k", "+", "u"]  # word motions, edges by a word, merge
CHANGES = {"a", "u", "x", "}", "{", "2", ")", "(", "+"}  # keys that (usually) commit an event
WORD_KEYS = {"w", "e", "b", ")", "(", "+"}  # reported on their own too
ANNOTATOR = "bench"
READY = b"Accept"  # in the footer: the first screen is drawn


def seed_db(path: Path) -> None:
    """The seeds, imported (with suggestions) as ``zs-tui import`` does."""
    code = cli.main(["import", str(ROOT / "seeds"), "--db", str(path)])
    if code:
        raise SystemExit(f"import failed ({code})")


def grow_db(seed: Path, path: Path, n: int) -> None:
    """``n`` articles: variants of the seeds (unique last line) with the seeds' suggestions."""
    with Store(seed, create=False) as src:
        base = [(src.article(i), [dict(start=s.start, end=s.end, label=s.label, source=s.source)
                                  for s in src.spans(i)]) for i in src.article_ids()]
    with Store(path) as st, st.transaction():
        for i in range(n):
            art, sugg = base[i % len(base)]
            st.add_article(make_article(f"{art.raw}\n(编号 {i})", f"bench/{i}.txt", "utf-8"), sugg, "bench")


def longest(db: Path) -> int:
    with Store(db, create=False) as st:
        return max(st.article_ids()[:5], key=lambda i: st.article(i).n_chars)


def open_at(db: Path, article_id: int) -> None:
    """The app opens on that article's first span."""
    with Store(db, create=False) as st:
        first = next(iter(st.spans(article_id)), None)
        st.save_position(ANNOTATOR, article_id, first.id if first else None, 0)


def first_screen(db: Path) -> tuple[float, float, AppTerminal]:
    term = AppTerminal(db, annotator=ANNOTATOR)
    t = term.wait_for_output(READY) - term.started
    time.sleep(0.5)  # let start-up settle before reading memory
    return t, term.rss_mb(), term


def keypresses(db: Path, article_id: int, n: int) -> dict[str, float]:
    open_at(db, article_id)
    term = AppTerminal(db, annotator=ANNOTATOR)
    reader = sqlite3.connect(db)
    try:
        term.wait_for_output(READY)
        time.sleep(0.5)
        times, word_times, uncommitted = [], [], 0
        for i in range(n):
            key = KEYS[i % len(KEYS)]
            before = reader.execute("SELECT count(*) FROM events").fetchone()[0]
            times.append(term.press_and_settle(key))
            if key in WORD_KEYS:
                word_times.append(times[-1] * 1000)
            after = reader.execute("SELECT count(*) FROM events").fetchone()[0]
            if key in CHANGES and after == before:
                uncommitted += 1  # refused (a resize into a neighbour), or committed after its frame
        ms = sorted(t * 1000 for t in times)
        wm = sorted(word_times) or [0.0]
        return {"p50": statistics.median(ms), "p95": ms[int(0.95 * (len(ms) - 1))], "max": ms[-1],
                "n": n, "no_event": uncommitted,
                "word_p50": statistics.median(wm), "word_p95": wm[int(0.95 * (len(wm) - 1))], "word_n": len(word_times)}
    finally:
        reader.close()
        term.kill()


def walk_rss(db: Path, steps: int = 200) -> tuple[float, float]:
    open_at(db, 1)
    term = AppTerminal(db, annotator=ANNOTATOR)
    try:
        term.wait_for_output(READY)
        time.sleep(0.5)
        start = term.rss_mb()
        for _ in range(steps):
            term.press_and_settle("n", quiet=0.01)
        return start, term.rss_mb()
    finally:
        term.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keys", type=int, default=300, help="keypresses to time (default 300)")
    ap.add_argument("--big", type=int, default=10000, help="articles in the big database (default 10000)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary databases")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zs_tui_ui_bench_"))
    try:
        seeds, small, big = work / "seeds.db", work / "small.db", work / "big.db"
        seed_db(seeds)
        t = time.perf_counter()
        grow_db(seeds, small, 100)
        grow_db(seeds, big, args.big)
        print(f"databases: 100 and {args.big} articles built in {time.perf_counter() - t:.1f}s")

        aid = longest(seeds)
        with Store(seeds, create=False) as st:
            art, n_spans = st.article(aid), len(st.spans(aid))
        print(f"\nkeypress -> committed event -> screen, longest seed (#{aid}, {art.n_chars} chars, {n_spans} spans):")
        for name, db, target in (("seeds", seeds, aid), (f"{args.big} articles", big, longest(big))):
            r = keypresses(db, target, args.keys)
            print(f"  {name:>16}: p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  max {r['max']:.1f} ms"
                  f"  ({r['n']} keys; {r['no_event']} span keys left no event by their frame)")
            print(f"  {'':>16}  of which word keys (w e b ( ) +): p50 {r['word_p50']:.1f} ms  "
                  f"p95 {r['word_p95']:.1f} ms  ({r['word_n']} keys)")

        print("\nfirst screen (process start to footer drawn) and RSS:")
        for name, db in (("100 articles", small), (f"{args.big} articles", big)):
            open_at(db, 1)
            secs, rss, term = first_screen(db)
            term.kill()
            print(f"  {name:>16}: {secs:.2f} s, RSS {rss:.0f} MB")
        before, after = walk_rss(big)
        print(f"  walking 200 articles with n ({args.big} articles): RSS {before:.0f} MB -> {after:.0f} MB")
        return 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
