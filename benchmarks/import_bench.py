"""Import speed and memory on a synthetic corpus.

Builds N articles from shuffled paragraphs of the seed articles (each article
takes 4-20 paragraphs from one seed, so scripts and glosses stay realistic,
and carries a unique dateline so that none is a duplicate), writes them as
.txt files (or one .jsonl file), and imports them into a fresh temporary
database through ``zs-tui import`` itself (``zs_tui.cli.main``).

    .venv/bin/python benchmarks/import_bench.py            # N=10000, --no-suggest
    .venv/bin/python benchmarks/import_bench.py --n 500 --suggest
    .venv/bin/python benchmarks/import_bench.py --format jsonl --keep

Prints articles/s for the whole command and for its two phases (reading,
cleaning and suggesting into the staging database, then publishing into the
target, the only time its write lock is held; ``--existing`` imports into a
database that already holds an article, so publishing copies rows instead of
linking the staging file), and the peak RSS of the process
(``resource.getrusage``).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui import cli
from zs_tui.ingest import importing
from zs_tui.storage import Store  # noqa: E402
from zs_tui.storage import publish as publish_mod  # noqa: E402


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


@contextmanager
def scratch_dir(prefix: str, keep: bool) -> Iterator[Path]:
    """A temporary folder for a benchmark run, removed afterwards unless ``keep``."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def seed_paragraphs(seeds: Path) -> list[list[str]]:
    out = []
    for f in sorted(seeds.glob("*.txt")):
        paras = [p for p in f.read_text("utf-8").split("\n") if p.strip()]
        # one seed is two very long lines: cut those at sentence ends so that it shuffles too
        if len(paras) < 8:
            paras = [s + "。" for p in paras for s in p.split("。") if s.strip()]
        out.append(paras)
    return out


def synthetic_article(i: int, seeds: list[list[str]], rng: random.Random) -> str:
    """Article i: 4-20 shuffled paragraphs of one seed under a unique dateline."""
    paras = rng.choice(seeds)
    k = rng.randint(min(4, len(paras)), min(20, len(paras)))
    body = rng.sample(paras, k)
    return f"第{i + 1}号稿件 {2000 + i % 25}年{i % 12 + 1}月{i % 28 + 1}日\n\n" + "\n\n".join(body) + "\n"


def build_corpus(n: int, dest: Path, fmt: str, rng: random.Random) -> int:
    """Write n articles under dest; returns the bytes written."""
    seeds = seed_paragraphs(ROOT / "seeds")
    total = 0
    jsonl = open(dest / "corpus.jsonl", "w", encoding="utf-8") if fmt == "jsonl" else None
    try:
        for i in range(n):
            text = synthetic_article(i, seeds, rng)
            if jsonl:
                line = json.dumps({"text": text, "meta": {"source": f"bench/{i}"}}, ensure_ascii=False) + "\n"
                jsonl.write(line)
                total += len(line.encode("utf-8"))
            else:
                sub = dest / f"{i // 1000:03d}"
                sub.mkdir(exist_ok=True)
                data = text.encode("utf-8")
                (sub / f"{i:06d}.txt").write_bytes(data)
                total += len(data)
    finally:
        if jsonl:
            jsonl.close()
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000, help="articles (default 10000)")
    ap.add_argument("--suggest", action="store_true", help="run the suggester too (default: --no-suggest)")
    ap.add_argument("--jobs", type=int, default=1, help="suggestion processes, with --suggest")
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and database")
    ap.add_argument("--existing", action="store_true", help="import into a database that already holds an article")
    args = ap.parse_args()

    with scratch_dir("zs_tui_bench_", args.keep) as work:
        corpus = work / "corpus"
        corpus.mkdir()
        db = work / "annotations.db"
        t0 = time.perf_counter()
        size = build_corpus(args.n, corpus, args.format, random.Random(args.seed))
        print(f"corpus: {args.n} articles, {size / 1e6:.1f} MB ({args.format}) in {time.perf_counter() - t0:.1f}s")
        rss_before = peak_rss_mb()

        # Time the two phases of `zs-tui import` by wrapping the functions it calls.
        phases: dict[str, float] = {}

        def timed(name, fn):
            def wrapper(*a, **kw):
                t = time.perf_counter()
                try:
                    return fn(*a, **kw)
                finally:
                    phases[name] = phases.get(name, 0.0) + time.perf_counter() - t
            return wrapper

        # staging reads, cleans (and suggests) into the staging database; publishing
        # is the only part that holds the target's write lock
        importing.stage_items = timed("read + clean + " + ("suggest + stage" if args.suggest else "stage"),
                                      importing.stage_items)
        publish_mod.publish = timed("publish (target locked)", publish_mod.publish)

        if args.existing:
            with Store(db) as st:
                from zs_tui.ingest.inputs import make_article

                st.add_article(make_article("已有的一篇文章。", "existing.txt", "utf-8"))
        argv = ["import", str(corpus), "--db", str(db)]
        argv += ["--jobs", str(args.jobs)] if args.suggest else ["--no-suggest"]
        t0 = time.perf_counter()
        code = cli.main(argv)
        elapsed = time.perf_counter() - t0
        if code != 0:
            print(f"import failed with exit code {code}", file=sys.stderr)
            return code
        with Store(db, create=False) as st:
            n = st.count_articles()
            n_spans = st.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        db_mb = sum(p.stat().st_size for p in work.glob("annotations.db*")) / 1e6
        print(f"imported: {n} articles, {n_spans} suggested spans, database {db_mb:.1f} MB")
        print(f"total: {elapsed:.1f}s, {n / elapsed:,.0f} articles/s ({'with' if args.suggest else 'no'} suggestions)")
        for name, secs in phases.items():
            print(f"  {name}: {secs:.1f}s ({n / secs:,.0f} articles/s)")
        print(f"peak RSS: {peak_rss_mb():.0f} MB (before the import: {rss_before:.0f} MB)")
        if n != args.n + args.existing:
            print(f"warning: {args.n + args.existing - n} articles were duplicates", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
