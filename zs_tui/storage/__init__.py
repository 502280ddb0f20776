"""Storage layer (SQLite via sqlite-utils). Never imports Textual."""
from .schema import SCHEMA_VERSION, SchemaError
from .store import (
    DEFAULT_DB,
    Article,
    ArticleRow,
    FlatnessError,
    NewArticle,
    Span,
    Store,
    StoreBusy,
    StoreError,
    StoreFull,
    default_annotator,
    now,
)

__all__ = [
    "SCHEMA_VERSION", "SchemaError", "DEFAULT_DB", "Article", "ArticleRow", "FlatnessError",
    "NewArticle", "Span", "Store", "StoreBusy", "StoreError", "StoreFull", "default_annotator", "now",
]
