"""Defaults and choices the command line shows before anything heavy is imported
(each defined here once; the modules that use them import them from here)."""
from __future__ import annotations

DEFAULT_DB = "annotations.db"  # the database every command uses without --db (and Store's default)
DEFAULT_HOST = "127.0.0.1"  # zs-tui serve: this machine only (the app has no login)
DEFAULT_PORT = 8000
STATUSES = ("todo", "in_progress", "done", "skipped")  # an article's status (storage.schema's CHECK)
FORMATS = ("jsonl", "doccano", "conll")  # export formats (zs_tui.export)
SCHEMES = ("bio", "bmes")  # conll tag schemes (zs_tui.export.conll)
DEFAULT_MAX_MB = 2.0  # the largest article import and suggest accept
