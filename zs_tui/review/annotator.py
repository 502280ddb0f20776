"""What makes a valid annotator name: one rule for ``--annotator`` and the
name a browser session types (``zs-tui serve``)."""
from __future__ import annotations

from zs_tui.safety import has_unsafe

MAX_NAME = 64  # a name is a label in listings and exports, not a paragraph


def annotator_problem(name: str) -> str | None:
    """Why ``name`` cannot be recorded as an annotator, or None if it can.

    A name is stored with every event and printed by ``sessions`` and
    ``stats``: it must say who worked (not blank) and never drive a terminal
    (no control characters or undecodable bytes)."""
    if not name.strip():
        return "the annotator name is empty"
    if has_unsafe(name):
        return "the annotator name has control characters or undecodable bytes"
    if len(name) > MAX_NAME:
        return f"the annotator name is longer than {MAX_NAME} characters"
    if name != name.strip():
        return "the annotator name starts or ends with a space"
    return None
