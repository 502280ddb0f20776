"""Peak memory of importing one large JSONL file (issue 10, item 5).

Writes a JSONL file of about --mb megabytes (distinct articles of seed
paragraphs), imports it with ``zs-tui import --no-suggest`` in a child
process and prints the child's peak RSS and the time taken.  The import
streams the file line by line, so the peak should not grow with the file.

    .venv/bin/python benchmarks/jsonl_rss.py --mb 200
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=200)
    args = ap.parse_args()
    paras = [p for f in sorted((ROOT / "seeds").glob("*.txt"))
             for p in f.read_text("utf-8").split("\n") if len(p) > 20]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.jsonl"
        size, n = 0, 0
        with open(src, "w", encoding="utf-8") as f:
            while size < args.mb * 1024 * 1024:
                text = f"第{n}号\n" + "\n".join(paras[(n + k) % len(paras)] for k in range(6))
                line = json.dumps({"text": text, "meta": {"source": f"a{n}"}}, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                n += 1
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "zs_tui.cli", "import", str(src), "--no-suggest",
                              "--db", str(Path(tmp) / "x.db")], capture_output=True, text=True, cwd=ROOT)
        took = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(res.stdout.strip() or res.stderr.strip())
        print(f"JSONL {size / 1024 / 1024:.0f} MB, {n} articles: peak RSS {peak:.0f} MB, {took:.1f} s")


if __name__ == "__main__":
    main()
