"""Export speed and memory on a synthetic reviewed corpus.

Builds a database of N reviewed articles straight through ``Store`` in one
transaction (the shuffled seed paragraphs of import_bench.py, random flat
accepted spans, a done event per article), then times ``zs-tui export`` in
each format (the command's own time; "whole process" adds the interpreter's
start and the imports before it).  Every export runs in a process of its
own, so that its peak RSS (``resource.getrusage``) is the export's and not
the build's; comparing two sizes shows whether memory grows with the corpus.

    .venv/bin/python benchmarks/export_bench.py              # N = 1000 and 10000
    .venv/bin/python benchmarks/export_bench.py --n 500 --keep
    .venv/bin/python benchmarks/export_bench.py --n 10000 --seed-size   # seed-size articles
    # before / after side by side on one database, alternating, same bytes checked:
    .venv/bin/python benchmarks/export_bench.py --n 10000 --seed-size --checkout ../main --checkout . --repeat 2
    # the same, a database for each checkout (schemas apart)
    .venv/bin/python benchmarks/export_bench.py --db old.db --db migrated.db --checkout ../main --checkout . --repeat 3

With ``--checkout`` (twice or more) each export runs in each checkout's own
code (its ``benchmarks/export_bench.py --child``), in turn, ``--repeat``
times; the best wall time is printed with the process's CPU time (user +
system, start-up included: on a machine others load, CPU time moves less
than wall time), and whether the checkouts wrote the same bytes.
``--db FILE`` exports an existing database (one ``--keep`` left) instead of
building one; given once per checkout, each checkout exports its own (a
checkout of an older schema cannot read a database a newer one migrated:
give it a copy from before, the newer one a copy it migrated).  The exports
run with their bytecode cached in the scratch folder (the first run of each
checkout writes it): the best run is then the start of an installed zs_tui.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from import_bench import peak_rss_mb, scratch_dir, seed_paragraphs, synthetic_article  # noqa: E402

from zs_tui.ingest.inputs import make_article  # noqa: E402
from zs_tui.labels import LABEL_NAMES  # noqa: E402
from zs_tui.storage import Store  # noqa: E402

EXPORTS = (("jsonl", []), ("doccano", []), ("conll", ["--scheme", "bmes"]))


def random_spans(text: str, rng: random.Random) -> list[dict]:
    """Flat spans of 2-8 characters every 5-40 characters, never over whitespace."""
    spans, i = [], rng.randint(0, 10)
    while i < len(text):
        j = i + rng.randint(2, 8)
        if j <= len(text) and not any(c.isspace() for c in text[i:j]):
            spans.append({"start": i, "end": j, "label": rng.choice(LABEL_NAMES)})
        i = j + rng.randint(5, 40)
    return spans


def seed_gold() -> list[tuple[str, list[dict]]]:
    """The seed articles, cleaned as import cleans them, with their gold spans
    found again in order in that text: seed-size articles (~2,000 characters,
    ~84 spans), as a reviewed corpus of real articles has."""
    out = []
    with open(ROOT / "tests" / "data" / "gold_seeds.jsonl", encoding="utf-8") as fp:
        for line in fp:
            d = json.loads(line)
            clean = make_article(d["text"], "seed", "utf-8").clean
            spans, pos = [], 0
            for sp in sorted(d["spans"], key=lambda x: x["start"]):
                name = d["text"][sp["start"]:sp["end"]]
                i = clean.find(name, pos)
                if i >= 0 and name.strip():
                    spans.append({"start": i, "end": i + len(name), "label": sp["label"]})
                    pos = i + len(name)
            out.append((clean, spans))
    return out


def seed_size_article(i: int, gold: list[tuple[str, list[dict]]]) -> tuple[str, list[dict]]:
    """Seed i mod 5 under a unique first line (so no two articles share a hash), gold shifted."""
    text, spans = gold[i % len(gold)]
    head = f"第{i + 1}号稿件\n"
    return head + text, [{**sp, "start": sp["start"] + len(head), "end": sp["end"] + len(head)} for sp in spans]


def build_db(path: Path, n: int, rng: random.Random, seed_size: bool = False) -> int:
    """n reviewed articles; returns the number of accepted spans."""
    seeds = seed_paragraphs(ROOT / "seeds")
    gold = seed_gold() if seed_size else []
    total = 0
    with Store(path) as st:
        sid = st.start_session("bench", "bench")
        with st.transaction():
            for i in range(n):
                if seed_size:
                    text, spans = seed_size_article(i, gold)
                    art = make_article(text, f"bench/{i}", "utf-8")
                else:
                    art = make_article(synthetic_article(i, seeds, rng), f"bench/{i}", "utf-8")
                    spans = random_spans(art.clean, rng)
                aid = st.add_article(art, status="in_progress", gold_spans=spans)
                if aid is None:
                    continue
                st.record(sid, "bench", aid, "done", [], ("in_progress", "done"))
                total += len(spans)
        st.end_session(sid)
    return total


def export_child(db: str, fmt: str, out: str, extra: list[str]) -> None:
    """Run one export in this process and print its time and peak RSS as JSON."""
    from zs_tui import cli

    t0 = time.perf_counter()
    code = cli.main(["export", "--db", db, "--format", fmt, "--output", out, *extra])
    secs = time.perf_counter() - t0
    print(json.dumps({"code": code, "seconds": secs, "rss_mb": peak_rss_mb()}))


def child_env(out: Path) -> dict[str, str]:
    """The environment of an export: its modules' bytecode cached (in the
    scratch folder, none written into a checkout), as an installed zs_tui
    starts, even where PYTHONDONTWRITEBYTECODE is set (it compiled every
    module at every start, tens of milliseconds of a two-second export)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(out.parent / "pycache")
    return env


