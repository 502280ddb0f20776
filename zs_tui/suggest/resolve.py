"""Overlap resolution: keep a flat set, preferring longer, better-supported spans."""
from __future__ import annotations

from .types import Candidate

# Characters a span never starts or ends with (GUIDELINES: no whitespace,
# punctuation, quotes or book-title brackets at the edges).
EDGE = set(" \t\r\n\u3000\u00a0,，.。、;；:：!！?？\"'“”‘’《》〈〉「」『』【】()（）[]·—-_|/\\")


def trim(c: Candidate, s: str) -> Candidate | None:
    a, b = c.start, c.end
    while a < b and s[a] in EDGE:
        a += 1
    while b > a and s[b - 1] in EDGE and not (s[b - 1] in ")）" and ("(" in s[a:b] or "（" in s[a:b])):
        b -= 1
    if b <= a:
        return None
    return c if (a, b) == (c.start, c.end) else Candidate(a, b, c.label, c.source, c.priority)


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Greedy: longest first, then best supported; drop what overlaps a kept span."""
    kept: list[Candidate] = []
    taken = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in sorted(cands, key=lambda c: (-c.length, -c.priority, c.start)):
        if any(taken[c.start : c.end]):
            continue
        kept.append(c)
        taken[c.start : c.end] = b"\x01" * c.length
    kept.sort(key=lambda c: c.start)
    return kept


def merge_place_chains(cands: list[Candidate], s: str) -> list[Candidate]:
    """Adjacent place names form one address: 江苏省 + 徐州市 -> 江苏省徐州市."""
    locs = sorted((c for c in cands if c.label == "LOC" and c.source in ("places", "suffix", "learned")), key=lambda c: (c.start, -c.end))
    merged: list[Candidate] = []
    i = 0
    while i < len(locs):
        cur = locs[i]
        j = i + 1
        end = cur.end
        while j < len(locs):
            nxt = locs[j]
            if nxt.start == end:
                end = max(end, nxt.end)
                j += 1
            elif nxt.start < end:
                j += 1
            else:
                break
        if end != cur.end:
            merged.append(Candidate(cur.start, end, "LOC", "places", cur.priority))
        i = j if end != cur.end else i + 1
    return cands + merged
