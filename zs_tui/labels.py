"""The label set: names, hot keys (1-9 by order) and colours, from a data file."""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Label:
    name: str
    key: str
    color: str
    ansi: str
    help: str


class LabelSetError(ValueError):
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
    try:
        items = json.loads(text)["labels"]
    except (ValueError, KeyError, TypeError) as e:
        raise LabelSetError(f"{where}: expected {{\"labels\": [{{\"name\": ...}}, ...]}} ({e})") from e
    if not 1 <= len(items) <= 9:
        raise LabelSetError(f"{where}: a label set has 1 to 9 labels (hot keys 1-9), found {len(items)}")
    names = [i.get("name") for i in items]
    if len(set(names)) != len(names) or not all(isinstance(n, str) and n for n in names):
        raise LabelSetError(f"{where}: label names must be unique non-empty strings")
    return [
        Label(i["name"], str(k + 1), i.get("color", "#ffffff"), i.get("ansi", "white"), i.get("help", ""))
        for k, i in enumerate(items)
    ]


DEFAULT_LABELS: list[Label] = load_labels()
LABEL_NAMES: list[str] = [lab.name for lab in DEFAULT_LABELS]