def run_export(db: Path, fmt: str, extra: list[str], out: Path, checkout: Path = ROOT) -> dict:
    cmd = [sys.executable, str(checkout / "benchmarks" / "export_bench.py"), "--child", str(db), fmt, str(out), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, env=child_env(out))
    process = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise SystemExit(f"export {fmt} failed: {res.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {**json.loads(res.stdout.strip().splitlines()[-1]), "cpu": cpu, "process": process}


def bench(n: int, work: Path, seed: int, seed_size: bool, checkouts: list[Path], repeat: int,
          dbs: list[Path] | None = None) -> None:
    if not dbs:
        db = work / f"bench_{n}.db"
        t0 = time.perf_counter()
        n_spans = build_db(db, n, random.Random(seed), seed_size)
        db_mb = sum(p.stat().st_size for p in work.glob(f"{db.name}*")) / 1e6
        print(f"\n{n} reviewed articles, {n_spans} accepted spans, database {db_mb:.1f} MB "
              f"(built in {time.perf_counter() - t0:.1f}s)")
        dbs = [db]
    else:
        db = dbs[-1]
        # counted read-only: a Store would migrate a database an older checkout is to read
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"\n{', '.join(map(str, dbs))}: {n} articles")
    if len(dbs) == 1:
        dbs = dbs * len(checkouts)
    if len(dbs) != len(checkouts):
        raise SystemExit(f"{len(dbs)} databases for {len(checkouts)} checkouts: give one, or one per checkout")
    base = run_export(db, "jsonl", ["--status", "todo"], work / "empty.jsonl")  # no article matches
    print(f"  baseline: an export that matches no article peaks at {base['rss_mb']:.0f} MB")
    for fmt, extra in EXPORTS:
        outs = [work / f"bench_{n}.{k}.{fmt}" for k in range(len(checkouts))]
        bests: list[dict] = [{} for _ in checkouts]
        for _ in range(repeat):  # the checkouts in turn, so that a busy spell of the machine hits them alike
            for checkout, checkout_db, out, best in zip(checkouts, dbs, outs, bests):
                r = run_export(checkout_db, fmt, extra, out, checkout)
                best.update({k: min(r[k], best.get(k, r[k])) for k in ("seconds", "cpu", "process")})
                best["rss_mb"] = max(r["rss_mb"], best.get("rss_mb", 0))
        for checkout, out, best in zip(checkouts, outs, bests):
            size = out.stat().st_size / 1e6
            where = f"  [{checkout}]" if len(checkouts) > 1 else ""
            print(f"  {fmt:8s} {best['seconds']:6.2f}s  {n / best['seconds']:8,.0f} articles/s  "
                  f"(CPU {best['cpu']:5.2f}s: {n / best['cpu']:7,.0f}/s; whole process {best['process']:5.2f}s)  "
                  f"peak RSS {best['rss_mb']:5.0f} MB  output {size:6.1f} MB{where}")
        if len(outs) > 1:
            same = all(filecmp.cmp(outs[0], o, shallow=False) for o in outs[1:])
            print(f"  {fmt:8s} {'same bytes from every checkout' if same else 'THE CHECKOUTS WROTE DIFFERENT BYTES'}")
        for o in outs:
            o.unlink()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        db, fmt, out, *extra = sys.argv[2:]
        export_child(db, fmt, out, extra)
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary databases")
    ap.add_argument("--seed-size", action="store_true",
                    help="articles the size of the seeds with their gold spans (~2,000 chars, ~84 spans)")
    ap.add_argument("--checkout", type=Path, action="append",
                    help="run each export in this checkout's code too (twice or more: side by side)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per export and checkout (the best is printed)")
    ap.add_argument("--db", type=Path, action="append",
                    help="export this existing database instead of building one (once per --checkout: each its own)")
    args = ap.parse_args()
    checkouts = [c.resolve() for c in args.checkout or [ROOT]]
    with scratch_dir("zs_tui_export_bench_", args.keep) as work:
        if args.db:
            bench(0, work, args.seed, args.seed_size, checkouts, args.repeat, [d.resolve() for d in args.db])
            return 0
        for n in args.n:
            bench(n, work, args.seed, args.seed_size, checkouts, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
