"""Suggester interface (placeholder until the real pipeline lands; issue 3)."""
from __future__ import annotations

from typing import Any

SUGGESTER_VERSION = "0-none"


class Suggester:
    def __init__(self, accepted: dict | None = None, rejected: set | None = None) -> None:
        self.accepted = accepted or {}
        self.rejected = rejected or set()

    @classmethod
    def from_store(cls, store: Any) -> "Suggester":
        accepted, rejected = store.decided_texts()
        return cls(accepted, rejected)

    def suggest(self, clean: str) -> list[dict[str, Any]]:
        return []


def suggest_texts(suggester: Suggester, texts: list[str], jobs: int = 1) -> list[list[dict[str, Any]]]:
    return [suggester.suggest(t) for t in texts]
