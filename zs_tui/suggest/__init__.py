"""Entity suggestions for the nine labels (see pipeline.py for the parts)."""
from .pipeline import SUGGESTER_VERSION, Suggester, suggest_texts

__all__ = ["SUGGESTER_VERSION", "Suggester", "suggest_texts"]
