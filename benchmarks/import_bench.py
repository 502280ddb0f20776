"""Import speed and memory on a synthetic corpus.

Builds N articles from shuffled paragraphs of the seed articles (each article
takes 4-20 paragraphs from one seed, so scripts and glosses stay realistic,
and carries a unique dateline so that none is a duplicate), writes them as
.txt files (or one .jsonl file), and imports them into a fresh temporary
database through ``zs-tui import`` itself (``zs_tui.cli.main``).

    .venv/bin/python benchmarks/import_bench.py            # N=10000, --no-suggest
    .venv/bin/python benchmarks/import_bench.py --n 100000 --store-only --old /work/main  # reviewable after
    .venv/bin/python benchmarks/import_bench.py --n 2000 --suggest --jobs 1,2 --old /work/main
    .venv/bin/python benchmarks/import_bench.py --open     # the app suggesting an article it opens
    .venv/bin/python benchmarks/import_bench.py --format jsonl --keep

Prints articles/s for the whole command and for its phases: reading and
cleaning into the staging database, publishing into the target (the only
time its write lock is held; ``--existing`` imports into a database that
already holds an article, so publishing copies rows instead of linking the
staging file) - after which the articles can be reviewed - and, with
``--suggest``, the background pool suggesting them (once per ``--jobs``
value), and the peak RSS of the process (``resource.getrusage``).  ``--old
CHECKOUT`` times that checkout's ``zs-tui import`` (suggesting before
storing) on the same corpus with the same ``--jobs``, side by side, and
checks both databases hold the same articles (text, clean text, map, script,
title, meta) and the same spans.  ``--open`` times what the review
app waits for when it opens an article the background has not reached: its
learner process suggesting a 3,000-character article (request to answer).
"""
from __future__ import annotations

import argparse
import json
import os
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
from zs_tui.ingest import background, importing
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


def spans_digest(db: Path) -> str:
    """The spans of a database by article content, for comparing two imports."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        h = hashlib.sha256()
        for row in conn.execute('SELECT a.sha256, s.start, s."end", s.label, s.state, s.origin, s.layer FROM spans s'
                                ' JOIN articles a ON a.id=s.article_id ORDER BY 1, 2, 3, 4'):
            h.update(repr(row).encode())
        return h.hexdigest()[:16]
    finally:
        conn.close()


def articles_digest(db: Path) -> str:
    """The articles of a database as stored (ids, text, clean text, map, script, title, meta;
    not the timestamps), for comparing two imports."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        h = hashlib.sha256()
        for row in conn.execute("SELECT id, sha256, source, encoding, script, raw, clean, char_map, title, n_chars,"
                                " meta, status FROM articles ORDER BY id"):
            h.update(repr(row).encode())
        return h.hexdigest()[:16]
    finally:
        conn.close()


def run_new(corpus: Path, db: Path, suggest: bool, jobs: int, existing: bool,
            store_only: bool = False) -> tuple[int, dict[str, float]]:
    """This checkout's `zs-tui import`, in this process, its phases timed
    (``store_only``: the articles stored and queued, the background not run)."""
    phases: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    stage, pub, bg = importing.stage_items, publish_mod.publish, background.suggest_pending
    importing.stage_items = timed("read + clean + stage", stage)
    publish_mod.publish = timed("publish (target locked)", pub)
    background.suggest_pending = timed(f"suggest in the background (--jobs {jobs})", bg)
    if store_only:
        background.suggest_pending = lambda db, **kw: background.PendingResult(str(db), "")
    if existing:
        with Store(db) as st:
            from zs_tui.ingest.inputs import make_article

            st.add_article(make_article("已有的一篇文章。", "existing.txt", "utf-8"))
    argv = ["import", str(corpus), "--db", str(db)] + (["--jobs", str(jobs)] if suggest or store_only else ["--no-suggest"])
    t0, cpu0 = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    kids0 = cpu_seconds(resource.RUSAGE_CHILDREN)
    try:
        code = cli.main(argv)
    finally:
        importing.stage_items, publish_mod.publish, background.suggest_pending = stage, pub, bg
    phases["total"] = time.perf_counter() - t0
    # this process's CPU (storing; with the background, its reads and commits), then its pool's
    phases["cpu"] = cpu_seconds(resource.RUSAGE_SELF) - cpu0
    phases["workers cpu"] = cpu_seconds(resource.RUSAGE_CHILDREN) - kids0
    return code, phases


