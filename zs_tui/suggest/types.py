"""The candidate span every suggester part produces."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    source: str
    priority: int = 1  # how well supported: learned 5, rules 3, lexicon 2, weak 1

    @property
    def length(self) -> int:
        return self.end - self.start
