"""``zs-tui serve``: the CLI of ``zs_tui.cli.browser.serve`` (the review app in web browsers)."""
from __future__ import annotations

import click

from zs_tui.defaults import DEFAULT_HOST, DEFAULT_PORT

from .options import db_option


@click.command("serve")
@db_option()
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="address to listen on: this machine only by default, since the app has no login and writes "
                   "to the database, so anyone who can reach the port can review as any name; give 0.0.0.0 "
                   "only on a network you trust")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="TCP port")
def command(db: str, host: str, port: int) -> int:
    """Serve the review app to web browsers (textual-serve): each tab asks for
    its annotator's name and is a review session of its own. Ctrl+C stops the
    server and every tab's app."""
    from zs_tui.cli.browser import serve
    serve(db, host, port)
    return 0
