"""Replay: re-apply a recorded review session onto another database.

The other database must hold the same articles; they are found by the
sha256 of their clean text, since article ids depend on import order.  Each
recorded event goes through ``Store.record`` again, under a new session whose
``app_version`` reads ``"<version> replay:<original session id>"`` (the
annotator of each event is kept), and the whole replay is one transaction:
the first divergence rolls everything back and nothing is written.

Span ids differ between databases too, so the replay keeps a map from
recorded span ids to span ids in the target:

- the first time a recorded span appears in a ``before``, it is matched to
  the target span of the same article with the same start, end, label and
  state (preferring the same origin) that no other recorded span claimed;
  nothing to match is a divergence (the target was reviewed differently,
  or its suggestions differ);
- a span the session creates (``before`` null: ``add``, ``mark_all``) is
  inserted without an id and mapped to the id the target gives it, read
  back from the new event, whose spans come in the same order;
- a span the session deletes and later restores (undo of a removal: its
  ``after`` carries the old id) is restored under its mapped id, as the
  original database restored it under its own;
- a span already mapped must still be as the recorded ``before`` says.

Undo and redo refer to an earlier event (``ref_event``); that reference is
mapped to the event the replay wrote for it.  An article's status must
also be what the session found before each event.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zs_tui import __version__
from zs_tui.errors import ZsError
from zs_tui.storage import Store, StoreError

REPLAY_MARK = "replay:"


class ReplayError(ZsError, RuntimeError):
    """The session cannot be replayed onto this database; nothing was written."""

    exit_code = 1  # the input is well-formed: the databases differ


@dataclass
class ReplayResult:
    session_id: str
    events: int
    articles: int


def replayed_from(app_version: str) -> str | None:
    """The original session id of a replayed session, from its app_version."""
    _, mark, orig = app_version.partition(" " + REPLAY_MARK)
    return (orig or None) if mark else None


def replay(store: Store, header: dict[str, Any], events: Iterable[dict[str, Any]]) -> ReplayResult:
    """Apply ``events`` (session file shape) to ``store`` in one transaction."""
    events = list(events)
    orig = header["id"]
    for s in store.sessions():
        if s["id"] == orig:
            raise ReplayError(f"{store.path} already holds session {orig} (the session was recorded there)")
        if replayed_from(s["app_version"]) == orig:
            raise ReplayError(f"session {orig} was already replayed into {store.path} as session {s['id']}")
    targets = _match_articles(store, events)
    with store.transaction():
        sid = store.start_session(header["annotator"], f"{__version__} {REPLAY_MARK}{orig}",
                                  layer=header.get("layer"))
        player = _Player(store, sid, targets, header.get("layer"))
        for ev in events:
            player.apply(ev)
        store.end_session(sid)
    return ReplayResult(sid, len(events), len(set(targets.values())))


def _match_articles(store: Store, events: list[dict[str, Any]]) -> dict[str, int]:
    """Recorded sha256 -> target article id; every missing article reported at once."""
    found: dict[str, int] = {}
    missing: dict[str, str] = {}
    for ev in events:
        sha = ev["article_sha256"]
        if sha in found or sha in missing:
            continue
        art = store.article_by_sha(sha)
        if art is not None:
            found[sha] = art.id
            continue
        what = f"no article in {store.path} has the text of article #{ev['article_id']} (sha256 {sha[:12]}…)"
        try:
            same_id = store.article(ev["article_id"])
        except KeyError:
            missing[sha] = what
        else:
            missing[sha] = (f"{what}: article #{same_id.id} there, {same_id.source}, has other text "
                            f"(sha256 {same_id.sha256[:12]}…)")
    if missing:
        raise ReplayError("; ".join(missing.values()) + "; nothing was replayed")
    return found


class _Player:
    def __init__(self, store: Store, session_id: str, targets: dict[str, int], layer: str | None = None) -> None:
        self.store = store
        self.layer = layer  # the layer the session wrote (adjudicated), else each event's annotator's
        self.session_id = session_id
        self.targets = targets
        self.span_ids: dict[int, int] = {}  # recorded span id -> target span id
        self.event_ids: dict[int, int] = {}  # recorded event id -> replayed event id

    def apply(self, ev: dict[str, Any]) -> None:
        aid = self.targets[ev["article_sha256"]]
        where = f"event {ev['id']} ({ev['action']}) on article #{ev['article_id']}"
        changes = []
        for before, after in zip(ev["before"]["spans"], ev["after"]["spans"]):
            b = self._before(aid, before, where, self.layer or ev["annotator"]) if before is not None else None
            changes.append((b, self._after(after, b) if after is not None else None))
        st_before, st_after = ev["before"]["status"], ev["after"]["status"]
        if st_before is not None:
            current = self.store.article(aid, layer=self.layer or ev["annotator"]).status
            if current != st_before:
                raise ReplayError(f"{where}: the session found the article {st_before}, "
                                  f"{self.store.path} has it {current}; nothing was replayed")
        ref = ev["ref_event"]
        if ref is not None and ref not in self.event_ids:
            raise ReplayError(f"{where}: refers to event {ref}, which this replay has not applied")
        try:
            eid = self.store.record(self.session_id, ev["annotator"], aid, ev["action"], changes,
                                    (st_before, st_after) if st_before is not None else None,
                                    self.event_ids[ref] if ref is not None else None,
                                    meta=(ev["before"]["meta"], ev["after"]["meta"]) if "meta" in ev["before"] else None)
        except (StoreError, sqlite3.IntegrityError) as e:
            raise ReplayError(f"{where}: {e}; nothing was replayed") from e
        self.event_ids[ev["id"]] = eid
        written = self.store.event(eid)
        assert written is not None
        for rec, new in zip(ev["after"]["spans"], written["after"]["spans"]):
            if rec is not None and new is not None:
                self.span_ids[rec["id"]] = new["id"]

    def _before(self, aid: int, before: dict[str, Any], where: str, layer: str) -> dict[str, Any]:
        key = (before["start"], before["end"], before["label"], before["state"])
        spans = self.store.spans(aid, layer=layer)  # the layer the event was made in
        rid = before["id"]
        if rid in self.span_ids:
            tid = self.span_ids[rid]
            now = next((s for s in spans if s.id == tid), None)
            if now is None or (now.start, now.end, now.label, now.state) != key:
                raise ReplayError(f"{where}: {describe_span(before)} is {describe_span(now) if now else 'gone'} "
                                  f"in {self.store.path}; nothing was replayed")
            return {**before, "id": tid}
        claimed = set(self.span_ids.values())
        candidates = [s for s in spans if (s.start, s.end, s.label, s.state) == key and s.id not in claimed]
        if not candidates:
            there = [s for s in spans if s.start < before["end"] and before["start"] < s.end]
            found = ", ".join(describe_span(s) for s in there) or "no span there"
            raise ReplayError(f"{where}: the session expected {describe_span(before)}, "
                              f"{self.store.path} has {found}; nothing was replayed")
        candidates.sort(key=lambda s: (s.origin != before.get("origin"), s.id))
        self.span_ids[rid] = candidates[0].id
        return {**before, "id": candidates[0].id}

    def _after(self, after: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
        if before is not None:  # an update: the span keeps its (target) id
            return {**after, "id": before["id"]}
        if after.get("id") in self.span_ids:  # a removed span restored under its id
            return {**after, "id": self.span_ids[after["id"]]}
        return {k: v for k, v in after.items() if k != "id"}


def describe_span(span: Any) -> str:  # noqa: ANN401 - a span dict or a storage Span
    """A span as messages show it: state, label, offsets, text."""
    if span is None:
        return "no span"
    get = span.get if isinstance(span, dict) else lambda k: getattr(span, k)
    return f"{get('state')} {get('label')} [{get('start')}, {get('end')}) {get('text')!r}"


# -- the replay use case (``zs-tui replay``) -------------------------------------------

@dataclass
class ReplayOutcome:
    """The session replayed (``header``) and what it did (``result``: None, it had no events)."""

    header: dict[str, Any]
    result: ReplayResult | None
    into: str

    def summary(self) -> str:
        h = self.header
        if self.result is None:
            return f"session {h['id']} has no events: nothing to replay"
        return (f"replayed {self.result.events} event(s) on {self.result.articles} article(s) of session {h['id']} "
                f"({h['annotator']}) into {self.into} as session {self.result.session_id}")


def replay_session(session: str, into: str | Path, db: str | Path) -> ReplayOutcome:
    """``zs-tui replay``: apply ``session`` (a session file, or a session id of ``db``) onto ``into``.

    One transaction: a divergence raises ``ReplayError`` (exit code 1), and nothing is written."""
    from zs_tui.storage.opening import open_existing

    header, events = _load_session(session, into, db)
    if not events:
        return ReplayOutcome(header, None, str(into))
    with open_existing(into, f"no database at {into}") as store:
        try:
            res = replay(store, header, events)
        except StoreError as e:  # disk full or busy: the one transaction was undone
            raise ZsError(f"nothing replayed: {e}") from e
    return ReplayOutcome(header, res, str(into))


def _load_session(session: str, into: str | Path, db: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The session's header and events, from a file or from ``db``."""
    from zs_tui.storage.opening import open_existing

    from .session_file import read_session, session_events, session_header

    if Path(session).is_file():
        return read_session(session)
    with open_existing(db, f"{session} is not a session file, and there is no database {db} to find it in") as src:
        header = session_header(src, session)
        if header is None:
            raise ZsError(f"{session} is neither a session file nor a session id in {db}",
                          f"`zs-tui sessions --db {db}` lists them")
        if Path(into).exists() and Path(into).resolve() == Path(db).resolve():
            raise ZsError("--into is the database the session comes from; replay it into another one")
        return header, list(session_events(src, session))
