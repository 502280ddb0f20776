"""Checks the suggester's rule tests share: a sentence is tried as written
and as its Traditional twin (the pipeline reads a Simplified copy, so a rule
must hold in both scripts)."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from opencc import OpenCC

T = OpenCC("s2t")


def both(text: str) -> list[tuple[str, Callable[[str], str]]]:
    """The sentence and its Traditional twin, each with the conversion its expected spans need."""
    return [(text, lambda x: x), (T.convert(text), T.convert)]


def found(sug, text: str) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(s["text"], s["label"]) for s in sug.suggest(text)}


def assert_spans(sug, text: str, expected: Iterable[tuple[str, str]] = (),  # noqa: ANN001
                 absent: Iterable[tuple[str, str]] = ()) -> None:
    """Each ``expected`` (text, label) is suggested and no ``absent`` one is, in both scripts."""
    for t, conv in both(text):
        spans = found(sug, t)
        for span, label in expected:
            assert (conv(span), label) in spans, (t, span, label, spans)
        for span, label in absent:
            assert (conv(span), label) not in spans, (t, span, label, spans)


def labels_of(sug, text: str, label: str) -> list[str]:  # noqa: ANN001
    return [s["text"] for s in sug.suggest(text) if s["label"] == label]
