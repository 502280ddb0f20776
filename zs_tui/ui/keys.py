"""Textual bindings generated from the action registry, and the key file.

Example ``keys.json``::

    {"accept": "a,enter,space", "reject": "x,delete", "next_span": "down,j,tab"}

Ids are those of ``zs_tui.review.actions`` (``zs-tui review --list-keys`` prints them).
"""
from __future__ import annotations

import json
from pathlib import Path

from textual.binding import Binding
from textual.keys import format_key

from zs_tui.review.actions import ACTIONS, BY_ID, Action, of_pane, parse_keys

from ..errors import ZsError


class KeyConfigError(ZsError, ValueError):
    pass


def binding_action(a: Action) -> str:
    """The Textual action string of a registry entry: a session action goes
    through the pane's one ``action_review``; UI work is the pane's ``action_<id>``."""
    return f"review({a.id!r})" if a.method else a.id


def bindings(pane: str, actions: tuple[Action, ...] | None = None) -> list[Binding]:
    """The BINDINGS of a pane (``zs_tui.review.actions.TEXT``, ``SCREEN`` or ``APP``),
    of the review keys or of ``actions`` (the adjudication screen's own)."""
    chosen = of_pane(pane) if actions is None else [a for a in actions if a.pane == pane]
    return [Binding(a.keys, binding_action(a), a.label, show=a.footer, key_display=a.key_display, id=a.id)
            for a in chosen]


def binding_ids() -> set[str]:
    """Ids a key file may remap."""
    return set(BY_ID)


def keymap_clashes(keymap: dict[str, str]) -> list[str]:
    """Keys that a key file would bind to two actions (``"x: accept, reject"``)."""
    owners: dict[str, list[str]] = {}
    for a in ACTIONS:
        for k in parse_keys(keymap.get(a.id, a.keys)):
            owners.setdefault(format_key(k), []).append(a.id)
    return [f"{k}: {', '.join(ids)}" for k, ids in owners.items() if len(ids) > 1]


def load_keymap(path: str | Path | None, known_ids: set[str] | None = None) -> dict[str, str]:
    if path is None:
        return {}
    known_ids = binding_ids() if known_ids is None else known_ids
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise KeyConfigError(f"cannot read key file {path}: {e}") from e
    except json.JSONDecodeError as e:
        raise KeyConfigError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from e
    if not isinstance(data, dict):
        raise KeyConfigError(f"{path}: expected an object of binding id -> keys")
    unknown = sorted(set(data) - known_ids)
    if unknown:
        raise KeyConfigError(f"{path}: unknown binding id(s) {', '.join(unknown)}; known: {', '.join(sorted(known_ids))}")
    out = {}
    for k, v in data.items():
        if isinstance(v, list):
            v = ",".join(map(str, v))
        if not isinstance(v, str) or not v.strip():
            raise KeyConfigError(f"{path}: keys for {k!r} must be a string like \"a,enter\"")
        out[k] = v
    return out
