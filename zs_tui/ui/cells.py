"""Terminal cell widths: CJK characters take two cells, everything is cropped by cells."""
from __future__ import annotations

from rich.cells import cell_len

from ..safety import for_screen
from ..storage import Span

ORIGIN_SHORT = {"suggested": "sug", "learned": "lrn", "manual": "man", "gold": "gold"}
STATE_MARK = {"pending": "?", "accepted": "✓", "rejected": "✗"}


def fit(text: str, width: int) -> str:
    """``text`` on one line, cropped to ``width`` cells (with ``…``) and padded to it."""
    text = for_screen(text.replace("\n", " ").replace("\t", " "))
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - 1 - used)


def span_tally(spans: list[Span]) -> str:
    """``12✓ 3? 1✗``: accepted, undecided and rejected spans."""
    n = {k: 0 for k in STATE_MARK}
    for s in spans:
        n[s.state] += 1
    return " ".join(f"{n[k]}{STATE_MARK[k]}" for k in ("accepted", "pending", "rejected"))
