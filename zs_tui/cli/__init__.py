"""Command line entry point: ``zs-tui [--db F] [REVIEW OPTIONS] [COMMAND] ...`` (click).

Layers: a command is a thin click wrapper in ``zs_tui/cli/commands/<module>.py``
that parses its options, calls ONE library function (``zs_tui.ingest.importing``,
``zs_tui.export.exporting``, ``zs_tui.sessions.session_file``, ``zs_tui.sessions.replay``,
``zs_tui.evaluate.evaluating``, ``zs_tui.suggest.use_cases``,
``zs_tui.storage.opening``) and prints what it returns through
``zs_tui.output``.  Library functions return results and raise
``zs_tui.errors.ZsError``; this module catches it once (``ZsGroup.invoke``),
prints it once and exits with its code (2 unless it says otherwise).

Adding a command (e.g. ``zs-tui agreement``):

1. ``zs_tui/cli/commands/agreement.py``::

       import click
       from .options import db_option, json_option

       @click.command("agreement")
       @click.argument("paths", nargs=-1)
       @db_option()
       @json_option()
       def command(paths: tuple[str, ...], db: str, as_json: bool) -> int:
           \"\"\"Long help: what it does, in full.\"\"\"
           from ..agreement import agreement   # heavy imports inside the body
           from ..output import json_out, say
           res = agreement(db, paths)
           ...print res through output...
           return 0   # an exit code, or raise ZsError

   The module-level name is ``command``; the module imports only click and
   ``.options`` at top level, so ``zs-tui --help`` stays fast.
2. One line in ``COMMANDS`` below: name -> (module, one-line help).
3. A row in README's commands table (tests/functional/test_readme.py checks it), a
   ``tests/unit/test_lib_<command>.py`` and a ``tests/functional/test_cli_<command>.py``.
"""
from __future__ import annotations

import importlib
from typing import Any

import click

from zs_tui import __version__
from zs_tui.errors import ZsError

from .commands.options import review_options

# command name -> (module under zs_tui.cli.commands, one-line help), in help order.
# The modules are imported only when their command runs (or for its own help).
COMMANDS: dict[str, tuple[str, str]] = {
    "review": ("review", "open the review app (the default command)"),
    "import": ("import_", "import .txt files, directories and .jsonl files"),
    "stats": ("stats", "articles by status and script, spans per label, each annotator's progress and pace"),
    "suggest": ("suggest", "print suggested spans for files, one JSON line per article"),
    "resuggest": ("resuggest", "refresh stale suggestions, keeping every reviewed span"),
    "eval": ("eval_", "per-label precision/recall/F1 of suggestions against a gold JSONL"),
    "train": ("train", "train the suggester's model on reviewed articles; print cross-validated figures"),
    "export": ("export", "write the gold set as JSONL (spaCy/Prodigy), doccano JSONL or CoNLL"),
    "sessions": ("sessions", "list review sessions; --export ID writes one as JSONL events"),
    "replay": ("replay", "re-apply a recorded session onto another database"),
    "config": ("config", "show or set the database's settings (overlap)"),
    "agreement": ("agreement", "pairwise strict/boundary F1, Cohen's kappa and disagreements between annotators"),
    "adjudicate": ("adjudicate", "walk the articles annotators finished differently and make the adjudicated layer"),
    "merge": ("merge", "bring in another database's sessions, events and layers for the same articles"),
    "serve": ("serve", "serve the review app to web browsers (each tab asks for its annotator)"),
}

class ZsGroup(click.Group):
    """Commands loaded on demand from ``COMMANDS``; ``ZsError`` printed once, as its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        cmd: click.Command = importlib.import_module(f"zs_tui.cli.commands.{COMMANDS[name][0]}").command
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # From the table, not the modules: `zs-tui --help` imports no command.
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, short) in COMMANDS.items()])

    def invoke(self, ctx: click.Context) -> Any:
        from zs_tui import output

        _print_migrations()
        try:
            rv = super().invoke(ctx)
        except ZsError as e:
            output.error(e)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            output.note("interrupted; nothing half-written was kept")
            ctx.exit(130)
        except BrokenPipeError:  # piped into `head`: not an error
            ctx.exit(0)
        if isinstance(rv, int) and rv:  # a command's exit code, also when click runs standalone
            ctx.exit(rv)
        return rv


def _print_migrations() -> None:
    """What storage says of the migrations it runs (zs_tui.migrations), on standard error."""
    import logging

    from zs_tui import output

    class Note(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            output.note(record.getMessage())

    log = logging.getLogger("zs_tui.migrations")
    if not log.handlers:  # once per process (the tests call main again and again)
        log.addHandler(Note())
        log.setLevel(logging.INFO)
        log.propagate = False


@click.group(cls=ZsGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="zs_tui %(version)s")
@review_options
@click.pass_context
def cli(ctx: click.Context, db: str, **review: Any) -> int | None:
    """Review machine-suggested entity spans in Chinese investment-promotion news.

    With no command: open the review app (the options below are
    `zs-tui review`'s) on ./annotations.db or --db F, creating a missing
    database from the built-in seeds. Before a command, --db F is that
    command's database.
    """
    if ctx.invoked_subcommand is not None:
        # ``review``: review_options' options other than --db (the one all commands take)
        given = [f"--{k.replace('_', '-')}" for k, v in review.items() if v]
        if given:
            raise click.UsageError(f"only the review app takes {', '.join(given)}: give them after `review`, "
                                   "or without a command")
        return None
    from .commands.review import run_bare

    return run_bare(db, **review)


def main(argv: list[str] | None = None) -> int:
    """Run ``zs-tui ARGV`` and return its exit code (ZsError, usage errors: 2)."""
    try:
        rv = cli.main(args=argv, prog_name="zs-tui", standalone_mode=False)
    except click.ClickException as e:  # usage errors: click's message, exit 2
        e.show()
        return e.exit_code
    except click.exceptions.Abort:
        return 130
    return int(rv or 0)


if __name__ == "__main__":
    raise SystemExit(main())
