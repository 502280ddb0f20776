"""The review domain: one annotator working through articles, key by key.

No Textual and no SQL here: the UI calls these methods, storage persists.
Every method that changes spans or an article's status makes exactly one
``Store.record`` call, so each action is one event, committed before the
caller redraws.  The event vocabulary (``events.action``):

==========  ===============================================================
accept      a suggested span becomes accepted
reject      a suggestion becomes rejected; a manual span is removed
label       the span gets another label (and is accepted)
accept_all  every pending suggestion of the article is accepted
resize      the span's start or end moves by one character or one word
merge       the span takes in the next one (its label; the next one is removed)
split       the span is cut in two at the text cursor, both pieces accepted
add         a selection becomes a manual span with a label
mark_all    every other occurrence of the span's text gets its label
undo        reverses the event in ``ref_event``
redo        re-applies the event in ``ref_event``
done        the article is reviewed (refused while suggestions are pending)
skip        the article is set aside
suggest     the app, not the reviewer: an article nobody has started gets
            suggestions that use what reviewers taught since its import
==========  ===============================================================

Navigation (next/previous span or article, cursor moves) is not an event:
the position is saved per annotator so that a restart resumes there.

Spans are navigated in text order, ``(start, id)``, the order of
``Store.spans``.  After a decision (accept, reject, label, add, mark all)
the cursor goes to the first undecided span after the decided one, wrapping
to the first undecided span of the article; when none is left it stays
where the decision was made.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from . import __version__
from .labels import Label
from .storage import Article, Span, Store, StoreBusy, StoreError
from .words import Words, words_of

R = TypeVar("R")
ACTIONS = ("accept", "reject", "label", "accept_all", "resize", "merge", "split", "add", "mark_all", "undo", "redo",
           "done", "skip", "suggest")
# Events the app writes on its own, not a reviewer's decision.
MACHINE_ACTIONS = frozenset({"suggest"})
# A selection is trimmed of these at both ends (GUIDELINES: a span never starts
# or ends with whitespace or punctuation, and excludes quotes and 《》).
# Brackets stay: a name may end with one, as in 控股(集团).
EDGE_CHARS = set(" \t\n\r\u3000“”‘’\"'「」『』《》，。、；：！？,.;:!?·")
INNER_SPACE = set(" \t\u3000\u00a0")  # spaces within a line
SELECTING = "selecting: 1-9 labels the selection, v or escape cancels"
BUSY = "database busy (another program is writing): nothing was changed, press the key again"
# Word motions: (which edge of a word, direction) -> where the cursor lands.
WORD_MOTIONS = {("start", 1): "next word", ("start", -1): "previous word",
                ("end", 1): "next word end", ("end", -1): "previous word end"}


@dataclass
class Outcome:
    """What an action did, for the status line.

    ``ok`` is False when the action was refused and nothing changed.
    """

    ok: bool
    message: str = ""
    event_id: int | None = None


def _atomic(method: Callable[..., R]) -> Callable[..., R]:
    """An action's event and the cursor position it leaves commit together:
    a kill between them cannot resume on a span that was already decided."""
    name = method.__name__

    @functools.wraps(method)
    def run(self: ReviewSession, *args: Any, **kwargs: Any) -> R:
        outermost = not self.store.in_transaction
        if outermost and self.deferred is not None and not self._retrying:
            # one action waits for the lock: the next ones would act on a state it has not made yet
            if name == "open":
                raise StoreBusy(f"waiting for the database to save {self.deferred[0]}")
            return Outcome(False, f"waiting for the database to save {self.deferred[0]} first")  # type: ignore[return-value]
        undo_mark = len(self.undo_stack)
        try:
            with self.store.transaction():
                return method(self, *args, **kwargs)
        except StoreBusy:
            # Only the outermost BEGIN waits for the lock, and it comes before
            # the method ran: nothing changed, in memory or on disk.
            if not outermost or name == "open":
                raise
            if self._retrying:
                return _STILL_BUSY  # type: ignore[return-value]
            if name.startswith("_") or self.article is None:  # the app's own refresh: next time
                return Outcome(False, BUSY)  # type: ignore[return-value]
            # A reviewer's key is kept, with the state it was pressed in, and
            # saved by retry_deferred() once the other program lets go.
            self.deferred = (name.replace("_", " "), functools.partial(run, self, *args, **kwargs),
                             (self.article.id, self.current, self.cursor, self.anchor))
            return Outcome(False, f"database busy (another program is writing): {self.deferred[0]} is kept "  # type: ignore[return-value]
                                  "and saved as soon as it is done")
        except StoreError as e:  # disk full at commit: SQLite undid it all, say so
            if outermost and method.__name__ != "open" and self.article is not None:
                del self.undo_stack[undo_mark:]  # events that were never committed
                self._reload()
                return Outcome(False, f"refused: {e}")  # type: ignore[return-value]
            raise

    return run


_STILL_BUSY = Outcome(False, BUSY)


class Learner(Protocol):
    """What the review needs of a suggester (zs_tui.suggest.Suggester)."""

    def suggest(self, clean: str) -> list[dict[str, Any]]: ...

    def learn(self, text: str, label: str, accepted: bool) -> None: ...


def _span_dict(s: Span) -> dict[str, Any]:
    return {"id": s.id, "start": s.start, "end": s.end, "label": s.label, "text": s.text,
            "origin": s.origin, "state": s.state, "source": s.source}


def _key(s: Span) -> tuple[int, int]:
    """Text order of spans (the order of ``Store.spans``)."""
    return s.start, s.id or 0


class ReviewSession:
    """State of one review session over a Store."""

    def __init__(self, store: Store, annotator: str, labels: list[Label], session_id: str | None = None) -> None:
        self.store = store
        self.annotator = annotator
        self.labels = labels
        self.label_names = [lab.name for lab in labels]
        self.session_id = session_id or store.start_session(annotator, __version__)
        self.article: Article | None = None
        self.spans: list[Span] = []  # every span of the article, rejected included, in text order
        self.current: int | None = None  # span id under the cursor
        self.cursor = 0  # text offset of the cursor
        self.anchor: int | None = None  # selection start, when selecting
        self.list_filter: str | None = None  # n/p visit only articles of this status (the list's filter)
        self.undo_stack: list[int] = []
        self.redo_stack: list[int] = []
        # Pace: span decisions and articles done in this session, net of undo.
        self.decisions = 0
        self.articles_done = 0
        self._weights: dict[int, tuple[int, int]] = {}  # event id -> (decisions, articles done)
        # A Suggester that learns from every decision (YEDDA's recommendation):
        # set by the app once it is ready; None keeps stored suggestions as they are.
        self.learner: Learner | None = None
        # Decisions taught to the learner, and how many it had when each
        # article was last checked: stepping through articles with n/p does
        # not run the suggester again on one it already checked.
        self._taught = 0
        self._checked: dict[int, int] = {}
        # A key refused only because another program held the write lock:
        # (what it was, the call, (article, span, cursor, anchor) when pressed).
        self.deferred: tuple[str, Callable[[], Outcome], tuple] | None = None
        self._retrying = False

    # -- opening and moving -------------------------------------------------
    def resume(self) -> bool:
        """Open where this annotator left off, else the first article to do."""
        pos = self.store.position(self.annotator)
        if pos:
            try:
                self.open(pos["article_id"], span_id=pos["span_id"], cursor=pos["cursor"])
                return True
            except KeyError:
                pass
        aid = self.store.next_todo(0) or (self.store.article_ids() or [None])[0]
        if aid is None:
            return False
        self.open(aid)
        return True

    @_atomic
    def open(self, article_id: int, span_id: int | None = None, cursor: int | None = None) -> None:
        """Open an article at a span, else at a text offset, else at its first undecided span."""
        self.article = self.store.article(article_id)
        self.anchor = None
        self._reload()
        self.refresh_suggestions()
        vis = self.visible
        span = next((s for s in vis if s.id == span_id), None) if span_id is not None else None
        if span is None and cursor is not None:
            self.cursor = self._clamp(cursor)
            under = self._span_at(self.cursor)
            self.current = under.id if under else None
        else:
            span = span or next(iter(self.pending), None) or next(iter(vis), None)
            self.current = span.id if span else None
            self.cursor = span.start if span else 0
        self._save_position()

    def _reload(self) -> None:
        assert self.article is not None
        self.spans = self.store.spans(self.article.id)
        self.article = self.store.article(self.article.id)

    def _clamp(self, offset: int) -> int:
        return max(0, min(offset, len(self.text) - 1)) if self.text else 0

    @property
    def text(self) -> str:
        return self.article.clean if self.article else ""

    @property
    def visible(self) -> list[Span]:
        """Spans shown and navigated: all but rejected ones."""
        return [s for s in self.spans if s.state != "rejected"]

    @property
    def pending(self) -> list[Span]:
        return [s for s in self.spans if s.state == "pending"]

    @property
    def current_span(self) -> Span | None:
        return next((s for s in self.spans if s.id == self.current and s.state != "rejected"), None)

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range ``[start, end)``: anchor to cursor, both included."""
        if self.anchor is None:
            return None
        a, b = sorted((self.anchor, self.cursor))
        return a, b + 1

    def _span_at(self, offset: int) -> Span | None:
        return next((s for s in self.visible if s.start <= offset < s.end), None)

    def _go(self, span: Span | None) -> None:
        """Make ``span`` current, the text cursor on its first character."""
        self.current = span.id if span else None
        if span is not None:
            self.cursor = span.start
        self._save_position()

    def move_span(self, step: int) -> Outcome:
        """``j``/``k``: the next or previous span in text order (no wrap).

        Without a current span (the text cursor is between spans) ``j`` goes
        to the first span after the cursor and ``k`` to the last one before.
        """
        self.anchor = None
        vis = self.visible
        if not vis:
            return Outcome(True, "no span in this article: v selects text to label")
        ids = [s.id for s in vis]
        if self.current in ids:
            k = ids.index(self.current) + step
            if not 0 <= k < len(vis):
                return Outcome(True, "last span" if step > 0 else "first span")
            target = vis[k]
        elif step > 0:
            target = next((s for s in vis if s.start >= self.cursor), vis[-1])
        else:
            target = next((s for s in reversed(vis) if s.end <= self.cursor), vis[0])
        self._go(target)
        return Outcome(True)

    def go_to_span(self, span_id: int) -> Outcome:
        """Make a span current (a click in the span list)."""
        span = next((s for s in self.visible if s.id == span_id), None)
        if span is None:
            return Outcome(False, "that span was rejected")
        self.anchor = None
        self._go(span)
        return Outcome(True)

    def move_cursor(self, delta: int) -> Outcome:
        """Move the text cursor (and extend the selection if one is open)."""
        if not self.text:
            return Outcome(True)
        self.cursor = self._clamp(self.cursor + delta)
        if self.anchor is None:
            # The span under the cursor becomes current, so keys act on it.
            under = self._span_at(self.cursor)
            self.current = under.id if under else None
        self._save_position()
        return Outcome(True)

    @property
    def words(self) -> Words:
        """jieba's words of the open article (segmented once per text)."""
        return words_of(self.text)

    def move_word(self, edge: str, step: int) -> Outcome:
        """``w``/``b`` the next/previous word start, ``e``/``E`` the next/previous
        word end (the cursor on its last character): a selection grows by words."""
        if not self.text:
            return Outcome(True)
        w, c = self.words, self.cursor
        if edge == "start":
            to = w.next_start(c) if step > 0 else w.prev_start(c)
        else:
            end = w.next_end(c + 1) if step > 0 else w.prev_end(c + 1)
            to = None if end is None else end - 1
        if to is None:
            return Outcome(True, f"no {WORD_MOTIONS[edge, step]} in this article")
        return self.move_cursor(to - c)

    def start_selection(self) -> Outcome:
        if not self.text:
            return Outcome(False, "empty article")
        if self.anchor is not None:
            self.anchor = None
            return Outcome(True, "selection cancelled")
        self.anchor = self.cursor
        return Outcome(True, "selecting: e/w extend by words, h/l by characters, 1-9 label, v or escape cancel")

    def select_word(self) -> Outcome:
        """``V``: select the word under the cursor (names are rarely one
        character); e/w and h/l grow it, a label key adds it."""
        word = self.words.word_at(self.cursor) if self.text else None
        if word is None:
            return Outcome(False, "no word under the cursor: v selects from any character")
        self.anchor, self.cursor = word
        self.cursor -= 1
        self._save_position()
        return Outcome(True, "selecting: e/w extend by words, h/l by characters, 1-9 label, v or escape cancel")

    def cancel_selection(self) -> Outcome:
        if self.anchor is None:
            return Outcome(True)
        self.anchor = None
        return Outcome(True, "selection cancelled")

    def _save_position(self) -> None:
        if self.article is None:
            return
        if self.store.in_transaction:  # part of an action: commits with its event
            self.store.save_position(self.annotator, self.article.id, self.current, self.cursor)
            return
        # A move alone (j/k, h/l) never waits for another writer's lock: the
        # position is a convenience for resuming, and the next action saves it.
        try:
            with self.store.busy_timeout(0):
                self.store.save_position(self.annotator, self.article.id, self.current, self.cursor)
        except StoreBusy:
            pass

    # -- span decisions -----------------------------------------------------
    def _record(self, action: str, changes: list, status: tuple[str, str] | None = None,
                ref_event: int | None = None, track: bool = True, weight: tuple[int, int] = (0, 0)) -> Outcome:
        assert self.article is not None
        if status is None and changes and self.article.status == "todo" and action not in MACHINE_ACTIONS:
            # The first decision on an article puts it in progress, in the
            # same event (new suggestions made for it are no decision).
            status = ("todo", "in_progress")
        try:
            eid = self.store.record(self.session_id, self.annotator, self.article.id, action, changes, status, ref_event)
        except StoreError as e:  # FlatnessError included: nothing was written
            self._reload()
            return Outcome(False, f"refused: {e}")
        if track:
            self.undo_stack.append(eid)
            self.redo_stack.clear()
            self._weights[eid] = weight
            self._count(weight, +1)
        self._teach(changes)
        self._reload()
        return Outcome(True, "", eid)

    def learner_changed(self) -> None:
        """The learner was retrained: articles nobody started are suggested again when opened."""
        self._taught += 1

    def _teach(self, changes: list) -> None:
        if self.learner is None:
            return
        for _before, after in changes:
            if after is not None and after.get("state") in ("accepted", "rejected"):
                text = self.text[int(after["start"]):int(after["end"])]
                self.learner.learn(text, after["label"], after["state"] == "accepted")
                self._taught += 1

    # -- learning -------------------------------------------------------------
    def attach_learner(self, learner: Learner) -> Outcome:
        """Start learning; the open article is refreshed if nobody started it
        (on a busy database, when an article is next opened)."""
        self.learner = learner
        return self._refresh_open()

    @_atomic
    def _refresh_open(self) -> Outcome:
        cur = self.current
        refreshed = self.refresh_suggestions()
        if refreshed.event_id is not None or cur is None:
            first = next(iter(self.pending), None) or next(iter(self.visible), None)
            self.current, self.cursor = (first.id, first.start) if first else (None, 0)
            self._save_position()
        return refreshed

    def refresh_suggestions(self) -> Outcome:
        """Suggest again for an article nobody has started, with what reviewers
        taught since it was imported: names accepted elsewhere appear, names
        rejected elsewhere go. One ``suggest`` event, so that replay and audit
        see the spans the reviewer was shown."""
        art = self.article
        if self.learner is None or art is None or art.status != "todo" or any(
                s.state != "pending" for s in self.spans) or self._checked.get(art.id) == self._taught:
            return Outcome(True)
        self._checked[art.id] = self._taught
        fresh = {(d["start"], d["end"], d["label"]): d for d in self.learner.suggest(art.clean)}
        old = {(s.start, s.end, s.label): s for s in self.pending}
        changes: list = [(_span_dict(s), None) for k, s in old.items() if k not in fresh]
        changes += [(None, {"start": d["start"], "end": d["end"], "label": d["label"], "state": "pending",
                            "origin": "learned" if d.get("source") == "learned" else "suggested",
                            "source": d.get("source", "")})
                    for k, d in fresh.items() if k not in old]
        if not changes:
            return Outcome(True)
        out = self._record("suggest", changes, track=False)
        if out.ok:
            added = sum(1 for b, _ in changes if b is None)
            out.message = f"suggestions updated with what reviewers taught: +{added} −{len(changes) - added}"
        return out

    def _count(self, weight: tuple[int, int], sign: int) -> None:
        self.decisions += sign * weight[0]
        self.articles_done += sign * weight[1]

    def _advance(self, after: tuple[int, int], stay: Span | None) -> str:
        """After a decision at ``after`` (a span's text order), go to the next
        undecided span, wrapping around; with none left, stay on ``stay``.
        Returns a hint for the status line."""
        pend = self.pending
        if pend:
            self._go(next((s for s in pend if _key(s) > after), pend[0]))
            return ""
        vis = self.visible
        if stay is None or all(s.id != stay.id for s in vis):
            # the decided span is gone (rejected): the next span, else the one before
            stay = next((s for s in vis if _key(s) > after), vis[-1] if vis else None)
        if stay is not None:
            self._go(stay)
        else:
            self.current = None
            self._save_position()
        return " · all decided: d marks the article done"

    def _refuse_while_selecting(self) -> Outcome | None:
        return Outcome(False, SELECTING) if self.anchor is not None else None

    @_atomic
    def accept(self) -> Outcome:
        if refused := self._refuse_while_selecting():
            return refused
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here: j/k go to a span")
        if span.state == "accepted":
            hint = self._advance(_key(span), span)
            return Outcome(True, f"{span.label} {span.text} was already accepted" + hint)
        before = _span_dict(span)
        out = self._record("accept", [(before, {**before, "state": "accepted"})], weight=(1, 0))
        if out.ok:
            out.message = f"accepted {span.label} {span.text}" + self._advance(_key(span), span)
        return out

    @_atomic
    def reject(self) -> Outcome:
        if refused := self._refuse_while_selecting():
            return refused
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here: j/k go to a span")
        before = _span_dict(span)
        after = None if span.origin == "manual" else {**before, "state": "rejected"}
        out = self._record("reject", [(before, after)], weight=(1, 0))
        if out.ok:
            verb = "removed" if after is None else "rejected"
            out.message = f"{verb} {span.label} {span.text}" + self._advance(_key(span), None)
        return out

    @_atomic
    def set_label(self, index: int) -> Outcome:
        """Key 1-9: label the selection, else relabel (and accept) the span."""
        if not 0 <= index < len(self.label_names):
            keys = ", ".join(f"{i + 1} {n}" for i, n in enumerate(self.label_names))
            return Outcome(False, f"no label on key {index + 1} (labels: {keys})")
        label = self.label_names[index]
        if self.anchor is not None:
            return self._add_selection(label)
        span = self.current_span
        if span is None:
            return self._add_word(label)
        if span.label == label and span.state == "accepted":
            hint = self._advance(_key(span), span)
            return Outcome(True, f"{span.text} was already {label}" + hint)
        before = _span_dict(span)
        out = self._record("label", [(before, {**before, "label": label, "state": "accepted"})], weight=(1, 0))
        if out.ok:
            out.message = f"{span.text} is {label}" + self._advance(_key(span), span)
        return out

    def _add_word(self, label: str) -> Outcome:
        """A label key on text outside any span labels the word under the cursor."""
        word = self.words.word_at(self.cursor) if self.text else None
        if word is None:
            return Outcome(False, "no span or word here: v selects text to label, j/k go to a span")
        cursor = self.cursor
        self.anchor, self.cursor = word[0], word[1] - 1
        out = self._add_selection(label)
        if not out.ok:
            self.anchor, self.cursor = None, cursor
        return out

    def _add_selection(self, label: str) -> Outcome:
        sel = self.selection
        assert sel is not None
        a, b = sel
        b = min(b, len(self.text))
        while a < b and self.text[a] in EDGE_CHARS:
            a += 1
        while b > a and self.text[b - 1] in EDGE_CHARS:
            b -= 1
        if b <= a:
            return Outcome(False, "refused: the selection is only whitespace")
        if "\n" in self.text[a:b]:
            return Outcome(False, "refused: a span cannot cross a line break")
        clash = self._overlapping(a, b)
        if clash:
            return Outcome(False, f"refused: overlaps {clash.label} {clash.text!r} (reject or resize it first)")
        out = self._record("add", [(None, {"start": a, "end": b, "label": label, "origin": "manual", "state": "accepted"})],
                           weight=(1, 0))
        if out.ok:
            self.anchor = None
            new = next(s for s in self.visible if s.start == a and s.end == b)
            out.message = f"added {label} {self.text[a:b]}" + self._advance(_key(new), new)
        return out

    def _overlapping(self, a: int, b: int, ignore: int | None = None) -> Span | None:
        return next((s for s in self.visible if s.id != ignore and s.start < b and a < s.end), None)

    @_atomic
    def accept_all(self) -> Outcome:
        if refused := self._refuse_while_selecting():
            return refused
        pend = self.pending
        if not pend:
            return Outcome(False, "no undecided suggestion in this article")
        changes = [(_span_dict(s), {**_span_dict(s), "state": "accepted"}) for s in pend]
        out = self._record("accept_all", changes, weight=(len(pend), 0))
        if out.ok:
            out.message = f"accepted {len(pend)} suggestion(s) · d marks the article done"
            self._save_position()
        return out

    def resized(self, start: int, end: int, edge: str, delta: int) -> tuple[int, int]:
        """Where ``[`` ``]`` ``{`` ``}`` take a span's edges (``delta`` characters).

        An edge never rests on a space (GUIDELINES): it steps over it, so
        `}` takes 18日 to 18日 14:43 in one key per character of the time."""
        a, b, text = start, end, self.text
        step = 1 if delta > 0 else -1
        if edge == "start":
            a += delta
            while 0 <= a < b and text[a] in INNER_SPACE:
                a += step
        else:
            b += delta
            while a < b <= len(text) and text[b - 1] in INNER_SPACE:
                b += step
        return a, b

    def word_resized(self, start: int, end: int, edge: str, step: int) -> tuple[int, int]:
        """Where ``(`` ``)`` ``<`` ``>`` take a span's edges: to the previous or
        next word start (start) or word end (end); unchanged if there is none."""
        w = self.words
        if edge == "start":
            to = w.next_start(start) if step > 0 else w.prev_start(start)
            return (start if to is None else to), end
        to = w.next_end(end) if step > 0 else w.prev_end(end)
        return start, (end if to is None else to)

    @_atomic
    def resize(self, edge: str, delta: int) -> Outcome:
        """Move the current span's ``start`` or ``end`` by ``delta`` characters."""
        return self._resize_to(lambda a, b: self.resized(a, b, edge, delta))

    @_atomic
    def resize_word(self, edge: str, step: int) -> Outcome:
        """Move the current span's ``start`` or ``end`` by one word."""
        return self._resize_to(lambda a, b: self.word_resized(a, b, edge, step))

    def _resize_to(self, where: Callable[[int, int], tuple[int, int]]) -> Outcome:
        if refused := self._refuse_while_selecting():
            return refused
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here: j/k go to a span")
        a, b = where(span.start, span.end)
        text = self.text
        if (a, b) == (span.start, span.end):
            return Outcome(False, f"refused: no word to move {span.text!r}'s edge to")
        if a < 0 or b > len(text):
            return Outcome(False, f"refused: {span.text!r} is at the {'start' if a < 0 else 'end'} of the text")
        if b <= a:
            return Outcome(False, "refused: a span needs at least one character")
        if "\n" in text[a:b]:
            return Outcome(False, "refused: a span cannot cross a line break")
        clash = self._overlapping(a, b, ignore=span.id)
        if clash:
            return Outcome(False, f"refused: would overlap {clash.label} {clash.text!r}")
        before = _span_dict(span)
        out = self._record("resize", [(before, {**before, "start": a, "end": b})])
        if out.ok:
            self._go(self.current_span)
            out.message = f"{span.label} {text[a:b]}" + (" · a accepts it" if span.state == "pending" else "")
        return out

    @_atomic
    def merge(self) -> Outcome:
        """The current span takes in the next one, up to its end, with the
        current span's label, accepted; the next span is removed (not
        rejected: its text may well be a name elsewhere)."""
        if refused := self._refuse_while_selecting():
            return refused
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here: j/k go to a span")
        nxt = next((s for s in self.visible if _key(s) > _key(span)), None)
        if nxt is None:
            return Outcome(False, "refused: no span after this one to merge with")
        if "\n" in self.text[span.start:nxt.end]:
            return Outcome(False, "refused: a span cannot cross a line break")
        before, gone = _span_dict(span), _span_dict(nxt)
        after = {**before, "end": nxt.end, "state": "accepted"}
        out = self._record("merge", [(before, after), (gone, None)], weight=(1, 0))
        if out.ok:
            merged = self.current_span
            out.message = f"merged: {span.label} {self.text[span.start:nxt.end]}" + self._advance(_key(merged), merged)
        return out

    @_atomic
    def split(self) -> Outcome:
        """Cut the current span in two at the text cursor: the cursor's
        character starts the second piece; both keep the label, accepted."""
        if refused := self._refuse_while_selecting():
            return refused
        span = self.current_span
        c = self.cursor
        if span is None:
            return Outcome(False, "no span here: j/k go to a span")
        a, b = span.start, span.end
        end1, start2 = c, c
        while a < end1 and self.text[end1 - 1] in INNER_SPACE:
            end1 -= 1  # a space at the cut stays outside both pieces
        while start2 < b and self.text[start2] in INNER_SPACE:
            start2 += 1
        if not (a < c < b and a < end1 and start2 < b):
            return Outcome(False, "refused: put the text cursor inside the span (l, e), on the first character "
                           "of the second piece")
        before = _span_dict(span)
        first = {**before, "end": end1, "state": "accepted"}
        second = {"start": start2, "end": b, "label": span.label, "origin": "manual", "state": "accepted"}
        out = self._record("split", [(before, first), (None, second)], weight=(1, 0))
        if out.ok:
            piece = next(s for s in self.visible if s.start == start2 and s.end == b)
            out.message = (f"split: {span.label} {self.text[a:end1]} | {self.text[start2:b]}"
                           + self._advance(_key(piece), piece))
        return out

    @_atomic
    def mark_all(self) -> Outcome:
        """``m``: every occurrence of the current span's text gets its label.

        Free occurrences become manual spans; an undecided suggestion on
        exactly that text is labelled and accepted; an occurrence that
        overlaps any other span is left alone (and counted in the message).
        The current span is accepted too.
        """
        if refused := self._refuse_while_selecting():
            return refused
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here: j/k go to a span")
        text, label = span.text, span.label
        changes: list = []
        if span.state == "pending":
            changes.append((_span_dict(span), {**_span_dict(span), "state": "accepted"}))
        vis = self.visible
        taken = [(s.start, s.end) for s in vis]
        added = relabelled = blocked = 0
        i = self.text.find(text)
        while i >= 0:
            j = i + len(text)
            same = next((s for s in vis if s.start == i and s.end == j), None)
            if same is not None:
                if same.id != span.id and same.state == "pending":
                    changes.append((_span_dict(same), {**_span_dict(same), "label": label, "state": "accepted"}))
                    relabelled += 1
                elif same.id != span.id and same.label != label:
                    blocked += 1
            elif any(x < j and i < y for x, y in taken):
                blocked += 1
            else:
                changes.append((None, {"start": i, "end": j, "label": label, "origin": "manual", "state": "accepted"}))
                taken.append((i, j))
                added += 1
            i = self.text.find(text, i + 1)
        tail = f", {blocked} inside other spans left alone" if blocked else ""
        if not changes:
            return Outcome(False, f"no other free occurrence of {text!r}" + tail)
        out = self._record("mark_all", changes, weight=(len(changes), 0))
        if out.ok:
            out.message = (f"{text} is {label} everywhere: {added} added, {relabelled} suggestion(s) accepted"
                           + tail + self._advance(_key(span), span))
        return out

    # -- undo / redo ----------------------------------------------------------
    @_atomic
    def undo(self) -> Outcome:
        """Reverse this session's last action (as a new ``undo`` event)."""
        if not self.undo_stack:
            return Outcome(False, "nothing to undo in this session")
        eid = self.undo_stack[-1]
        ev = self.store.event(eid)
        assert ev is not None
        self._open_event_article(ev)
        changes = [(a, b) for b, a in zip(ev["before"]["spans"], ev["after"]["spans"])]
        st = ev["before"]["status"], ev["after"]["status"]
        status = (st[1], st[0]) if st[0] is not None else None
        out = self._record("undo", changes, status, ref_event=eid, track=False)
        if out.ok:
            self.undo_stack.pop()
            self.redo_stack.append(eid)
            self._count(self._weights.get(eid, (0, 0)), -1)
            self._focus_event_spans(ev["before"]["spans"], ev["after"]["spans"])
            out.message = f"undid {ev['action']}"
        return out

    @_atomic
    def redo(self) -> Outcome:
        if not self.redo_stack:
            return Outcome(False, "nothing to redo")
        eid = self.redo_stack[-1]
        ev = self.store.event(eid)
        assert ev is not None
        self._open_event_article(ev)
        changes = list(zip(ev["before"]["spans"], ev["after"]["spans"]))
        st = ev["before"]["status"], ev["after"]["status"]
        status = st if st[0] is not None else None
        out = self._record("redo", changes, status, ref_event=eid, track=False)
        if out.ok:
            self.redo_stack.pop()
            self.undo_stack.append(eid)
            self._count(self._weights.get(eid, (0, 0)), +1)
            self._focus_event_spans(ev["after"]["spans"], ev["before"]["spans"])
            out.message = f"redid {ev['action']}"
        return out

    def _open_event_article(self, ev: dict[str, Any]) -> None:
        self.anchor = None
        if self.article is None or ev["article_id"] != self.article.id:
            self.open(ev["article_id"])

    def _focus_event_spans(self, now: list, then: list) -> None:
        """After undo/redo: the first span the event touched, as it is now;
        if it no longer exists, the text where it was."""
        vis = {s.id: s for s in self.visible}
        for d in now:
            if d and d["id"] in vis:
                self._go(vis[d["id"]])
                return
        where = next((d["start"] for d in [*now, *then] if d), None)
        if where is not None:
            self.cursor = self._clamp(where)
            under = self._span_at(self.cursor)
            self.current = under.id if under else None
        self._save_position()

    # -- article status -------------------------------------------------------
    @_atomic
    def done(self) -> Outcome:
        if self.article is None:
            return Outcome(False, "no article")
        pend = self.pending
        if pend:
            self.anchor = None
            if self.current_span is None or self.current_span.state != "pending":
                self._go(next((s for s in pend if s.start >= self.cursor), pend[0]))
            return Outcome(False, f"refused: {len(pend)} undecided · a accept, x reject, A all")
        if self.article.status == "done":
            return self.next_todo(message=f"article {self.article.id} was already done")
        aid = self.article.id
        out = self._record("done", [], (self.article.status, "done"), weight=(0, 1))
        if out.ok:
            return self.next_todo(message=f"article {aid} done")
        return out

    @_atomic
    def skip(self) -> Outcome:
        if self.article is None:
            return Outcome(False, "no article")
        aid = self.article.id
        if self.article.status == "done":
            return Outcome(False, f"refused: article {aid} is done; u undoes it, n/p move on")
        if self.article.status == "skipped":
            return self.next_todo(message=f"article {aid} was already skipped")
        out = self._record("skip", [], (self.article.status, "skipped"))
        if out.ok:
            return self.next_todo(message=f"article {aid} skipped")
        return out

    def next_todo(self, message: str = "") -> Outcome:
        """Open the next article to review (todo or in progress), wrapping."""
        assert self.article is not None
        nxt = self.store.next_todo(self.article.id)
        if nxt is None or nxt == self.article.id:
            self._save_position()
            return Outcome(True, (message + " · " if message else "") + "no article left to review")
        self.open(nxt)
        return Outcome(True, message)

    def retry_deferred(self, wait_ms: int = 0) -> Outcome | None:
        """Try the kept key again (waiting ``wait_ms`` for the lock); None while it is still held."""
        if self.deferred is None:
            return None
        what, call, (aid, cur, cursor, anchor) = self.deferred
        if self.article is None or self.article.id != aid:
            self.deferred = None
            return Outcome(False, f"{what} was not saved: the article changed meanwhile")
        now = (self.current, self.cursor, self.anchor)
        self.current, self.cursor, self.anchor = cur, cursor, anchor
        self._retrying = True
        try:
            with self.store.busy_timeout(wait_ms):
                out = call()
        finally:
            self._retrying = False
        if out is _STILL_BUSY:
            self.current, self.cursor, self.anchor = now
            return None
        self.deferred = None
        return Outcome(out.ok, f"saved {what} once the database was free" + (f" · {out.message}" if out.message else ""),
                       out.event_id)

    def open_article(self, article_id: int) -> Outcome:
        """Open an article picked in the list or found (refused on a busy database)."""
        try:
            self.open(article_id)
        except StoreBusy:
            return Outcome(False, BUSY)
        return Outcome(True, f"opened article {article_id}")

    def step_article(self, step: int, status: str | None = None) -> Outcome:
        """``n``/``p``: the next or previous article (of ``status``, by default
        the list's filter)."""
        status = status or self.list_filter
        if self.article is None:
            return Outcome(False, "no article")
        nxt = self.store.neighbour_article(self.article.id, step, status)
        if nxt is None:
            which = f"{status.replace('_', ' ')} " if status else ""
            return Outcome(False, f"no {which}article {'after' if step > 0 else 'before'} this one")
        try:
            self.open(nxt)
        except StoreBusy:
            return Outcome(False, BUSY)
        return Outcome(True)

    def counts(self) -> dict[str, int]:
        total = self.store.count_articles()
        done = self.store.count_articles("done")
        return {"total": total, "done": done, "skipped": self.store.count_articles("skipped")}
