"""Recorded events against the events the app wrote: descriptions and the first difference."""
from __future__ import annotations

from typing import Any

from ..replay import describe_span

# What must agree between a recorded span and the app's (ids differ between databases).
SPAN_FIELDS = ("start", "end", "label", "text", "origin", "state", "source")


def describe_event(ev: dict[str, Any]) -> str:
    """``accept (pending LOC [0, 4) '徐州铜山' -> accepted ..., status todo -> in_progress)``;
    three span changes at most, so that an accept-all stays readable."""
    parts = [f"{describe_span(b)} -> {describe_span(a)}" for b, a in zip(ev["before"]["spans"], ev["after"]["spans"])]
    if len(parts) > 3:
        parts = [*parts[:3], f"{len(parts) - 3} more"]
    if ev["before"]["status"] is not None:
        parts.append(f"status {ev['before']['status']} -> {ev['after']['status']}")
    ref = f" of event {ev['ref_event']}" if ev.get("ref_event") is not None else ""
    return f"{ev['action']}{ref}" + (f" ({', '.join(parts)})" if parts else "")


def event_difference(recorded: dict[str, Any], live: dict[str, Any], span_ids: dict[int, int],
                     event_ids: dict[int, int]) -> str | None:
    """The first way ``live`` differs from ``recorded``, None if it does not.

    ``span_ids`` (recorded span id -> live id) is checked and, only when the
    events agree, extended with the spans first seen here; ``event_ids`` maps
    recorded events to the live ones, for the ``ref_event`` of undo/redo.
    """
    if recorded["action"] != live["action"]:
        return f"action {live['action']}, recorded {recorded['action']}"
    for side in ("before", "after"):
        if recorded[side]["status"] != live[side]["status"]:
            return f"article status {side}: {live[side]['status']}, recorded {recorded[side]['status']}"
    ref = recorded["ref_event"]
    if ref is not None and live["ref_event"] != event_ids.get(ref):
        return f"it refers to event {live['ref_event']}, not to the replay of event {ref}"
    if len(recorded["before"]["spans"]) != len(live["before"]["spans"]):
        return f"{len(live['before']['spans'])} span(s) changed, recorded {len(recorded['before']['spans'])}"
    ids = dict(span_ids)
    for side in ("before", "after"):
        for k, (rec, got) in enumerate(zip(recorded[side]["spans"], live[side]["spans"]), 1):
            if (rec is None) != (got is None) or (rec and any(rec.get(f) != got.get(f) for f in SPAN_FIELDS)):
                return f"span {k} {side}: {describe_span(got)}, recorded {describe_span(rec)}"
            if rec is None:
                continue
            if ids.get(rec["id"], got["id"]) != got["id"] or (rec["id"] not in ids and got["id"] in ids.values()):
                return f"span {k} {side}: {describe_span(got)} is another span than the recorded one"
            ids[rec["id"]] = got["id"]
    span_ids.update(ids)
    return None
