"""conll tests' reference: random flat spans and each character's tag as
the scheme defines it, worked out character by character (the exporter
builds the block run by run, for speed)."""
from __future__ import annotations

import random


def random_spans(rng: random.Random, text: str, labels: list[str]) -> list[tuple[int, int, str]]:
    """Flat spans of 1-5 characters, touching or apart, up to the text's ends."""
    spans, i = [], rng.randint(0, 2)
    while i < len(text):
        j = min(len(text), i + rng.randint(1, 5))
        spans.append((i, j, rng.choice(labels)))
        i = j + rng.choice([0, 0, 1, 3])
    return spans


def reference_tags(text: str, spans: list[tuple[int, int, str]], scheme: str) -> list[str]:
    want = ["O"] * len(text)
    for a, b, lab in spans:
        for k in range(a, b):
            pos = "S" if b - a == 1 else "B" if k == a else "E" if k == b - 1 else "M"
            if scheme == "bio":
                pos = {"S": "B", "M": "I", "E": "I"}.get(pos, pos)
            want[k] = f"{pos}-{lab}"
    return want
