"""Key configuration: a JSON file mapping binding ids to keys.

Example ``keys.json``::

    {"accept": "a,enter,space", "reject": "x,delete", "next_span": "down,j,tab"}

Ids are those of the bindings (``zs-tui review --list-keys`` prints them).
"""
from __future__ import annotations

import json
from pathlib import Path


class KeyConfigError(ValueError):
    pass


def load_keymap(path: str | Path | None, known_ids: set[str]) -> dict[str, str]:
    if path is None:
        return {}
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
