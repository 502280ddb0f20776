"""Defaults the command line shows before anything heavy is imported."""
from __future__ import annotations

DEFAULT_DB = "annotations.db"  # the database every command uses without --db (and Store's default)
DEFAULT_HOST = "127.0.0.1"  # zs-tui serve: this machine only (the app has no login)
DEFAULT_PORT = 8000
