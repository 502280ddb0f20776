"""Command line entry point: ``zs-tui [COMMAND] ...``.

Each command lives in ``zs_tui/commands/<name>.py`` with ``add_parser`` and
``run``; modules import their heavy dependencies inside ``run`` so that
``zs-tui --help`` and the review app start fast.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from . import __version__

# command name -> module under zs_tui.commands, in help order
COMMANDS = {
    "review": "review",
    "import": "import_",
    "stats": "stats",
    "suggest": "suggest",
    "resuggest": "resuggest",
    "eval": "eval_",
    "train": "train",
    "export": "export",
    "sessions": "sessions",
    "replay": "replay",
}


def _modules() -> dict[str, object]:
    mods = {}
    for name, mod in COMMANDS.items():
        full = f"zs_tui.commands.{mod}"
        if importlib.util.find_spec(full) is not None:
            mods[name] = importlib.import_module(full)
    return mods


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="zs-tui",
        description="Review machine-suggested entity spans in Chinese investment-promotion news. "
        "With no command: open the review app on ./annotations.db, creating it from the built-in seeds.",
    )
    parser.add_argument("--version", action="version", version=f"zs_tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    mods = _modules()
    for mod in mods.values():
        mod.add_parser(sub)  # type: ignore[attr-defined]
    return parser, mods


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, mods = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .commands.default import run_default

        return run_default()
    try:
        return int(mods[args.command].run(args) or 0)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
