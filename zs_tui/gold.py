"""Gold spans carried in by ``import --as-gold``, mapped onto the clean text."""
from __future__ import annotations

from typing import Any

from .clean import CharMap
from .ingest import Incoming


def gold_spans_for(item: Incoming) -> list[dict[str, Any]]:
    """Validate the record's spans against its text; raises ValueError."""
    art = item.article
    spans = item.spans or []
    raw_to_clean = None
    if art.clean != art.raw:
        cmap = CharMap.from_json(art.char_map)
        raw_to_clean = {cmap.to_raw(i): i for i in range(len(art.clean))}
    out = []
    for s in spans:
        try:
            start, end, label = int(s["start"]), int(s["end"]), str(s["label"])
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"span {s!r} lacks start/end/label") from e
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
