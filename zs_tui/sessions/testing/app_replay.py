"""Replay a recorded session through the real app, key by key.

For each recorded event the driver reads the live ``app.session`` (article,
current span, text cursor, visible spans), presses with the Pilot the keys
a reviewer would press to get there and act, and checks that the app wrote
exactly that event: same action, same spans before and after (span ids
aside: a span is matched by start, end, label and state, like
``zs_tui.sessions.replay`` does, and a span the app creates is mapped to its new
id), same status change, undo/redo of the twin event.  The first difference
raises ``SessionReplayError`` naming the recorded event, its action, the
article and what the app did instead.

The one event no key makes, ``suggest`` (the app's learner suggesting an
article again), is written as recorded: see ``_Driver.write_as_recorded``.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zs_tui.labels import LAYER, Label
from zs_tui.review.actions import ANYWHERE, CURSOR, SELECTION, SPAN, Action, writing
from zs_tui.review.session import MACHINE_ACTIONS, ReviewSession
from zs_tui.storage import Span, Store, StoreError
from zs_tui.ui.app import ReviewApp

from ..replay import ReplayError, describe_span, replay
from ..session_file import read_session
from .event_diff import describe_event, event_difference
from .key_plan import KEYS, cursor_steps, keys_to_range
from .state import State, article_state, read_expected, state_differences, touched

RecordedSession = tuple[dict[str, Any], list[dict[str, Any]]]  # header and events, as read_session returns them


class SessionReplayError(AssertionError):
    """The app did not do what the recorded session did; the message says where."""


@dataclass
class AppReplayResult:
    session_id: str  # the session the app wrote in the target database
    events: int
    keys: list[str] = field(default_factory=list)  # every key pressed, in order


async def replay_in_app(store: Store, header: dict[str, Any], events: list[dict[str, Any]], *,
                        size: tuple[int, int] = (120, 40), labels: list[Label] | None = None) -> AppReplayResult:
    """Drive ``ReviewApp`` on ``store`` through the recorded ``events`` by keys
    (``suggest`` events aside); raises ``SessionReplayError`` at the first difference."""
    # No learner: what it would suggest depends on the suggester version; the
    # session's own suggest events say what the reviewer was shown.
    app = ReviewApp(store, header["annotator"], labels=labels, clock=lambda: 0.0, learn=False)
    async with app.run_test(size=size) as pilot:
        driver = _Driver(app, pilot, store)
        for ev in events:
            await driver.play(ev)
        return AppReplayResult(app.session.session_id, len(events), driver.keys)


async def assert_session_replays(store: Store, session: str | Path | RecordedSession,
                                 expected: str | Path | State | None = None, *,
                                 size: tuple[int, int] = (120, 40),
                                 labels: list[Label] | None = None) -> AppReplayResult:
    """Replay a session file (or header and events) through the app, then
    check every article it touched against the expected state: an
    expected-state file or dict, else what ``zs_tui.sessions.replay.replay`` makes
    of the same session on a copy of ``store`` taken before the app ran."""
    header, events = read_session(session) if isinstance(session, (str, Path)) else session
    shas = touched(events)
    if expected is None:
        want = _store_level_state(store, (header, events), shas)
    else:
        want = read_expected(expected) if isinstance(expected, (str, Path)) else expected
    if set(want) != set(shas):
        raise SessionReplayError(f"the expected state covers {len(want)} article(s), session {header['id']} "
                                 f"touches {len(shas)}: they must be the same texts")
    result = await replay_in_app(store, header, events, size=size, labels=labels)
    diffs = state_differences(want, article_state(store, shas))
    if diffs:
        raise SessionReplayError(f"session {header['id']} replayed through the app, but the database is not "
                                 "in the expected state:\n  " + "\n  ".join(diffs))
    return result


def _store_level_state(store: Store, session: RecordedSession, shas: list[str]) -> State:
    with tempfile.TemporaryDirectory(prefix="zs-replay-") as tmp:
        copy = Path(tmp) / "reference.db"
        store.backup_to(copy)
        with Store(copy) as ref:
            try:
                replay(ref, *session)
            except ReplayError as e:
                raise SessionReplayError(f"no expected state: the store-level replay refused the session: {e}") from e
            return article_state(ref, shas)


class _Driver:
    def __init__(self, app: ReviewApp, pilot: Any, store: Store) -> None:  # noqa: ANN401
        self.app, self.pilot, self.store = app, pilot, store
        self.keys: list[str] = []
        self.span_ids: dict[int, int] = {}  # recorded span id -> live span id
        self.event_ids: dict[int, int] = {}  # recorded event id -> the event the app wrote for it
        self.last_event = max((e["id"] for e in store.events()), default=0)
        self.where = ""

    @property
    def session(self) -> ReviewSession:
        return self.app.session

    def fail(self, what: str) -> SessionReplayError:
        return SessionReplayError(f"{self.where}: {what}")

    def status_line(self) -> str:
        try:
            return str(self.app.screen.query_one("#message").render())
        except Exception:  # a modal screen is open: it has no status line
            return f"(no status line: {type(self.app.screen).__name__} is open)"

    async def press(self, *keys: str) -> None:
        self.keys += keys
        if keys:
            await self.pilot.press(*keys)

    # -- one recorded event ----------------------------------------------------------
    async def play(self, ev: dict[str, Any]) -> None:
        action = ev["action"]
        art = self.store.article_by_sha(ev["article_sha256"])
        source = f" ({art.source})" if art else ""
        self.where = f"event {ev['id']} ({action}) on article #{ev['article_id']}{source}"
        if art is None:
            raise self.fail(f"no article in {self.store.path} has its text (sha256 {ev['article_sha256'][:12]}…)")
        if action in MACHINE_ACTIONS:
            await self.open_article(art.id)
            self.write_as_recorded(ev, art.id)
            return
        act = self.action_for(ev)
        target = act.target(action)
        if target != ANYWHERE:  # undo/redo are pressed wherever the reviewer is: the app opens the article
            await self.open_article(art.id)
        if target == SPAN:
            await self.go_to_span(self.acted_span(ev))
        elif target == SELECTION:
            await self.select(ev["after"]["spans"][0])
        elif target == CURSOR:
            await self.cursor_into(self.live_span(ev["before"]["spans"][0]), self.cut_at(ev))
        keys = [KEYS[act.id]]
        if act.method == "set_label" and self.label_index(ev) >= LAYER:  # labels 10+: `0` first
            keys.insert(0, KEYS["label_layer"])
        if act.prompt is not None:  # the key reads a line: what the event set, typed over what the prompt offers
            typed = str(next(iter(ev["after"].get("meta", {}).values()), "") or "")
            keys += ["backspace", *typed, "enter"]
        await self.press(*keys)
        self.check(ev, keys)

    def action_for(self, ev: dict[str, Any]) -> Action:
        """The registry entry whose key records ``ev``: of those that may
        write its action, the one whose arguments the event shows (which
        label, which edge moved)."""
        found = writing(ev["action"])
        if not found:
            raise self.fail(f"no key of zs_tui.review.actions records {ev['action']!r}")
        if ev["action"] == "resize":
            return self.resize_action(ev, found)
        if len(found) > 1:
            want = self.args_of(ev, found[0].method)
            found = [a for a in found if a.args == want]
            if not found:
                raise self.fail(f"no key of zs_tui.review.actions records {ev['action']!r} with {want}")
        return found[0]

    def resize_action(self, ev: dict[str, Any], found: list[Action]) -> Action:
        """Of the edge keys (by a character, by a word), the first in registry
        order that takes the span's edges where the event took them."""
        (b,), (a,) = ev["before"]["spans"], ev["after"]["spans"]
        s = self.session
        for act in found:
            where = s.resized if act.method == "resize" else s.word_resized
            if where(b["start"], b["end"], *act.args) == (a["start"], a["end"]):
                return act
        raise self.fail(f"no single key moves {describe_span(b)} to {describe_span(a)}")

    def cut_at(self, ev: dict[str, Any]) -> int:
        """Where the cursor was for a split: the start of the second piece."""
        return ev["after"]["spans"][1]["start"]

    async def cursor_into(self, span: Span, offset: int) -> None:
        """The text cursor on ``offset`` inside ``span``, with ``span`` current."""
        await self.go_to_span(span)
        await self.press(*cursor_steps(self.session.cursor, offset, len(self.session.text)))
        if self.session.cursor != offset or self.session.current != span.id:
            raise self.fail(f"the cursor keys did not bring the cursor to {offset} in {describe_span(span)}")

    def label_index(self, ev: dict[str, Any]) -> int:
        label = ev["after"]["spans"][0]["label"]
        if label not in self.session.label_names:
            raise self.fail(f"label {label} is not in the app's label set")
        return self.session.label_names.index(label)

    def args_of(self, ev: dict[str, Any], method: str | None) -> tuple[Any, ...]:
        if method == "set_label":  # the key of its layer (labels 10+ are `0` then that key)
            return (self.label_index(ev) % LAYER,)
        raise self.fail(f"several keys record {ev['action']!r} and the helper cannot tell which")

    async def open_article(self, article_id: int) -> None:
        for _ in range(self.store.count_articles() + 1):
            here = self.session.article
            if here is None:
                raise self.fail("the app shows no article")
            if here.id == article_id:
                return
            key = KEYS["next_article"] if here.id < article_id else KEYS["prev_article"]
            await self.press(key)
            if self.session.article is not None and self.session.article.id == here.id:
                raise self.fail(f"{key} did not leave article #{here.id} (status line: {self.status_line()!r})")
        raise self.fail(f"n/p never reached article #{article_id}")

    def write_as_recorded(self, ev: dict[str, Any], article_id: int) -> None:
        """An event the app wrote on its own (``suggest``: new suggestions from
        its learner when it opened an article nobody started) is written as
        recorded: what the learner says depends on the suggester version, and
        the session replays what the reviewer was shown.  The app then reads
        the article again, as it does after writing one."""
        changes = []
        for b, a in zip(ev["before"]["spans"], ev["after"]["spans"]):
            live = {**b, "id": self.live_span(b).id} if b is not None else None
            after = None if a is None else {k: v for k, v in a.items() if k != "id"}
            if live is not None and after is not None:
                after["id"] = live["id"]
            changes.append((live, after))
        st = ev["before"]["status"], ev["after"]["status"]
        try:
            self.store.record(self.session.session_id, ev["annotator"], article_id, ev["action"], changes,
                              st if st[0] is not None else None)
        except StoreError as e:
            raise self.fail(f"cannot write it as recorded: {e}") from e
        self.check(ev, [])
        self.session.open(article_id)
        self.app._review_screen().refresh_all()

    def live_span(self, rec: dict[str, Any]) -> Span:
        """The live span a recorded ``before`` span is, matched as zs_tui.sessions.replay matches it."""
        key = (rec["start"], rec["end"], rec["label"], rec["state"])
        assert self.session.article is not None
        spans = self.store.spans(self.session.article.id, layer=self.session.annotator)
        if rec["id"] in self.span_ids:
            now = next((s for s in spans if s.id == self.span_ids[rec["id"]]), None)
            if now is None or (now.start, now.end, now.label, now.state) != key:
                raise self.fail(f"the session expected {describe_span(rec)}, the app has {describe_span(now)}")
            return now
        claimed = set(self.span_ids.values())
        found = sorted((s for s in spans if (s.start, s.end, s.label, s.state) == key and s.id not in claimed),
                       key=lambda s: (s.origin != rec.get("origin"), s.id or 0))
        if not found:
            there = [describe_span(s) for s in spans if s.start < rec["end"] and rec["start"] < s.end]
            raise self.fail(f"the session expected {describe_span(rec)}, the app has {', '.join(there) or 'no span there'}")
        self.span_ids[rec["id"]] = found[0].id or 0
        return found[0]

    async def go_to_span(self, span: Span) -> None:
        for _ in range(3):
            s = self.session
            if s.current == span.id and s.anchor is None:
                return
            # the cursor inside the span but another one current: only j/k can help
            inside = span.start <= s.cursor < span.end
            await self.press(*keys_to_range(s, span.start, span.end, hop_only=inside))
        if self.session.current != span.id:
            raise self.fail(f"j/k and the cursor keys did not make {describe_span(span)} current "
                            f"(cursor at {self.session.cursor}, status line: {self.status_line()!r})")

    async def cursor_to(self, offset: int) -> None:
        if self.session.anchor is not None:
            await self.press(KEYS["cancel"])
        for _ in range(3):
            if self.session.cursor == offset:
                return
            await self.press(*keys_to_range(self.session, offset, offset + 1))
        raise self.fail(f"the cursor keys did not bring the cursor to {offset} (it is at {self.session.cursor})")

    # -- what each action acts on ------------------------------------------------------
    async def select(self, new: dict[str, Any]) -> None:
        """v and the cursor keys select the text of the span the event adds."""
        start, end = new["start"], new["end"]
        await self.cursor_to(start)
        await self.press(KEYS["select"], *cursor_steps(start, end - 1, len(self.session.text)))
        if self.session.selection != (start, end):
            raise self.fail(f"v and the cursor keys selected {self.session.selection}, not [{start}, {end})")

    def acted_span(self, ev: dict[str, Any]) -> Span:
        """The span the key must be pressed on: the event's first span, except
        for `m`, which acts on the current span; it is in the event only if
        it was undecided (then first, its label kept), else it is an accepted
        span of the same text and label that the event leaves alone."""
        first_b = ev["before"]["spans"][0]
        if ev["action"] != "mark_all":
            return self.live_span(first_b)
        first_a = ev["after"]["spans"][0]
        if first_b is not None and first_b["state"] == "pending" and first_b["label"] == first_a["label"]:
            return self.live_span(first_b)
        text, label = first_a["text"], first_a["label"]
        touched_ids = {self.span_ids.get(b["id"]) for b in ev["before"]["spans"] if b is not None}
        assert self.session.article is not None
        span = next((s for s in self.store.spans(self.session.article.id, layer=self.session.annotator) if s.text == text and s.label == label
                     and s.state == "accepted" and s.id not in touched_ids), None)
        if span is None:
            raise self.fail(f"no accepted {label} span {text!r} to press m on")
        return span

    # -- what the app wrote ---------------------------------------------------------
    def check(self, ev: dict[str, Any], keys: list[str]) -> None:
        new = list(self.store.events(after_id=self.last_event))
        if new:
            self.last_event = new[-1]["id"]
        pressed = f"pressed {' '.join(keys)}" if keys else "written as recorded"
        if len(new) != 1 or new[0]["action"] != ev["action"]:
            did = "wrote no event" if not new else "wrote " + "; ".join(describe_event(e) for e in new)
            raise self.fail(f"{pressed}: the app {did} (status line: {self.status_line()!r}); "
                            f"the session recorded {describe_event(ev)}")
        problem = event_difference(ev, new[0], self.span_ids, self.event_ids)
        if problem:
            raise self.fail(f"{pressed}: the session recorded {describe_event(ev)}, "
                            f"the app wrote {describe_event(new[0])}; first difference: {problem}")
        self.event_ids[ev["id"]] = new[0]["id"]
