"""Entity suggestions for the nine labels (see pipeline.py for the parts).

The pipeline (jieba, the rules, the model) is imported on first use of a
name below, not with the package: the review app imports
``zs_tui.suggest.simplify`` for find, and must not load the suggester with it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import SUGGESTER_VERSION, Suggester, suggest_texts

__all__ = ["SUGGESTER_VERSION", "Suggester", "suggest_texts"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
