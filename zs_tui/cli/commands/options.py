"""Options several commands share, each declared once as a decorator.

``db_option`` is the ``--db`` of a command that works on a database: when
it is not given, the ``--db`` given before the command (``zs-tui --db x.db
stats``) or ./annotations.db is used.  ``db_option(optional=True)`` is the
``--db`` of a command that works without one (suggest, eval).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from zs_tui.defaults import DEFAULT_DB, DEFAULT_MAX_MB

F = TypeVar("F", bound=Callable[..., Any])


def _inherit_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    return value or ctx.find_root().params.get("db") or DEFAULT_DB


def db_option(optional: bool = False, help: str | None = None) -> Callable[[F], F]:
    if optional:
        return click.option("--db", default=None, metavar="F", help=help)
    return click.option("--db", default=None, metavar="F", callback=_inherit_db,
                        help=help or f"SQLite database (default: ./{DEFAULT_DB})")


def json_option(help: str = "print JSON for scripts") -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help)


def output_option(default: str | None = "-",
                  help: str = "file to write, - for standard output (default)") -> Callable[[F], F]:
    return click.option("--output", "-o", default=default, metavar="FILE", help=help)


def jobs_option(f: F) -> F:
    return click.option("--jobs", type=click.IntRange(min=1, clamp=True), default=1,
                        help="processes for suggestion (default 1)")(f)


def cores_jobs_option(f: F) -> F:
    """``--jobs`` for work done in the background of a command (import's suggestions): the cores by default."""
    return click.option("--jobs", type=click.IntRange(min=1, clamp=True), default=None,
                        help="processes for suggestion (default: one per core)")(f)


def max_mb_option(f: F) -> F:
    return click.option("--max-mb", type=float, default=DEFAULT_MAX_MB,
                        help=f"largest article accepted, in MB (default {DEFAULT_MAX_MB:g})")(f)


def review_options(f: F) -> F:
    """The review app's options: of ``zs-tui review`` and of bare ``zs-tui``."""
    for opt in reversed((
        db_option(),
        click.option("--annotator", default=None, metavar="NAME",
                     help="name recorded with every action (default: login name)"),
        click.option("--ask-annotator", is_flag=True,
                     help="ask for the annotator's name on the first screen (what each browser tab of "
                          "`zs-tui serve` does)"),
        click.option("--keys", default=None, metavar="FILE",
                     help="JSON file of key bindings: {\"accept\": \"a,enter\", ...}"),
        click.option("--labels", default=None, metavar="FILE", help="JSON label set replacing the default nine labels"),
        click.option("--list-keys", is_flag=True, help="print the binding ids a --keys file can remap, and exit"),
        click.option("--no-learn", is_flag=True,
                     help="keep stored suggestions as imported (by default an article nobody has started is "
                          "suggested again with what reviewers taught)"),
    )):
        f = opt(f)
    return f
