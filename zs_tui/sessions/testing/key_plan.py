"""The keys a reviewer would press, worked out from the live ReviewSession.

Keys are the registry's default keys (``zs_tui.review.actions``, the first of each
action's keys): a session file records events, not keys, so the replay
presses what a reviewer with the shipped bindings would press, and fails
when the app no longer binds them.  Nothing here depends on the layout
(wrapping, the article list), only on text offsets and the order of spans.
"""
from __future__ import annotations

from zs_tui.review.actions import ACTIONS, BY_ID, default_key
from zs_tui.review.session import ReviewSession

KEYS = {a.id: default_key(a.id) for a in ACTIONS}
# (edge, delta) -> key: `[` `]` move the start, `{` `}` the end
RESIZE_KEYS = {a.args: KEYS[a.id] for a in ACTIONS if a.method == "resize"}
LONG_STEP = BY_ID["cursor_right_10"].args[0]  # characters `w` and `b` move
# label index -> key: `1`-`9`
LABEL_KEYS = {a.args[0]: KEYS[a.id] for a in ACTIONS if a.method == "set_label"}


def label_key(session: ReviewSession, label: str) -> str | None:
    """`1`-`9` for a label of the session's label set (None: it has no key)."""
    names = session.label_names
    return LABEL_KEYS.get(names.index(label)) if label in names else None


def cursor_steps(frm: int, to: int, n_chars: int) -> list[str]:
    """Cursor keys from offset ``frm`` to ``to``: ten at a time, then one at
    a time, or ten past and back when that is shorter.  Never past either end
    of the text, where the cursor stops and the count would go wrong."""
    d = to - frm
    sign = 1 if d >= 0 else -1
    right = KEYS["cursor_right_10"], KEYS["cursor_right"], KEYS["cursor_left"]
    left = KEYS["cursor_left_10"], KEYS["cursor_left"], KEYS["cursor_right"]
    ten, one, back = right if d >= 0 else left
    tens, ones = divmod(abs(d), LONG_STEP)
    keys = [ten] * tens + [one] * ones
    past = frm + sign * LONG_STEP * (tens + 1)
    if ones > LONG_STEP // 2 and 0 <= past <= n_chars - 1:
        keys = [ten] * (tens + 1) + [back] * (LONG_STEP - ones)
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
