"""Gold spans carried in by ``import --as-gold``, mapped onto the clean text."""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .clean import CharMap
from .inputs import Incoming


def _offset(s: dict[str, Any], key: str) -> int:
    v = s.get(key)
    # bool is an int to Python, and 3.0 would be silently truncated: both refused.
    if not isinstance(v, int) or isinstance(v, bool):
        raise ValueError(f"span {s!r}: {key!r} must be an integer offset, not {type(v).__name__} {v!r}")
    return v


def gold_spans_for(item: Incoming, labels: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Validate the record's spans against its text and label set; raises ValueError.

    Every span must be an object with integer ``start``/``end`` inside the text
    and a ``label`` of the set (default: the built-in labels); spans may not overlap.
    """
    if labels is None:
        from zs_tui.labels import LABEL_NAMES as labels
    art = item.article
    spans = item.spans
    if spans is None:
        spans = []
    if not isinstance(spans, list):
        raise ValueError(f'"spans" must be a list of spans, not {type(spans).__name__}')
    raw_to_clean = None
    if art.clean != art.raw:
        cmap = CharMap.from_json(art.char_map)
        raw_to_clean = {cmap.to_raw(i): i for i in range(len(art.clean))}
    out = []
    for s in spans:
        if not isinstance(s, dict):
            raise ValueError(f"span {s!r} is not an object with start/end/label")
        start, end, label = _offset(s, "start"), _offset(s, "end"), s.get("label")
        if not isinstance(label, str) or label not in labels:
            raise ValueError(f"span {s!r}: label {label!r} is not one of {', '.join(labels)}")
        if raw_to_clean is not None:
            cs = raw_to_clean.get(start)
            ce = raw_to_clean.get(end - 1)
            if cs is None or ce is None:
                raise ValueError(f"span [{start}, {end}) starts or ends on removed noise")
            start, end = cs, ce + 1
        if not 0 <= start < end <= len(art.clean):
            raise ValueError(f"span [{start}, {end}) is outside the text")
        if "text" in s and s["text"] != art.clean[start:end] and raw_to_clean is None:
            raise ValueError(f"span [{start}, {end}) says {s['text']!r} but the text there is {art.clean[start:end]!r}")
        out.append({"start": start, "end": end, "label": label, "source": "gold"})
    out.sort(key=lambda d: (d["start"], d["end"]))
    for a, b in zip(out, out[1:]):
        if b["start"] < a["end"]:
            raise ValueError(f"spans [{a['start']}, {a['end']}) and [{b['start']}, {b['end']}) overlap")
    return out