def cpu_seconds(who: int) -> float:
    """User + system CPU time of this process or of its waited-for children: less
    sensitive than wall time to other programs loading the machine."""
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def run_old(checkout: Path, corpus: Path, db: Path, suggest: bool, jobs: int) -> tuple[float, float]:
    """Another checkout's `zs-tui import` (the old path: suggested before stored), in a process of its own."""
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(checkout))
    # Run from inside the checkout: `python -m` puts the working directory
    # first on sys.path, so run from this one it would time this checkout's code.
    where = subprocess.run([sys.executable, "-c", "import zs_tui; print(zs_tui.__file__)"], env=env, cwd=checkout,
                           check=True, capture_output=True, text=True).stdout.strip()
    if not Path(where).resolve().is_relative_to(checkout.resolve()):
        raise SystemExit(f"--old {checkout}: zs_tui is imported from {where}, not from that checkout")
    argv = [sys.executable, "-m", "zs_tui.cli", "import", str(corpus), "--db", str(db)]
    argv += ["--jobs", str(jobs)] if suggest else ["--no-suggest"]
    t0, cpu0 = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, cwd=checkout, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu0


def open_latency(work: Path, n: int = 20, chars: int = 3000) -> None:
    """The learner process suggesting articles of ``chars`` characters that wait for suggestions."""
    import queue
    import statistics

    from zs_tui.ingest.inputs import make_article
    from zs_tui.review.learner_process import LearnerProcess

    seeds = seed_paragraphs(ROOT / "seeds")
    rng = random.Random(3)
    db = work / "open.db"
    with Store(db) as st:
        for i in range(n):
            text = f"第{i + 1}号稿件\n"
            while len(text) < chars:
                text += rng.choice(rng.choice(seeds)) + "\n"
            aid = st.add_article(make_article(text[:chars], f"open/{i}.txt", "utf-8"))
            st.queue_for_suggestions([aid])
        ids = st.article_ids()
        texts = [st.article(a).clean for a in ids]
    from zs_tui.suggest import Suggester

    # The same work in this process, as CPU time: what the answer costs on a machine nobody else loads.
    sugg = Suggester()
    sugg.suggest("预热")
    cpu = []
    for text in texts:
        t = time.process_time()
        sugg.suggest(text)
        cpu.append((time.process_time() - t) * 1000)
    print(f"suggester CPU per {chars}-char article in this process: median {statistics.median(cpu):.0f} ms,"
          f" max {max(cpu):.0f} ms (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for learn in (True, False):
        got: queue.Queue = queue.Queue()
        worker = LearnerProcess(db, learn=learn, on_message=got.put)
        try:
            if learn:
                while got.get(timeout=120)[0] != "ready":
                    pass
            else:  # loads its suggester on the first request: not counted
                worker.request_suggestions(ids[0], -1)
                while got.get(timeout=120)[0] != "suggest":
                    pass
            times = []
            for aid in ids:
                t = time.perf_counter()
                worker.request_suggestions(aid, 0)
                while (msg := got.get(timeout=60))[0] != "suggest" or msg[1] != aid:
                    pass
                times.append((time.perf_counter() - t) * 1000)
        finally:
            worker.close()
        times.sort()
        print(f"open an article that waits ({chars} chars), learner process {'--learn' if learn else 'without --learn'}:"
              f" median {statistics.median(times):.0f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms,"
              f" max {times[-1]:.0f} ms over {len(times)} articles (target < 100 ms)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000, help="articles (default 10000)")
    ap.add_argument("--suggest", action="store_true", help="run the suggester too (default: --no-suggest)")
    ap.add_argument("--jobs", default="1", help="suggestion processes, with --suggest: one run per value of a list (1,2)")
    ap.add_argument("--old", type=Path, help="a checkout whose import to time on the same corpus, same options")
    ap.add_argument("--store-only", action="store_true",
                    help="import with suggestions queued, but stop before the background suggests them")
    ap.add_argument("--open", action="store_true", help="time the app's learner suggesting an article it opens")
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and database")
    ap.add_argument("--existing", action="store_true", help="import into a database that already holds an article")
    args = ap.parse_args()

    with scratch_dir("zs_tui_bench_", args.keep) as work:
        if args.open:
            open_latency(work)
            return 0
        corpus = work / "corpus"
        corpus.mkdir()
        t0 = time.perf_counter()
        size = build_corpus(args.n, corpus, args.format, random.Random(args.seed))
        print(f"corpus: {args.n} articles, {size / 1e6:.1f} MB ({args.format}) in {time.perf_counter() - t0:.1f}s")
        rss_before = peak_rss_mb()
        for jobs in ([int(j) for j in args.jobs.split(",")] if args.suggest else [0]):
            db = work / f"new-{jobs}.db"
            code, phases = run_new(corpus, db, args.suggest, jobs, args.existing, args.store_only)
            if code != 0:
                print(f"import failed with exit code {code}", file=sys.stderr)
                return code
            with Store(db, create=False) as st:
                n = st.count_articles()
                n_spans = st.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
                waiting = st.count_awaiting_suggestions()
            db_mb = sum(p.stat().st_size for p in work.glob(f"{db.name}*")) / 1e6
            print(f"imported: {n} articles, {n_spans} suggested spans, {waiting} waiting, database {db_mb:.1f} MB")
            if args.store_only:
                import contextlib
                import io

                t = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()) as out:
                    cli.main(["stats", "--db", str(db), "--json"])
                print(f"  zs-tui stats: {json.loads(out.getvalue())['awaiting_suggestions']} waiting for suggestions,"
                      f" in {time.perf_counter() - t:.2f}s")
            total, cpu, workers = phases.pop("total"), phases.pop("cpu"), phases.pop("workers cpu")
            print(f"total: {total:.1f}s, {n / total:,.0f} articles/s ({'with' if args.suggest else 'no'} suggestions);"
                  f" CPU of this process {cpu:.1f}s, of its workers {workers:.1f}s")
            stored = sum(v for k, v in phases.items() if not k.startswith("suggest"))
            print(f"  stored, reviewable after: {stored:.1f}s ({n / stored:,.0f} articles/s)")
            for name, secs in phases.items():
                print(f"    {name}: {secs:.1f}s ({n / secs:,.0f} articles/s)")
            if args.old:
                old_db = work / f"old-{jobs}.db"
                secs, cpu = run_old(args.old, corpus, old_db, args.suggest, jobs)
                same = spans_digest(old_db) == spans_digest(db)
                same_articles = articles_digest(old_db) == articles_digest(db)
                how = f"--jobs {jobs}" if args.suggest else "--no-suggest"
                print(f"  old path ({args.old}, {how}): {secs:.1f}s ({n / secs:,.0f} articles/s), CPU {cpu:.1f}s"
                      " (its workers' too), reviewable only after all of it;"
                      f" same articles as the new path: {'yes' if same_articles else 'NO'},"
                      f" same spans: {'yes' if same else 'NO'}")
        print(f"peak RSS: {peak_rss_mb():.0f} MB (before the import: {rss_before:.0f} MB);"
              f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if n != args.n + args.existing:
            print(f"warning: {args.n + args.existing - n} articles were duplicates", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
