"""How fast the command line starts: ``zs-tui --help`` and ``zs-tui stats --help``
(median wall time of N runs in fresh processes, and their CPU time, which a
loaded machine disturbs less) and what ``import zs_tui.cli`` costs
(``-X importtime``, cumulative time of the top-level import).

    .venv/bin/python benchmarks/cli_startup.py [N]
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time


def timed(args: list[str], n: int) -> tuple[float, float]:
    """(median wall, median CPU) seconds of ``zs-tui ARGS``."""
    walls, cpus = [], []
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zs_tui.cli", *args], capture_output=True, check=True)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def import_us() -> int:
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "import zs_tui.cli"],
                       capture_output=True, text=True, check=True)
    rows = [line.split("|") for line in r.stderr.splitlines() if line.startswith("import time:")]
    return next(int(cum) for _, cum, name in reversed(rows) if name.strip() == "zs_tui.cli")


def heavy_modules() -> list[str]:
    code = ("import sys, zs_tui.cli; print(' '.join(m for m in ('textual', 'jieba', 'rich', 'click', "
            "'sqlite3', 'zs_tui.storage', 'zs_tui.suggest') if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print(f"import zs_tui.cli: {import_us() / 1000:.1f} ms cumulative; loads {' '.join(heavy_modules()) or 'nothing heavy'}")
    for args in (["--help"], ["stats", "--help"]):
        w, c = timed(args, n)
        print(f"zs-tui {' '.join(args)}: {w * 1000:.0f} ms wall, {c * 1000:.0f} ms CPU (medians of {n})")
