"""Storage layer (SQLite). Never imports Textual.

``Store`` (store.py) is composed of one module per concern: base.py (the
connection, transactions, errors), articles.py, spans.py (spans and
suggestions), sessions.py (sessions, events, positions), layers.py
(per-annotator layers, the assignment queue, settings), merge.py (merging
another database), gold_query.py (``iter_gold``); schema.py holds the
migrations and column lists, publish.py moves a staged import into a database.
"""
from .articles import Article, ArticleRow, NewArticle, SearchHit
from .base import DEFAULT_DB, FlatnessError, StoreBusy, StoreError, StoreFull, default_annotator
from .schema import SCHEMA_VERSION, SchemaError, now
from .spans import Span
from .store import Store

__all__ = [
    "SCHEMA_VERSION", "SchemaError", "DEFAULT_DB", "Article", "ArticleRow", "FlatnessError",
    "NewArticle", "SearchHit", "Span", "Store", "StoreBusy", "StoreError", "StoreFull", "default_annotator", "now",
]
