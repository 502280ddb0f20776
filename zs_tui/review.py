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
resize      the span's start or end moves by one character
add         a selection becomes a manual span with a label
mark_all    every other occurrence of the span's text gets its label
undo        reverses the event in ``ref_event``
redo        re-applies the event in ``ref_event``
done        the article is reviewed (refused while suggestions are pending)
skip        the article is set aside
==========  ===============================================================

Navigation (next/previous span or article, cursor moves) is not an event:
the position is saved per annotator so that a restart resumes there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import __version__
from .labels import Label
from .storage import Article, FlatnessError, Span, Store, StoreError

ACTIONS = ("accept", "reject", "label", "accept_all", "resize", "add", "mark_all", "undo", "redo", "done", "skip")
EDGE_CHARS = set(" \t\n\u3000")


@dataclass
class Outcome:
    """What an action did, for the status line."""

    ok: bool
    message: str = ""
    event_id: int | None = None


def _span_dict(s: Span) -> dict[str, Any]:
    return {"id": s.id, "start": s.start, "end": s.end, "label": s.label, "text": s.text,
            "origin": s.origin, "state": s.state, "source": s.source}


class ReviewSession:
    """State of one review session over a Store."""

    def __init__(self, store: Store, annotator: str, labels: list[Label], session_id: str | None = None) -> None:
        self.store = store
        self.annotator = annotator
        self.labels = labels
        self.label_names = [lab.name for lab in labels]
        self.session_id = session_id or store.start_session(annotator, __version__)
        self.article: Article | None = None
        self.spans: list[Span] = []  # every span of the article, rejected included
        self.current: int | None = None  # span id under the cursor
        self.cursor = 0  # text offset of the cursor
        self.anchor: int | None = None  # selection start, when selecting
        self.undo_stack: list[int] = []
        self.redo_stack: list[int] = []
        self.decisions = 0  # span decisions this session, for the pace display
        self.articles_done = 0

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

    def open(self, article_id: int, span_id: int | None = None, cursor: int | None = None) -> None:
        self.article = self.store.article(article_id)
        self.anchor = None
        self._reload()
        if span_id is not None and any(s.id == span_id for s in self.visible):
            self.current = span_id
        else:
            pend = [s for s in self.visible if s.state == "pending"]
            self.current = (pend or self.visible or [None])[0].id if (pend or self.visible) else None  # type: ignore[union-attr]
        cur = self.current_span
        self.cursor = cursor if cursor is not None and span_id is None else (cur.start if cur else 0)
        self.cursor = max(0, min(self.cursor, max(0, len(self.text) - 1)))
        self._save_position()

    def _reload(self) -> None:
        assert self.article is not None
        self.spans = self.store.spans(self.article.id)
        self.article = self.store.article(self.article.id)

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
        if self.anchor is None:
            return None
        a, b = sorted((self.anchor, self.cursor))
        return a, b + 1

    def move_span(self, step: int) -> None:
        vis = self.visible
        if not vis:
            return
        ids = [s.id for s in vis]
        if self.current in ids:
            k = max(0, min(len(vis) - 1, ids.index(self.current) + step))
        else:
            # from the text cursor: the first span after (or before) it
            after = [i for i, s in enumerate(vis) if s.start >= self.cursor]
            k = (after[0] if after else len(vis) - 1) if step > 0 else ((after[0] - 1) if after and after[0] > 0 else 0)
        self.current = vis[k].id
        self.cursor = vis[k].start
        self._save_position()

    def move_cursor(self, delta: int) -> None:
        """Move the text cursor (and extend the selection if one is open)."""
        if not self.text:
            return
        self.cursor = max(0, min(len(self.text) - 1, self.cursor + delta))
        if self.anchor is None:
            # The span under the cursor becomes current, so keys act on it.
            under = next((s for s in self.visible if s.start <= self.cursor < s.end), None)
            self.current = under.id if under else None
        self._save_position()

    def start_selection(self) -> Outcome:
        if not self.text:
            return Outcome(False, "empty article")
        if self.anchor is not None:
            self.anchor = None
            return Outcome(True, "selection cancelled")
        self.anchor = self.cursor
        return Outcome(True, "selecting: move with ←/→ or h/l, then 1-9 to label, v to cancel")

    def cancel_selection(self) -> None:
        self.anchor = None

    def _save_position(self) -> None:
        if self.article is not None:
            self.store.save_position(self.annotator, self.article.id, self.current, self.cursor)

    # -- span decisions -----------------------------------------------------
    def _record(self, action: str, changes: list, status: tuple[str, str] | None = None,
                ref_event: int | None = None, track: bool = True) -> Outcome:
        assert self.article is not None
        try:
            eid = self.store.record(self.session_id, self.annotator, self.article.id, action, changes, status, ref_event)
        except FlatnessError as e:
            self._reload()
            return Outcome(False, f"refused: {e}")
        except StoreError as e:
            self._reload()
            return Outcome(False, f"refused: {e}")
        if track:
            self.undo_stack.append(eid)
            self.redo_stack.clear()
        self._reload()
        return Outcome(True, "", eid)

    def _advance(self) -> None:
        """After a decision, go to the next undecided span (wrapping)."""
        vis = self.visible
        pend = [s for s in vis if s.state == "pending"]
        if not pend:
            if self.current_span is None and vis:
                self.current = vis[-1].id
            self._save_position()
            return
        cur = self.current_span
        pos = cur.start if cur else self.cursor
        nxt = next((s for s in pend if s.start > pos), pend[0])
        self.current = nxt.id
        self.cursor = nxt.start
        self._save_position()

    def accept(self) -> Outcome:
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here")
        if span.state == "accepted":
            self._advance()
            return Outcome(True, "already accepted")
        before = _span_dict(span)
        out = self._record("accept", [(before, {**before, "state": "accepted"})])
        if out.ok:
            self.decisions += 1
            self._advance()
            out.message = f"accepted {span.label} {span.text}"
        return out

    def reject(self) -> Outcome:
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here")
        before = _span_dict(span)
        after = None if span.origin == "manual" else {**before, "state": "rejected"}
        vis_ids = [s.id for s in self.visible]
        k = vis_ids.index(span.id)
        out = self._record("reject", [(before, after)])
        if out.ok:
            self.decisions += 1
            vis = self.visible
            self.current = vis[min(k, len(vis) - 1)].id if vis else None
            if vis and k < len(vis):
                self.cursor = vis[k].start
            self._advance() if self.pending else self._save_position()
            out.message = f"rejected {span.label} {span.text}"
        return out

    def set_label(self, index: int) -> Outcome:
        """Key 1-9: label the selection, else relabel (and accept) the span."""
        if not 0 <= index < len(self.label_names):
            return Outcome(False, f"no label on key {index + 1}")
        label = self.label_names[index]
        if self.anchor is not None:
            return self._add_selection(label)
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here: press v to select text first")
        before = _span_dict(span)
        out = self._record("label", [(before, {**before, "label": label, "state": "accepted"})])
        if out.ok:
            self.decisions += 1
            self._advance()
            out.message = f"{span.text} is {label}"
        return out

    def _add_selection(self, label: str) -> Outcome:
        sel = self.selection
        assert sel is not None
        a, b = sel
        while a < b and self.text[a] in EDGE_CHARS:
            a += 1
        while b > a and self.text[b - 1] in EDGE_CHARS:
            b -= 1
        if b <= a:
            return Outcome(False, "refused: the selection is only whitespace")
        clash = self._overlapping(a, b)
        if clash:
            return Outcome(False, f"refused: overlaps {clash.label} {clash.text!r} (reject or resize it first)")
        out = self._record("add", [(None, {"start": a, "end": b, "label": label, "origin": "manual", "state": "accepted"})])
        if out.ok:
            self.anchor = None
            self.decisions += 1
            new = next(s for s in self.spans if s.start == a and s.end == b and s.state != "rejected")
            self.current = new.id
            self.cursor = a
            self._advance()
            out.message = f"added {label} {self.text[a:b]}"
        return out

    def _overlapping(self, a: int, b: int, ignore: int | None = None) -> Span | None:
        return next((s for s in self.visible if s.id != ignore and s.start < b and a < s.end), None)

    def accept_all(self) -> Outcome:
        pend = self.pending
        if not pend:
            return Outcome(False, "no undecided suggestions")
        changes = [(_span_dict(s), {**_span_dict(s), "state": "accepted"}) for s in pend]
        out = self._record("accept_all", changes)
        if out.ok:
            self.decisions += len(pend)
            out.message = f"accepted {len(pend)} suggestion(s)"
            self._save_position()
        return out

    def resize(self, edge: str, delta: int) -> Outcome:
        """Move the current span's ``start`` or ``end`` by ``delta``."""
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here")
        a, b = span.start, span.end
        if edge == "start":
            a += delta
        else:
            b += delta
        if a < 0 or b > len(self.text):
            return Outcome(False, "refused: the span would leave the text")
        if b <= a:
            return Outcome(False, "refused: a span needs at least one character")
        clash = self._overlapping(a, b, ignore=span.id)
        if clash:
            return Outcome(False, f"refused: would overlap {clash.label} {clash.text!r}")
        before = _span_dict(span)
        out = self._record("resize", [(before, {**before, "start": a, "end": b})])
        if out.ok:
            self.cursor = a
            out.message = f"{span.label} {self.text[a:b]}"
            self._save_position()
        return out

    def mark_all(self) -> Outcome:
        span = self.current_span
        if span is None:
            return Outcome(False, "no span here")
        text = span.text
        changes: list = []
        if span.state == "pending":
            changes.append((_span_dict(span), {**_span_dict(span), "state": "accepted"}))
        taken = [(s.start, s.end) for s in self.visible]
        added = 0
        i = self.text.find(text)
        while i >= 0:
            j = i + len(text)
            if not any(x < j and i < y for x, y in taken):
                changes.append((None, {"start": i, "end": j, "label": span.label, "origin": "manual", "state": "accepted"}))
                taken.append((i, j))
                added += 1
            i = self.text.find(text, i + 1)
        if not changes:
            return Outcome(False, f"no other free occurrence of {text!r}")
        out = self._record("mark_all", changes)
        if out.ok:
            self.decisions += len(changes)
            out.message = f"marked {added} more {text!r} as {span.label}"
            self._save_position()
        return out

    # -- undo / redo ----------------------------------------------------------
    def undo(self) -> Outcome:
        if not self.undo_stack:
            return Outcome(False, "nothing to undo in this session")
        eid = self.undo_stack[-1]
        ev = self.store.event(eid)
        assert ev is not None
        if self.article is None or ev["article_id"] != self.article.id:
            self.open(ev["article_id"])
        changes = [(a, b) for b, a in zip(ev["before"]["spans"], ev["after"]["spans"])]
        st = ev["before"]["status"], ev["after"]["status"]
        status = (st[1], st[0]) if st[0] is not None else None
        out = self._record("undo", changes, status, ref_event=eid, track=False)
        if out.ok:
            self.undo_stack.pop()
            self.redo_stack.append(eid)
            self._focus_event_spans(ev["before"]["spans"])
            out.message = f"undid {ev['action']}"
        return out

    def redo(self) -> Outcome:
        if not self.redo_stack:
            return Outcome(False, "nothing to redo")
        eid = self.redo_stack[-1]
        ev = self.store.event(eid)
        assert ev is not None
        if self.article is None or ev["article_id"] != self.article.id:
            self.open(ev["article_id"])
        changes = list(zip(ev["before"]["spans"], ev["after"]["spans"]))
        st = ev["before"]["status"], ev["after"]["status"]
        status = st if st[0] is not None else None
        out = self._record("redo", changes, status, ref_event=eid, track=False)
        if out.ok:
            self.redo_stack.pop()
            self.undo_stack.append(eid)
            self._focus_event_spans(ev["after"]["spans"])
            out.message = f"redid {ev['action']}"
        return out

    def _focus_event_spans(self, spans: list) -> None:
        ids = [s["id"] for s in spans if s]
        vis = {s.id: s for s in self.visible}
        for i in ids:
            if i in vis:
                self.current = i
                self.cursor = vis[i].start
                break
        self._save_position()

    # -- article status -------------------------------------------------------
    def done(self) -> Outcome:
        if self.article is None:
            return Outcome(False, "no article")
        n = len(self.pending)
        if n:
            return Outcome(False, f"refused: {n} suggestion(s) still undecided (a/A accept, x reject)")
        if self.article.status == "done":
            return self.next_todo(message="already done")
        out = self._record("done", [], (self.article.status, "done"))
        if out.ok:
            self.articles_done += 1
            return self.next_todo(message=f"article {self.article.id} done")
        return out

    def skip(self) -> Outcome:
        if self.article is None:
            return Outcome(False, "no article")
        if self.article.status == "skipped":
            return self.next_todo(message="already skipped")
        out = self._record("skip", [], (self.article.status, "skipped"))
        if out.ok:
            return self.next_todo(message=f"article {self.article.id} skipped")
        return out

    def next_todo(self, message: str = "") -> Outcome:
        assert self.article is not None
        nxt = self.store.next_todo(self.article.id)
        if nxt is None:
            self._save_position()
            return Outcome(True, (message + "; " if message else "") + "no article left to review")
        self.open(nxt)
        return Outcome(True, message)

    def step_article(self, step: int) -> Outcome:
        if self.article is None:
            return Outcome(False, "no article")
        nxt = self.store.neighbour_article(self.article.id, step)
        if nxt is None:
            return Outcome(False, "first article" if step < 0 else "last article")
        self.open(nxt)
        return Outcome(True)

    def counts(self) -> dict[str, int]:
        total = self.store.count_articles()
        done = self.store.count_articles("done")
        return {"total": total, "done": done, "skipped": self.store.count_articles("skipped")}
