"""The keys a reviewer would press, worked out from the live ReviewSession.

Keys are the default bindings, written out here rather than read from the
bindings: a replay is a regression test of the key sequences, so a binding
that changes must make it fail, not follow along.  Nothing here
depends on the layout (wrapping, the article list), only on text offsets
and the order of spans.
"""
from __future__ import annotations

from ..review import ReviewSession

KEYS = {
    "next_span": "j", "prev_span": "k", "cursor_left": "h", "cursor_right": "l",
    "cursor_left_10": "b", "cursor_right_10": "w", "select": "v", "cancel": "escape",
    "next_article": "n", "prev_article": "p",
    "accept": "a", "reject": "x", "accept_all": "A", "mark_all": "m",
    "undo": "u", "redo": "ctrl+r", "done": "d", "skip": "s",
}
# (edge, delta) -> key: `[` `]` move the start, `{` `}` the end
RESIZE_KEYS = {
    ("start", -1): "left_square_bracket", ("start", 1): "right_square_bracket",
    ("end", -1): "left_curly_bracket", ("end", 1): "right_curly_bracket",
}


def label_key(session: ReviewSession, label: str) -> str | None:
    """`1`-`9` for a label of the session's label set (None: it has no key)."""
    names = session.label_names
    return str(names.index(label) + 1) if label in names and names.index(label) < 9 else None


def cursor_steps(frm: int, to: int, n_chars: int) -> list[str]:
    """Cursor keys from offset ``frm`` to ``to``: ten at a time, then one at
    a time, or ten past and back when that is shorter.  Never past either end
    of the text, where the cursor stops and the count would go wrong."""
    d = to - frm
    sign = 1 if d >= 0 else -1
    ten, one, back = (("w", "l", "h") if d >= 0 else ("b", "h", "l"))
    tens, ones = divmod(abs(d), 10)
    keys = [ten] * tens + [one] * ones
    past = frm + sign * 10 * (tens + 1)
    if ones > 5 and 0 <= past <= n_chars - 1:
        keys = [ten] * (tens + 1) + [back] * (10 - ones)
    return keys


def span_hop(session: ReviewSession, index: int) -> list[str] | None:
    """`j`/`k` presses that make the ``index``-th visible span current (as
    ``ReviewSession.move_span`` moves), or None when j/k cannot get there."""
    vis = session.visible
    ids = [s.id for s in vis]
    if session.current in ids:
        here = ids.index(session.current)
        return [KEYS["next_span"]] * (index - here) if index >= here else [KEYS["prev_span"]] * (here - index)
    if not vis:
        return None
    # Between spans: j lands on the first span at or after the cursor, k on the last one before it.
    after = next((k for k, s in enumerate(vis) if s.start >= session.cursor), len(vis) - 1)
    before = next((k for k in reversed(range(len(vis))) if vis[k].end <= session.cursor), 0)
    if index >= after:
        return [KEYS["next_span"]] * (1 + index - after)
    if index <= before:
        return [KEYS["prev_span"]] * (1 + before - index)
    return None


def keys_to_range(session: ReviewSession, lo: int, hi: int, hop_only: bool = False) -> list[str]:
    """The fewest keys (j/k to a span, then cursor keys) that put the text
    cursor in ``[lo, hi)``; with ``hop_only`` the plan starts with j/k."""
    n = len(session.text)

    def walk(frm: int) -> list[str]:
        return cursor_steps(frm, min(max(frm, lo), hi - 1), n)

    plans = [] if hop_only else [walk(session.cursor)]
    for k, span in enumerate(session.visible):
        hop = span_hop(session, k)
        if hop:
            plans.append(hop + walk(span.start))
    return min(plans, key=len, default=[])
