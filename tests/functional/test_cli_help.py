"""`zs-tui --help`, per-command help and `python -m zs_tui`: every command listed, and
start-up that imports nothing heavy (figures: benchmarks/cli_startup.py)."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from zs_tui.cli import COMMANDS, cli


def test_help_lists_every_command_and_the_review_options():
    r = CliRunner().invoke(cli, ["--help"])
    assert r.exit_code == 0
    listed = r.stdout[r.stdout.index("Commands:"):]
    assert all(f"  {name} " in listed for name in COMMANDS)
    assert "--annotator" in r.stdout and "--db" in r.stdout


def test_each_command_has_its_help():
    for name in COMMANDS:
        r = CliRunner().invoke(cli, [name, "--help"], prog_name="zs-tui")
        assert r.exit_code == 0 and r.stdout.startswith(f"Usage: zs-tui {name} [OPTIONS]"), (name, r.stdout)
        assert "--help" in r.stdout


def test_python_dash_m_zs_tui_and_a_light_start():
    r = subprocess.run([sys.executable, "-m", "zs_tui", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("Usage: zs-tui ")
    code = ("import sys; from zs_tui.cli import main; main(['--help']); "
            "print(sorted(m for m in ('textual', 'jieba', 'sqlite3', 'zs_tui.storage', 'zs_tui.suggest') "
            "if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "[]"
