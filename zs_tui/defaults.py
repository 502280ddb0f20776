"""Defaults the command line shows before anything heavy is imported."""
from __future__ import annotations

DEFAULT_DB = "annotations.db"  # the database every command uses without --db (and Store's default)
