"""A non-editable install (a wheel) ships every data file the package reads:
the suggester's word lists under data/suggest/ were once left out, and a
wheel-installed zs-tui could not suggest."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_file_is_in_the_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["zs_tui"]
    pkg = ROOT / "zs_tui"
    files = [p.relative_to(pkg).as_posix() for p in (pkg / "data").rglob("*") if p.is_file()]
    files += [p.relative_to(pkg).as_posix() for p in pkg.rglob("*.tcss")]
    # setuptools matches each glob within one folder: "data/*" is not "data/suggest/x"
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert files and not missing
