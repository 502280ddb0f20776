"""The label set: names, hot keys (by order: 1-9, then 0 1 to 0 9 for a
second layer) and colours, from a data file."""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import ZsError


@dataclass(frozen=True)
class Label:
    name: str
    key: str
    color: str
    ansi: str
    help: str


class LabelSetError(ZsError, ValueError):
    pass


def load_labels(path: str | Path | None = None) -> list[Label]:
    """Load a label set; ``None`` gives the default set from GUIDELINES.md."""
    if path is None:
        text = resources.files("zs_tui").joinpath("data/labels.json").read_text("utf-8")
        where = "built-in labels.json"
    else:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise LabelSetError(f"cannot read label file {path}: {e}") from e
        where = str(path)
    shape = f'{where}: expected {{"labels": [{{"name": ..., "color": "#rrggbb"}}, ...]}}'
    try:
        data = json.loads(text)
    except ValueError as e:
        raise LabelSetError(f"{shape} ({e})") from e
    items = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise LabelSetError(f"{shape}, not {_kind(data if not isinstance(data, dict) else items)}")
    if not 1 <= len(items) <= MAX_LABELS:
        raise LabelSetError(f"{where}: a label set has 1 to {MAX_LABELS} labels (hot keys 1-9, then 0 1 to 0 9), "
                            f"found {len(items)}")
    names = [i.get("name") for i in items]
    if len(set(names)) != len(names) or not all(isinstance(n, str) and n.strip() for n in names):
        raise LabelSetError(f"{where}: label names must be unique non-empty strings")
    for i in items:
        _check_label(i, where)
    return [
        Label(i["name"], hot_key(k), i.get("color", "#ffffff"), i.get("ansi", "white"), i.get("help", ""))
        for k, i in enumerate(items)
    ]


LAYER = 9  # labels per key layer: 1-9
MAX_LABELS = 2 * LAYER


def hot_key(index: int) -> str:
    """What a reviewer presses for label ``index``: ``1``-``9``, then ``0 1``-``0 9``."""
    return str(index + 1) if index < LAYER else f"0 {index - LAYER + 1}"


def _kind(v: object) -> str:
    return "a list of " + ", ".join(sorted({type(x).__name__ for x in v})) if isinstance(v, list) and v \
        else type(v).__name__


def _check_label(item: dict, where: str) -> None:
    """Refuse what would hang or garble the screen later: a colour Rich cannot
    parse (the app used to hang on a blank screen), text fields that are not
    strings, control characters in a name."""
    from rich.color import Color, ColorParseError

    from .safety import has_unsafe

    name = item["name"]
    if has_unsafe(name) or any(c in name for c in "\n\t"):
        raise LabelSetError(f"{where}: label name {name!r} holds control characters")
    for key in ("color", "ansi", "help"):
        if key in item and not isinstance(item[key], str):
            raise LabelSetError(f"{where}: label {name}: {key!r} must be a string, not {type(item[key]).__name__}")
    for key in ("color", "ansi"):
        if key in item:
            try:
                Color.parse(item[key])
            except ColorParseError:
                raise LabelSetError(f"{where}: label {name}: {key} {item[key]!r} is not a colour "
                                    "(#rrggbb or a colour name)") from None


DEFAULT_LABELS: list[Label] = load_labels()
LABEL_NAMES: list[str] = [lab.name for lab in DEFAULT_LABELS]
