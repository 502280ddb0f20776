"""The rules the suggester runs, in order, and the check of their labels.

A rule is a class whose instances offer ``find(analysis) -> list[Candidate]``
and whose ``labels`` attribute lists every label it may emit. Adding a rule
is one module and one line in ``RULES``. The order matters only for ties
(same length and priority, same start) in overlap resolution.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ..errors import ZsError
from .analysis import Analysis
from .bodies import Bodies
from .event_rule import Events
from .industry import Industries
from .lexicon import Places
from .lists import NamedLists
from .media import Media
from .names import SuffixNames
from .numbers import Numbers
from .pairs import PlacePairs
from .partners import Partners
from .people import People
from .signoff import SignOff
from .types import Candidate


class Rule(Protocol):
    labels: frozenset[str]

    def find(self, a: Analysis) -> list[Candidate]: ...


RULES: list[type] = [
    Numbers,
    Places,
    SuffixNames,
    People,
    Industries,
    NamedLists,
    Events,
    Media,
    Partners,
    Bodies,
    SignOff,
    PlacePairs,
]


class RuleLabelError(ZsError, ValueError):
    """A rule (or model) emits a label the label set in force does not have."""


def check_labels(emitters: Iterable[tuple[str, Iterable[str]]], allowed: Iterable[str]) -> None:
    """Refuse to start when anything would emit a label outside ``allowed``.

    ``emitters`` are (name, labels) pairs: each rule, and any model, with the
    labels it may emit.
    """
    allowed = set(allowed)
    bad = [f"{name} emits {', '.join(sorted(set(labels) - allowed))}"
           for name, labels in emitters if set(labels) - allowed]
    if bad:
        raise RuleLabelError(f"labels not in the label set ({', '.join(sorted(allowed))}): " + "; ".join(bad))


def build_rules(allowed: Iterable[str]) -> list[Rule]:
    check_labels(((r.__name__, r.labels) for r in RULES), allowed)
    return [r() for r in RULES]
