"""Session files: one review session as JSON lines, to archive or replay.

Format 1 (other tools rely on it; change it only with a new format number):

- line 1, the header: ``{"type": "session", "format": 1, "id", "annotator",
  "started_at", "ended_at", "app_version"}``, plus ``"layer": "adjudicated"``
  for an adjudicator's session (an optional key: older readers ignore it);
- every following line, one event in log order: ``{"type": "event", "id",
  "session_id", "annotator", "article_id", "article_sha256", "ts", "action",
  "before", "after", "ref_event"}``, where ``before`` / ``after`` are exactly
  what ``Store.events()`` yields (``{"spans": [...], "status": ...}``) and
  ``article_sha256`` identifies the article's text in any database.

``read_session`` checks the whole file before anyone acts on it and raises
``SessionFileError`` naming ``file:line`` for anything it cannot use.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from zs_tui.errors import ZsError
from zs_tui.safety import to_json
from zs_tui.storage import Store
from zs_tui.storage.schema import STATES

FORMAT = 1
_SHA = re.compile(r"[0-9a-f]{64}")


class SessionFileError(ZsError, ValueError):
    """A session file that cannot be used; the message says where and why."""


def session_header(store: Store, session_id: str) -> dict[str, Any] | None:
    s = store.session(session_id)
    if s is None:
        return None
    return {"type": "session", "format": FORMAT, "id": s["id"], "annotator": s["annotator"],
            "started_at": s["started_at"], "ended_at": s["ended_at"], "app_version": s["app_version"],
            **({"layer": s["layer"]} if s["layer"] else {})}


def session_events(store: Store, session_id: str) -> Iterator[dict[str, Any]]:
    """The session's events in log order, each with its article's sha256."""
    shas: dict[int, str | None] = {}
    for ev in store.events(session_id):
        aid = ev["article_id"]
        if aid not in shas:
            shas[aid] = store.article_sha(aid)
        yield {"type": "event", "id": ev["id"], "session_id": ev["session_id"], "annotator": ev["annotator"],
               "article_id": aid, "article_sha256": shas[aid], "ts": ev["ts"], "action": ev["action"],
               "before": ev["before"], "after": ev["after"], "ref_event": ev["ref_event"]}


def write_session(store: Store, session_id: str, fp: TextIO) -> int:
    """Write the session file; returns the number of events (KeyError: no such session)."""
    header = session_header(store, session_id)
    if header is None:
        raise KeyError(session_id)
    fp.write(to_json(header) + "\n")
    n = 0
    for ev in session_events(store, session_id):
        fp.write(to_json(ev) + "\n")
        n += 1
    return n


def read_session(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Header and events of a session file, every line checked."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise SessionFileError(f"{path}: cannot read: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise SessionFileError(f"{path}: not UTF-8 text (bad byte at offset {e.start})") from e
    header: dict[str, Any] | None = None
    events: list[dict[str, Any]] = []
    seen: set[int] = set()
    # Split on "\n" only: JSON strings may hold U+2028 and other line breaks.
    for n, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise SessionFileError(f"{where}: broken JSON ({e.msg} at column {e.colno})") from e
        if header is None:
            header = _check_header(rec, where)
            continue
        ev = _check_event(rec, where, header["id"])
        if events and ev["id"] <= events[-1]["id"]:
            raise SessionFileError(f"{where}: event {ev['id']} is out of order (after event {events[-1]['id']})")
        if ev["ref_event"] is not None and ev["ref_event"] not in seen:
            raise SessionFileError(f"{where}: event {ev['id']} refers to event {ev['ref_event']}, "
                                   "which is not earlier in this file")
        seen.add(ev["id"])
        events.append(ev)
    if header is None:
        raise SessionFileError(f"{path}: empty file, expected a session header line")
    return header, events


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_header(rec: Any, where: str) -> dict[str, Any]:
    if not isinstance(rec, dict) or rec.get("type") != "session":
        raise SessionFileError(f'{where}: the first line must be the session header {{"type": "session", ...}}')
    if rec.get("format") != FORMAT:
        raise SessionFileError(f"{where}: session file format {rec.get('format')!r} is not supported "
                               f"(this zs_tui reads format {FORMAT})")
    for key in ("id", "annotator", "started_at", "app_version"):
        if not isinstance(rec.get(key), str) or (key in ("id", "annotator") and not rec[key]):
            raise SessionFileError(f"{where}: header field {key!r} must be a non-empty string")
    if not isinstance(rec.get("ended_at"), (str, type(None))):
        raise SessionFileError(f"{where}: header field 'ended_at' must be a string or null")
    if "layer" in rec and (not isinstance(rec["layer"], str) or not rec["layer"]):
        raise SessionFileError(f"{where}: header field 'layer' (the layer the session wrote) must be a non-empty string")
    return rec


def _check_event(rec: Any, where: str, session_id: str) -> dict[str, Any]:
    def bad(what: str) -> SessionFileError:
        return SessionFileError(f"{where}: {what}")

    if not isinstance(rec, dict) or rec.get("type") != "event":
        raise bad('expected an event line {"type": "event", ...}')
    for key in ("id", "article_id"):
        if not _is_int(rec.get(key)):
            raise bad(f"event field {key!r} must be an integer")
    for key in ("annotator", "ts", "action"):
        if not isinstance(rec.get(key), str) or not rec[key]:
            raise bad(f"event field {key!r} must be a non-empty string")
    if rec.get("session_id") != session_id:
        raise bad(f"event {rec['id']} belongs to session {rec.get('session_id')!r}, the header says {session_id!r}")
    if not isinstance(rec.get("article_sha256"), str) or not _SHA.fullmatch(rec["article_sha256"]):
        raise bad("event field 'article_sha256' must be 64 lowercase hex digits")
    if rec.get("ref_event") is not None and not _is_int(rec["ref_event"]):
        raise bad("event field 'ref_event' must be an integer or null")
    sides = []
    for key in ("before", "after"):
        side = rec.get(key)
        if not isinstance(side, dict) or not isinstance(side.get("spans"), list) \
                or not isinstance(side.get("status"), (str, type(None))):
            raise bad(f'event field {key!r} must be {{"spans": [...], "status": ...}}')
        for s in side["spans"]:
            if s is not None and not _span_ok(s):
                raise bad(f"a span in {key!r} needs integer id/start/end, a label and a state "
                          f"({', '.join(STATES)}): {json.dumps(s, ensure_ascii=False)[:120]}")
        sides.append(side["spans"])
    if len(sides[0]) != len(sides[1]):
        raise bad("'before' and 'after' must list the same number of spans")
    if any(b is None and a is None for b, a in zip(*sides)):
        raise bad("a span change cannot be null both before and after")
    return rec


def _span_ok(s: Any) -> bool:
    return (isinstance(s, dict) and all(_is_int(s.get(k)) for k in ("id", "start", "end"))
            and isinstance(s.get("label"), str) and s.get("state") in STATES)


# -- the sessions use case (``zs-tui sessions``) ---------------------------------------

def list_sessions(db: str | Path) -> list[dict[str, Any]]:
    """Every review session of ``db``: id, annotator, start, end, articles touched, actions."""
    from zs_tui.storage.opening import open_db

    with open_db(db, read_only_ok=True) as store:
        return store.sessions()


def export_session(db: str | Path, session_id: str, output: str = "-") -> int:
    """Write one session of ``db`` as a session file to ``output`` (``-``: standard output),
    whole or not at all; returns the number of events written."""
    from zs_tui.output import atomic_output, check_writable, is_database_file
    from zs_tui.storage.opening import open_db

    if is_database_file(output, db):
        raise ZsError(f"--output {output} is the database (or one of its files); "
                      "write the session to another file; nothing was written")
    with open_db(db, read_only_ok=True) as store:
        if store.session(session_id) is None:
            raise ZsError(f"no session {session_id!r} in {store.path}",
                          f"`zs-tui sessions --db {store.path}` lists them")
        try:
            check_writable(output)
            with atomic_output(output) as fp:
                return write_session(store, session_id, fp)
        except OSError as e:
            raise ZsError(f"cannot write {output}: {e.strerror or e}; nothing was written") from e
