"""The candidate span every rule produces, and how well supported it is."""
from __future__ import annotations

from dataclasses import dataclass

# Priorities break ties between overlapping candidates of the same length
# (resolve.py): the better supported one wins.
WEAK = 1  # another mention of a name found once, an unknown item of an industry list
SUPPORTED = 2  # a lexicon word, an item of a list that says what its items are
RULE = 3  # a name recognised by its own form (ending, title, byline)
STATED = 4  # an item of a list said to be projects: the text's word over an ending (…示范区 as a project)
NUMBER = 5  # MONEY and DATE grammar: exact, and it blocks names across it
LEARNED = 6  # a name a reviewer accepted


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    source: str
    priority: int = WEAK

    @property
    def length(self) -> int:
        return self.end - self.start
