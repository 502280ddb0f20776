"""Review app speed and memory, measured on the real app in a pseudo-terminal.

    .venv/bin/python benchmarks/ui_bench.py                     # 100 and 10,000 articles
    .venv/bin/python benchmarks/ui_bench.py --big 100000 --reviewed --work /tmp/uib
    .venv/bin/python benchmarks/ui_bench.py --python .venv/bin/python --python /tmp/base/.venv/bin/python

Prints, for each app interpreter given with ``--python`` (default: this
one), side by side, each figure the median of ``--repeat`` runs taken in
turn (so that the load of a shared machine falls on all of them alike):

* **steady state**: keypress -> committed event -> refreshed screen, p50 /
  p95 / max, on the longest seed article, with 100 articles and with
  ``--big`` (and ``--reviewed``: the same corpus reviewed to done), once the
  app has finished starting (``--settle`` seconds after its first screen).
  The time runs from writing the key to the end of the last frame it caused
  (the terminal claims synchronized output, so each frame ends with
  ``ESC[?2026l``); for keys that change spans the event is checked to be
  committed by then, and the keys whose change came in more than one frame
  are counted. Word keys (w e b ( ) + - W B P o t V) and ``n``/``p`` on their own;
* **start-up**: time to the first screen (process start to the footer
  drawn), then keys pressed from that first frame on for
  ``--startup-keys`` keys: the first of them (pressed as soon as the first
  frame is seen: what start-up left to do after that frame, it waits for), their max, and when the last one slower than
  50 ms came (seconds after the first screen); and the first screen of a
  newcomer, who has no saved position (the queue finds their article);
* RSS of the app process at the first screen with 100 and ``--big``
  articles (reviewed or not), and after walking ``--walk`` articles with ``n``
  (and after the first 100 of them, once the caches are full: the growth
  after that is what would grow with the walk).

Next to the times, the app's CPU per key (and to its first screen): its own
work, whatever else loads the machine. On a reviewed corpus the article
the keys work on is made one still to review (todo, its spans pending),
the rest of the corpus staying reviewed: reopened with ``r``, as before,
every span stayed accepted, ``a`` did nothing and ``u`` undid the reopen,
so that most span keys were refused and the figures were those of refusals.
Each checkout's bytecode is cached in the work folder, as an install has it.
Each run works on a fresh copy of its corpus (``run.db``), so that every
checkout starts from the same database, whatever the runs before it did.

Each app runs in the databases' folder, so that ``python -m`` imports the
interpreter's own checkout, not one in the current folder. The big corpora
are the 100 articles copied in SQL (a unique last line per
copy), so that 100,000 articles build in a minute; ``--work DIR`` keeps them
for the next run. A script that prints figures, not a timed test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pty_app import AppTerminal  # noqa: E402

from zs_tui import cli  # noqa: E402
from zs_tui.ingest.inputs import make_article  # noqa: E402
from zs_tui.storage import Store  # noqa: E402

# A reviewing rhythm that never runs out of work: decide, undo, move, resize.
KEYS = ["a", "u", "x", "u", "j", "}", "{", "k", "2", "u", "j", "j", "k", "k",
        "w", "e", "b", ")", "(", "k", "+", "u",  # word motions, edges by a word, merge
        "l", "-", "u", "W", "B", "P", "v", "o", "t", "a", "V", "v"]  # split, phrases, back, jump and its hint
CHANGES = {"a", "u", "x", "}", "{", "2", ")", "(", "+", "-"}  # keys that (usually) commit an event
WORD_KEYS = {"w", "e", "b", ")", "(", "+", "-", "W", "B", "P", "o", "t", "V"}  # reported on their own too
ARTICLE_KEYS = ["n", "n", "p", "n", "p", "p"]  # back and forth around the longest seed
ANNOTATOR = "bench"
READY = b"Accept"  # in the footer: the first screen is drawn
SLOW = 0.050  # a key slower than this in start-up is a stall


def seed_db(path: Path) -> None:
    """The seeds, imported (with suggestions) as ``zs-tui import`` does."""
    code = cli.main(["import", str(ROOT / "seeds"), "--db", str(path)])
    if code:
        raise SystemExit(f"import failed ({code})")


def grow_db(seed: Path, path: Path, n: int, reviewed: bool = False) -> None:
    """``n`` articles: variants of the seeds (unique last line) with the seeds'
    suggestions; past 100, copies of the first 100 made in SQL. ``reviewed``:
    every article done, every span accepted (the learner reads them all)."""
    with Store(seed, create=False) as src:
        base = [(src.article(i), [dict(start=s.start, end=s.end, label=s.label, source=s.source)
                                  for s in src.spans(i)]) for i in src.article_ids()]
    with Store(path) as st, st.transaction():
        for i in range(min(n, 100)):
            art, sugg = base[i % len(base)]
            st.add_article(make_article(f"{art.raw}\n(编号 {i})", f"bench/{i}.txt", "utf-8"), sugg, "bench")
    if reviewed:
        conn = sqlite3.connect(path)
        try:
            with conn:
                conn.execute("UPDATE spans SET state='accepted'")
                conn.execute("UPDATE articles SET status='done'")
        finally:
            conn.close()
    if n > 100:
        copy_in_sql(path, n)


def copy_in_sql(path: Path, n: int) -> None:
    """Articles 101..n as copies of 1..100, with their spans and suggestions
    (a bench fixture: the text gains a line, the char map a segment for it)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            for k in range(1, (n + 99) // 100):
                m = min(100, n - 100 * k)
                sfx = f"\n(副本 {k})"
                conn.execute(
                    "INSERT INTO articles (id, sha256, source, encoding, script, raw, clean, char_map, title, n_chars,"
                    " meta, status, imported_at, updated_at)"
                    " SELECT id + :off, sha256 || '-' || :k, source || '#' || :k, encoding, script, raw || :sfx,"
                    " clean || :sfx, json_insert(json_set(char_map, '$.clean_len', n_chars + length(:sfx),"
                    " '$.raw_len', length(raw) + length(:sfx)), '$.segments[#]',"
                    " json_array(n_chars, length(raw), length(:sfx))), title, n_chars + length(:sfx), meta, status,"
                    " imported_at, updated_at FROM articles WHERE id <= :m",
                    {"off": 100 * k, "k": k, "sfx": sfx, "m": m})
                conn.execute(
                    'INSERT INTO suggestions (article_id, start, "end", label, text, source, suggester_version)'
                    ' SELECT article_id + :off, start, "end", label, text, source, suggester_version'
                    " FROM suggestions WHERE article_id <= :m", {"off": 100 * k, "m": m})
                conn.execute(
                    'INSERT INTO spans (article_id, start, "end", label, text, origin, state, source, updated_at)'
                    ' SELECT article_id + :off, start, "end", label, text, origin, state, source, updated_at'
                    " FROM spans WHERE article_id <= :m", {"off": 100 * k, "m": m})
    finally:
        conn.close()


def fresh_copy(db: Path) -> Path:
    """A copy of a corpus for one run (``run.db`` beside it): a run decides,
    opens articles and gets learned suggestions for them, and the next run,
    of another checkout too, must start from the same database."""
    dst = db.parent / "run.db"
    for old in db.parent.glob("run.db*"):
        old.unlink()
    src, out = sqlite3.connect(db), sqlite3.connect(dst)
    try:
        src.backup(out)
    finally:
        src.close()
        out.close()
    return dst


def longest(db: Path) -> int:
    with Store(db, create=False) as st:
        return max(st.article_ids()[:5], key=lambda i: st.article(i).n_chars)


def to_review(db: Path, article_id: int) -> None:
    """In a reviewed corpus (a run's copy), the article the keys work on is
    one still to review: its spans pending, the article todo."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("UPDATE spans SET state='pending' WHERE article_id=?", (article_id,))
            conn.execute("UPDATE articles SET status='todo' WHERE id=?", (article_id,))
    finally:
        conn.close()


def open_at(db: Path, article_id: int) -> None:
    """The app opens on that article's first span."""
    with Store(db, create=False) as st:
        first = next(iter(st.spans(article_id)), None)
        st.save_position(ANNOTATOR, article_id, first.id if first else None, 0)


def cpu_s(pid: int) -> float:
    """CPU seconds the process used (user + system): its own work, whatever
    the load of the machine; the learner's process is another one."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(ms: list[float], q: float) -> float:
    ms = sorted(ms) or [0.0]
    return ms[int(q * (len(ms) - 1))]


def steady(py: str, db: Path, article_id: int, n: int, settle: float) -> dict[str, float]:
    """Keys once start-up is over."""
    to_review(db, article_id)
    open_at(db, article_id)
    term = AppTerminal(db, annotator=ANNOTATOR, python=py, cwd=db.parent)
    reader = sqlite3.connect(db)
    try:
        term.wait_for_output(READY)
        time.sleep(settle)
        times, word_times, uncommitted, split = [], [], 0, 0
        cpu0 = cpu_s(term.proc.pid)
        for i in range(n):
            key = KEYS[i % len(KEYS)]
            before = reader.execute("SELECT max(id) FROM events").fetchone()[0]
            frames = term.frame_count()
            times.append(term.press_and_settle(key, timeout=30) * 1000)
            split += term.frame_count() - frames > 1  # the key's change drawn in pieces, a frame apart
            if key in WORD_KEYS:
                word_times.append(times[-1])
            after = reader.execute("SELECT max(id) FROM events").fetchone()[0]
            if key in CHANGES and after == before:
                uncommitted += 1  # refused (a resize into a neighbour), or committed after its frame
        cpu = (cpu_s(term.proc.pid) - cpu0) * 1000 / n
        cpu0, n_art = cpu_s(term.proc.pid), max(6, n // 10)
        art = [term.press_and_settle(ARTICLE_KEYS[i % len(ARTICLE_KEYS)], timeout=30) * 1000 for i in range(n_art)]
        return {"cpu": cpu, "p50": statistics.median(times), "p95": pct(times, 0.95), "max": max(times),
                "no_event": uncommitted, "split": split, "word_p50": statistics.median(word_times or [0.0]),
                "word_p95": pct(word_times, 0.95), "np_p50": statistics.median(art), "np_p95": pct(art, 0.95),
                "np_max": max(art), "np_cpu": (cpu_s(term.proc.pid) - cpu0) * 1000 / n_art}
    finally:
        reader.close()
        term.kill()


def startup(py: str, db: Path, keys: int, annotator: str = ANNOTATOR) -> dict[str, float]:
    """First screen, then keys from the first frame on, and memory; ``annotator``
    other than the bench's: one with no saved position, whom the queue serves."""
    if annotator == ANNOTATOR:
        open_at(db, longest(db))
    term = AppTerminal(db, annotator=annotator, python=py, cwd=db.parent)
    try:
        first = term.wait_for_output(READY)
        first_cpu = cpu_s(term.proc.pid)
        times, last_slow = [], 0.0
        for i in range(keys):
            t = term.press_and_settle("jk"[i % 2], quiet=0.02, timeout=30)
            times.append(t * 1000)
            if t > SLOW:
                last_slow = time.perf_counter() - first
        time.sleep(1.0)  # let start-up settle before reading memory
        return {"first": first - term.started, "first_cpu": first_cpu, "key1": times[0], "max": max(times),
                "p95": pct(times, 0.95),
                "last_slow": last_slow, "rss": term.rss_mb()}
    finally:
        term.kill()


WARM = 100  # articles after which the app's caches are full: the RSS from there on is the walk's growth


def walk_rss(py: str, db: Path, steps: int) -> tuple[float, float, float]:
    """RSS at the first screen, after ``WARM`` articles and after ``steps``:
    the caches (Textual's, SQLite's pages, the word segmentations) fill over
    the first articles; what grows after them would grow with the walk."""
    open_at(db, 1)
    term = AppTerminal(db, annotator=ANNOTATOR, python=py, cwd=db.parent)
    try:
        term.wait_for_output(READY)
        time.sleep(2.0)
        start = warm = term.rss_mb()
        for i in range(steps):
            term.press_and_settle("n", quiet=0.01, timeout=30)
            if i + 1 == WARM:
                warm = term.rss_mb()
        return start, warm, term.rss_mb()
    finally:
        term.kill()


def med(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def spread(runs: list[dict[str, float]], k: str) -> str:
    v = [r[k] for r in runs]
    return f" [{min(v):.1f}-{max(v):.1f}]" if len(v) > 1 else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keys", type=int, default=300, help="keypresses to time per run (default 300)")
    ap.add_argument("--big", type=int, default=10000, help="articles in the big database (default 10000)")
    ap.add_argument("--reviewed", action="store_true", help="also the big corpus reviewed to done")
    ap.add_argument("--python", action="append", default=None,
                    help="interpreter that runs the app (repeat to compare checkouts; default: this one)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each measurement per interpreter (medians)")
    ap.add_argument("--settle", type=float, default=5.0, help="seconds after the first screen before steady state")
    ap.add_argument("--startup-keys", type=int, default=60, help="keys timed from the first frame on")
    ap.add_argument("--walk", type=int, default=1000, help="articles walked with n for memory (default 1000)")
    ap.add_argument("--only", choices=("steady", "startup", "walk"), action="append", help="run only these parts")
    ap.add_argument("--work", type=Path, default=None, help="keep (and reuse) the databases in this folder")
    args = ap.parse_args()
    pys = args.python or [sys.executable]
    parts = set(args.only or ("steady", "startup", "walk"))

    work = args.work or Path(tempfile.mkdtemp(prefix="zs_tui_ui_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    # An installed app starts from its bytecode: with PYTHONDONTWRITEBYTECODE
    # (as in some sandboxes) every start would compile zs_tui again, a
    # fifth of the first screen. The apps keep theirs under WORK/pycache.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        seeds, small, big = work / "seeds.db", work / "small.db", work / f"big{args.big}.db"
        rev = work / f"big{args.big}_reviewed.db"
        t = time.perf_counter()
        if not seeds.exists():
            seed_db(seeds)
        for path, n in ((small, 100), (big, args.big)):
            if not path.exists():
                grow_db(seeds, path, n)
        if args.reviewed and not rev.exists():
            grow_db(seeds, rev, args.big, reviewed=True)
        print(f"databases: 100 and {args.big} articles ready in {time.perf_counter() - t:.1f}s ({work})")
        corpora = [("100 articles", small), (f"{args.big} articles", big)]
        if args.reviewed:
            corpora.append((f"{args.big} reviewed", rev))
        names = {py: (f"[{i}] " if len(pys) > 1 else "") for i, py in enumerate(pys)}
        for py in pys if len(pys) > 1 else []:
            print(f"  {names[py]}{py}")
        for py in pys:  # the bytecode of each checkout, written once before anything is timed
            subprocess.run([py, "-c", "import zs_tui.cli.commands.review, zs_tui.ui.app"], cwd=work, check=True)

        aid = longest(seeds)
        with Store(seeds, create=False) as st:
            art, n_spans = st.article(aid), len(st.spans(aid))
        if "steady" in parts:
            print(f"\nsteady state ({args.settle:.0f} s after the first screen): keypress -> committed event -> "
                  f"screen, longest seed (#{aid}, {art.n_chars} chars, {n_spans} spans):")
            for name, db in corpora:
                target = longest(db)
                runs: dict[str, list] = {py: [] for py in pys}
                for _ in range(args.repeat):
                    for py in pys:
                        runs[py].append(steady(py, fresh_copy(db), target, args.keys, args.settle))
                for py in pys:
                    r = med(runs[py])
                    print(f"  {names[py]}{name:>16}: p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms"
                          f"{spread(runs[py], 'p95')}  max {r['max']:.1f} ms  app CPU {r['cpu']:.1f} ms/key"
                          f"  ({args.keys} keys; "
                          f"{r['no_event']:.0f} span keys left no event by their frame; "
                          f"{r['split']:.0f} drawn in more than one frame)")
                    print(f"  {'':>{len(names[py]) + 16}}  word keys (w e b ( ) + - W B P o t V): p50 {r['word_p50']:.1f} ms  "
                          f"p95 {r['word_p95']:.1f} ms;  n/p: p50 {r['np_p50']:.1f} ms  p95 {r['np_p95']:.1f} ms"
                          f"  max {r['np_max']:.1f} ms  app CPU {r['np_cpu']:.1f} ms/key")

        if "startup" in parts:
            print(f"\nstart-up: first screen (process start to footer drawn), then {args.startup_keys} keys "
                  f"(j/k) from the first frame on, RSS after:")
            for name, db in corpora:
                runs = {py: [] for py in pys}
                for _ in range(args.repeat):
                    for py in pys:
                        runs[py].append(startup(py, fresh_copy(db), args.startup_keys))
                for py in pys:
                    r = med(runs[py])
                    print(f"  {names[py]}{name:>16}: first screen {r['first']:.2f} s{spread(runs[py], 'first')}"
                          f" (app CPU {r['first_cpu']:.2f} s)"
                          f"  first key {r['key1']:.0f} ms{spread(runs[py], 'key1')}"
                          f"  keys p95 {r['p95']:.1f} ms  max {r['max']:.0f} ms{spread(runs[py], 'max')}"
                          f"  last key > 50 ms at {r['last_slow']:.2f} s  RSS {r['rss']:.0f} MB")
            print("  a newcomer (no saved position: the queue finds their first article), first screen:")
            for name, db in corpora:
                for py in pys:
                    r = startup(py, fresh_copy(db), 2, annotator="newcomer")
                    print(f"  {names[py]}{name:>16}: {r['first']:.2f} s (app CPU {r['first_cpu']:.2f} s)")

        if "walk" in parts:
            print(f"\nmemory walking {args.walk} articles with n:")
            for name, db in corpora[1:]:
                for py in pys:
                    before, warm, after = walk_rss(py, fresh_copy(db), args.walk)
                    growth = (after - warm) * 1000 / max(1, args.walk - WARM)
                    print(f"  {names[py]}{name:>16}: RSS {before:.0f} MB -> {warm:.0f} MB after {WARM} articles"
                          f" -> {after:.0f} MB after {args.walk} ({growth:+.1f} MB per 1,000 after the first {WARM})")
        return 0
    finally:
        for run in work.glob("run.db*"):  # the last run's copy
            run.unlink()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
