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
reopen      a done article is in progress again, so that it can be edited
flag        the article's unsure flag is set or cleared (``meta.unsure``)
note        the article's free-text note is set or cleared (``meta.note``)
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

from zs_tui import __version__
from zs_tui.labels import LAYER, Label, hot_key
from zs_tui.storage import Article, ArticleRow, SearchHit, Span, Store, StoreBusy, StoreError
from zs_tui.storage.layers import ADJUDICATED

from .words import Words, hints, in_phrase, matches, phrase_at, phrase_end, phrase_start, words_of

R = TypeVar("R")
ACTIONS = ("accept", "reject", "label", "accept_all", "resize", "merge", "split", "add", "mark_all", "undo", "redo",
           "done", "skip", "reopen", "flag", "note", "suggest")
# Events the app writes on its own, not a reviewer's decision.
MACHINE_ACTIONS = frozenset({"suggest"})
# Events that change an article's spans: refused on a done article until it
# is reopened (r), so that the gold is never changed silently.  Undo and redo
# are not: they take back this session's own keys, done included.
SPAN_EDITS = frozenset({"accept", "reject", "label", "accept_all", "resize", "merge", "split", "add", "mark_all"})
# What flag and note keep in the article's meta (exported with it).
UNSURE, NOTE = "unsure", "note"
# A selection is trimmed of these at both ends (GUIDELINES: a span never starts
# or ends with whitespace or punctuation, and excludes quotes and 《》).
# Brackets stay: a name may end with one, as in 控股(集团).
EDGE_CHARS = set(" \t\n\r\u3000“”‘’\"'「」『』《》，。、；：！？,.;:!?·")
INNER_SPACE = set(" \t\u3000\u00a0")  # spaces within a line
SELECTING = "selecting: 1-9 labels the selection, v or escape cancels"
WORDS_LOADING = "jieba's words are still loading (a second or two)"
BUSY = "database busy (another program is writing): nothing was changed, press the key again"
STALE = ("refused: another reviewer changed this article meanwhile; nothing was changed, the screen shows it now "
         "(press the key again if it still applies)")
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
                # Under the write lock nobody else can commit: what the key acts
                # on is checked against the database, not the screen it was pressed on.
                if outermost and name != "open" and not name.startswith("_") and self.changed_elsewhere():
                    return Outcome(False, STALE)  # type: ignore[return-value]
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
                self._counts = None  # status changes counted in memory were undone too
                self._reload()
                return Outcome(False, f"refused: {e}")  # type: ignore[return-value]
            raise

    return run


_STILL_BUSY = Outcome(False, BUSY)


class Learner(Protocol):
    """What the review needs of a suggester (zs_tui.suggest.Suggester).

    A learner in another process (zs_tui.review.learner_process) also has
    ``request_suggestions(article_id, taught)``: it answers later, and the
    app passes the answer to ``ReviewSession.suggestions_arrived``."""

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

    def __init__(self, store: Store, annotator: str, labels: list[Label], session_id: str | None = None,
                 layer: str | None = None) -> None:
        """``layer``: the layer the keys edit, the annotator's own by default;
        an adjudicator's session edits ``adjudicated`` (review/adjudication.py),
        its events under the adjudicator's name."""
        if annotator == ADJUDICATED:
            raise StoreError(f"{ADJUDICATED!r} names the adjudicated layer, not an annotator: pick another name")
        self.store = store
        self.annotator = annotator
        self.layer = layer or annotator
        self.labels = labels
        self.label_names = [lab.name for lab in labels]
        self.session_id = session_id or store.start_session(annotator, __version__, layer=layer)
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
        # The database as this session last read it (another connection's commit changes it).
        self._seen_version = store.data_version()
        self._views_stale = False  # another connection committed since the screen last refreshed its views
        self.last_find = ""  # what ; and , look for again
        self.key_layer = 0  # the label keys' layer: 1 after `0`, for labels 10-18 (one key, then back)
        self._counts: dict[str, int] | None = None  # articles per status, see counts()
        # Where words come from: None, jieba in this process (words_of); the
        # app sets a lookup that answers None until its worker process has
        # sent the open article's words, and ``opened`` to ask for them.
        self.words_for: Callable[[Article], Words | None] | None = None
        self.opened: Callable[[Article], None] | None = None
        # Moves alone are committed by save_moves, which the app calls on a
        # timer (False: at once, for callers with no timer).
        self.batch_moves = False
        self._position_unsaved = False

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
        aid = self.store.next_todo(0, layer=self.layer) or self.store.first_article_id()
        if aid is None:
            return False
        self.open(aid)
        return True

    @_atomic
    def open(self, article_id: int, span_id: int | None = None, cursor: int | None = None) -> None:
        """Open an article at a span, else at a text offset, else at its first undecided span.

        The annotator gets their own layer of it now (storage/layers.py): from
        here on they see and change only their spans and status.  KeyError:
        no such article (before any layer is made)."""
        # Read once: taking a layer copies the article's own status, which is
        # what this read saw (no layer of theirs yet means the unnamed one's).
        self.article = self.store.article(article_id, layer=self.layer)
        seen = (self.store.article_status(article_id, layer=self.layer, corpus=True)
                if self._counts is not None else None)
        if self.store.take_layer(article_id, self.layer) and self.layer == ADJUDICATED:
            # the adjudicated layer starts todo whatever the article's own status
            # (done after an --as-gold import): the read above saw that one
            self.article.status = "todo"
        if seen is not None and seen != self.article.status and self._counts is not None:
            # the kept counts had it as the corpus shows it (done by another
            # annotator, say); from now on it counts as this annotator's own copy
            self._counts[seen] -= 1
            self._counts[self.article.status] += 1
        self.anchor = None
        self.spans = self.store.spans(article_id, layer=self.layer)
        self.refresh_suggestions()
        vis = self.visible
        span = next((s for s in vis if s.id == span_id), None) if span_id is not None else None
        if span is None and cursor is not None:
            self.cursor = self._clamp(cursor)
            under = self._span_at(self.cursor)
            self.current = under.id if under else None
        else:
            span = span or self._first_span()
            self.current = span.id if span else None
            self.cursor = span.start if span else 0
        self._save_position()
        if self.opened is not None:
            self.opened(self.article)

    def _reload(self) -> None:
        assert self.article is not None
        self.spans = self.store.spans(self.article.id, layer=self.layer)
        self.article = self.store.article(self.article.id, layer=self.layer)

    # -- other reviewers on the same database ----------------------------------
    def changed_elsewhere(self) -> bool | None:
        """Whether another connection changed what this session shows.

        None: nobody else committed since the last look (one PRAGMA, no table
        read); False: someone did, not to the open article (the article list
        and the counts may have changed); True: the open article's spans or
        status changed, and they are read again (the cursor stays where it
        was, on the same span if it is still there)."""
        version = self.store.data_version()
        if version == self._seen_version:
            return None
        self._seen_version = version
        # Other articles' statuses may have moved: the kept counts are read
        # again, and the screen's next poll refreshes the list even when an
        # action's own check (under the write lock) saw the change first.
        self._counts = None
        self._views_stale = True
        if self.article is None:
            return False
        shown = (self.article.status, self.spans)
        self._reload()
        if (self.article.status, self.spans) == shown:
            return False
        if self.current_span is None:
            self.cursor = self._clamp(self.cursor)
            under = self._span_at(self.cursor)
            self.current = under.id if under else None
        return True

    def sync(self) -> Outcome | None:
        """The screen's poll: None if nothing changed elsewhere, else what to say."""
        changed = self.changed_elsewhere()
        if changed is None and not self._views_stale:
            return None
        self._views_stale = False
        if changed:
            assert self.article is not None
            return Outcome(True, f"article {self.article.id} was changed by another reviewer: redrawn")
        return Outcome(True)

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

    def _first_span(self) -> Span | None:
        """Where an article starts: its first undecided span, else its first span."""
        return next(iter(self.pending), None) or next(iter(self.visible), None)

    def _to_first_span(self) -> None:
        # after the suggestions changed under the cursor: start the article again
        first = self._first_span()
        self.current, self.cursor = (first.id, first.start) if first else (None, 0)
        self._save_position()

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
    def words(self) -> Words | None:
        """jieba's words of the open article (segmented once per text); None
        while the app's worker has not sent them yet."""
        if self.words_for is None or self.article is None:
            return words_of(self.text)
        return self.words_for(self.article)

    def move_word(self, edge: str, step: int) -> Outcome:
        """``w``/``b`` the next/previous word start, ``e``/``E`` the next/previous
        word end (the cursor on its last character): a selection grows by words.
        Until the words are there, by a character, and the message says so."""
        if not self.text:
            return Outcome(True)
        w, c = self.words, self.cursor
        if w is None:
            out = self.move_cursor(step)
            out.message = WORDS_LOADING + ": moved by a character"
            return out
        if edge == "start":
            to = w.next_start(c) if step > 0 else w.prev_start(c)
        else:
            end = w.next_end(c + 1) if step > 0 else w.prev_end(c + 1)
            to = None if end is None else end - 1
        if to is None:
            return Outcome(True, f"no {WORD_MOTIONS[edge, step]} in this article")
        return self.move_cursor(to - c)

    def move_phrase(self, step: int) -> Outcome:
        """``W``/``B``: the end of this phrase (or the next one) / its start (or
        the previous one's); a phrase runs between punctuation marks and
        spaces, so in a list (新能源、新材料) ``v W`` selects one item."""
        if not self.text:
            return Outcome(True)
        to = (phrase_end if step > 0 else phrase_start)(self.text, self.cursor)
        if to is None:
            return Outcome(True, f"no {'next phrase end' if step > 0 else 'previous phrase start'} in this article")
        return self.move_cursor(to - self.cursor)

    # -- jump (hints on the word starts in view, as easymotion gives them) --
    _jump: tuple[int | None, dict[str, int]] | None = None  # (article id, hint -> offset) while hints show
    jump_typed = ""  # the letters of a hint typed so far

    @property
    def jumping(self) -> bool:
        """The hints show (on the article they were made for)."""
        return self._jump is not None and self._jump[0] == (self.article.id if self.article else None)

    @property
    def jump_state(self) -> tuple[object, str]:
        """What the hints drawn depend on (the hints made, the letters typed): one value per look."""
        return self._jump, self.jump_typed

    @property
    def jump_hints(self) -> dict[str, int] | None:
        """The hints still possible (those starting with what was typed), while jumping."""
        if not self.jumping:
            return None
        assert self._jump is not None
        return {h: o for h, o in self._jump[1].items() if h.startswith(self.jump_typed)}

    def start_jump(self, lo: int, hi: int) -> Outcome:
        """``t``: a hint of one or two letters on each word start drawn
        (offsets ``[lo, hi)``), the nearest the cursor shortest; typing one
        puts the cursor there (and extends a selection)."""
        if self.text and self.words is None:
            return Outcome(False, WORDS_LOADING + ": no word starts to jump to yet")
        w = self.words
        targets = [t for t in (w.starts if w else ()) if lo <= t < hi and t != self.cursor]
        if not targets:
            return Outcome(False, "no word start in view to jump to")
        self._jump, self.jump_typed = (self.article.id if self.article else None, hints(targets, self.cursor)), ""
        return Outcome(True, "jump: type the hint of the word (escape cancels)")

    def jump_key(self, letter: str) -> Outcome:
        """A letter typed while the hints show."""
        typed = self.jump_typed + letter
        left = {h: o for h, o in (self.jump_hints or {}).items() if h.startswith(typed)}
        if not left:
            self.cancel_jump()
            return Outcome(False, f"no hint {typed!r}: jump cancelled")
        if typed in left:
            self.cancel_jump()
            return self.move_cursor(left[typed] - self.cursor)
        self.jump_typed = typed
        return Outcome(True, f"jump: {typed}…")

    def cancel_jump(self) -> None:
        self._jump, self.jump_typed = None, ""

    def start_selection(self) -> Outcome:
        if not self.text:
            return Outcome(False, "empty article")
        if self.anchor is not None:
            self.anchor = None
            return Outcome(True, "selection cancelled")
        self.anchor = self.cursor
        return Outcome(True, "selecting: e/w words, h/l characters, 1-9 label, v/escape cancel")

    def select_word(self) -> Outcome:
        """``V``: select the word under the cursor (names are rarely one
        character); e/w and h/l grow it, a label key adds it."""
        if self.text and self.words is None:
            return Outcome(False, WORDS_LOADING + ": v selects from any character")
        word = self.words.word_at(self.cursor) if self.text else None  # type: ignore[union-attr]
        if word is None:
            return Outcome(False, "no word under the cursor: v selects from any character")
        self.anchor, self.cursor = word
        self.cursor -= 1
        self._save_position()
        return Outcome(True, "selecting: e/w words, h/l characters, 1-9 label, v/escape cancel")

    def select_phrase(self) -> Outcome:
        """``P``: select the phrase under the cursor (the text between the
        punctuation marks around it: an item of a list, a name in quotes)."""
        c, text = self.cursor, self.text
        if not (text and c < len(text) and in_phrase(text[c])):
            return Outcome(False, "no phrase under the cursor (it is on punctuation or a space)")
        a, b = phrase_at(text, c)
        self.anchor, self.cursor = a, b - 1
        self._save_position()
        return Outcome(True, "selecting: e/w words, h/l characters, 1-9 label, v/escape cancel")

    def select_range(self, anchor: int, cursor: int) -> Outcome:
        """A drag of the mouse: the selection from ``anchor`` to ``cursor`` (both included)."""
        if not self.text:
            return Outcome(False, "empty article")
        self.anchor, self.cursor = self._clamp(anchor), self._clamp(cursor)
        self._save_position()
        return Outcome(True, "selecting: e/w words, h/l characters, 1-9 label, v/escape cancel")

    def click(self, offset: int, chain: int = 1) -> Outcome:
        """A click: the text cursor on ``offset`` (the span under it current, a
        selection extended); a double-click selects the word there, as ``V``."""
        if chain >= 2:
            self.anchor = None
            self.cursor = self._clamp(offset)
            return self.select_word()
        return self.move_cursor(offset - self.cursor)

    def cancel_selection(self) -> Outcome:
        if self.anchor is None:
            return Outcome(True)
        self.anchor = None
        return Outcome(True, "selection cancelled")

    # -- find -----------------------------------------------------------------
    def find(self, query: str, step: int = 1) -> Outcome:
        """``/``: the next match of ``query`` after the cursor (``step`` -1: the
        one before), wrapping; Simplified and Traditional match each other.

        A match on free text becomes the selection, so a label key adds it;
        one inside a span makes that span current (a label key relabels it)."""
        query = query.strip()
        if not query:
            return Outcome(False, "nothing to find")
        self.last_find = query
        if not self.text:
            return Outcome(False, "empty article")
        hits = matches(self.text, query)
        if not hits:
            return Outcome(False, f"{query!r} is not in this article (F searches every article)")
        here = self.cursor if self.anchor is None else min(self.anchor, self.cursor)
        if step > 0:
            k = next((k for k, i in enumerate(hits) if i > here), 0)
        else:
            k = next((k for k in reversed(range(len(hits))) if hits[k] < here), len(hits) - 1)
        wrapped = (hits[k] <= here) if step > 0 else (hits[k] >= here)
        return self._at_match(hits[k], len(query), f"{k + 1}/{len(hits)}" + (" (wrapped)" if wrapped else ""))

    def find_next(self, step: int) -> Outcome:
        """``;`` / ``,``: the next / previous match of the last find."""
        if not self.last_find:
            return Outcome(False, "no find to repeat: / finds a text in the article")
        return self.find(self.last_find, step)

    def _at_match(self, a: int, n: int, where: str) -> Outcome:
        b = min(a + n, len(self.text))
        inside = next((s for s in self.visible if s.start <= a and b <= s.end), None)
        if inside is not None:
            self.anchor = None
            self.current, self.cursor = inside.id, a
            self._save_position()
            return Outcome(True, f"found {where} in {inside.label} {inside.text} · ; next · 1-9 relabels it")
        self.anchor, self.cursor = a, b - 1
        under = self._span_at(a)
        self.current = under.id if under else None
        self._save_position()
        clash = self._overlapping(a, b)
        tail = f" (overlaps {clash.label} {clash.text})" if clash else " · 1-9 labels it"
        return Outcome(True, f"found {where}: {self.text[a:b]}{tail} · ; next · escape cancels")

    def _save_position(self) -> None:
        if self.article is None or self.layer != self.annotator:
            # positions are per annotator (resume, and the queue's "where their
            # screen is"): an adjudicator's walk is not their own review
            return
        if self.store.in_transaction:  # part of an action: commits with its event
            # (moves still unsaved stay marked: if the action rolls back, the
            # timer saves them; if it commits, that is one more small commit)
            self.store.save_position(self.annotator, self.article.id, self.current, self.cursor)
            return
        self._position_unsaved = True
        if not self.batch_moves:
            self.save_moves()

    def save_moves(self) -> None:
        """Commit the position that moves alone (j/k, h/l) left, if not yet.

        With ``batch_moves`` the app calls this a few times a second: a burst
        of moves is one commit, not one per key, so that other screens on the
        database (``zs-tui serve``'s tabs, other terminals) are not told of a
        change, and re-read what they show, for every cursor move here.  A
        move never waits for another writer's lock: the position is a
        convenience for resuming, and the next action saves it."""
        if not self._position_unsaved or self.article is None or self.store.in_transaction:
            return
        try:
            with self.store.busy_timeout(0):
                self.store.save_position(self.annotator, self.article.id, self.current, self.cursor)
            self._position_unsaved = False
        except StoreBusy:
            pass

    # -- span decisions -----------------------------------------------------
    def _record(self, action: str, changes: list, status: tuple[str, str] | None = None,
                ref_event: int | None = None, track: bool = True, weight: tuple[int, int] = (0, 0),
                meta: tuple[dict[str, Any], dict[str, Any]] | None = None) -> Outcome:
        assert self.article is not None
        if self.article.status == "done" and action in SPAN_EDITS:  # each edit checks first; this is the backstop
            return self._refuse_edit()  # type: ignore[return-value]
        if status is None and changes and self.article.status == "todo" and action not in MACHINE_ACTIONS:
            # The first decision on an article puts it in progress, in the
            # same event (new suggestions made for it are no decision).
            status = ("todo", "in_progress")
        try:
            eid = self.store.record(self.session_id, self.annotator, self.article.id, action, changes, status, ref_event,
                                    meta=meta)
        except StoreError as e:  # FlatnessError included: nothing was written
            self._reload()
            return Outcome(False, f"refused: {e}")
        if status is not None and self._counts is not None:
            self._counts[status[0]] -= 1
            self._counts[status[1]] += 1
        if track:
            self.undo_stack.append(eid)
            self.redo_stack.clear()
            self._weights[eid] = weight
            self._count(weight, +1)
        self._teach(changes)
        # The event changed the spans (new ones get their ids in the database),
        # the status and meta only as asked: the article row is not read again.
        self.spans = self.store.spans(self.article.id, layer=self.layer)
        if status is not None:
            self.article.status = status[1]
        if meta is not None:
            for k, v in meta[1].items():
                if v:
                    self.article.meta[k] = v
                else:
                    self.article.meta.pop(k, None)
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
            self._to_first_span()
        return refreshed

    def refresh_suggestions(self) -> Outcome:
        """Suggest again for an article nobody has started, with what reviewers
        taught since it was imported: names accepted elsewhere appear, names
        rejected elsewhere go. One ``suggest`` event, so that replay and audit
        see the spans the reviewer was shown."""
        art = self.article
        if self.learner is None or not self._untouched() or self._checked.get(art.id) == self._taught:  # type: ignore[union-attr]
            return Outcome(True)
        assert art is not None
        self._checked[art.id] = self._taught
        ask = getattr(self.learner, "request_suggestions", None)
        if ask is not None:  # answers later: suggestions_arrived
            ask(art.id, self._taught)
            return Outcome(True)
        return self._resuggest(self.learner.suggest(art.clean))

    def _untouched(self) -> bool:
        """The open article is one nobody has started."""
        return (self.article is not None and self.article.status == "todo"
                and all(s.state == "pending" for s in self.spans))

    def suggestions_arrived(self, article_id: int, taught: int, suggestions: list[dict[str, Any]]) -> Outcome:
        """A learner in another process answered: the suggestions apply if the
        article is still open and still untouched (a key decided first wins);
        the cursor goes to the first undecided span if they changed anything.
        Not applied (another article open, a busy database): asked again when
        the article is next opened."""
        art = self.article
        out = Outcome(False)
        if art is not None and art.id == article_id and self._untouched():
            out = self._apply_arrived(suggestions)
        if not out.ok:
            if self._checked.get(article_id) == taught:
                del self._checked[article_id]
            return Outcome(True)
        return out

    @_atomic
    def _apply_arrived(self, suggestions: list[dict[str, Any]]) -> Outcome:
        out = self._resuggest(suggestions)
        if out.event_id is not None:
            self._to_first_span()
        return out

    def _resuggest(self, suggestions: list[dict[str, Any]]) -> Outcome:
        # a label the set in force lacks could never be given by a key: not offered (said at start)
        fresh = {(d["start"], d["end"], d["label"]): d for d in suggestions if d["label"] in self.label_names}
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
        self._remember_back(after)
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

    # Where ``o`` takes the cursor back to after a decision moved it on: (article id, offset).
    _back: tuple[int, int] | None = None

    def _remember_back(self, after: tuple[int, int]) -> None:
        """The word after the span just decided (its start if it was rejected
        or removed): the next name of a list is most often right there."""
        span = next((x for x in self.spans if x.id == after[1]), None)
        if self.article is None:
            return
        if span is None or span.state == "rejected":
            self._back = (self.article.id, after[0])
            return
        w = self.words
        nxt = w.next_start(span.end - 1) if w is not None else None
        self._back = (self.article.id, self._clamp(span.end if nxt is None else nxt))

    @property
    def back_offset(self) -> int | None:
        """Where ``o`` goes: the word after the last span decided in this article."""
        if self._back is None or self.article is None or self._back[0] != self.article.id:
            return None
        return self._back[1]

    def go_back(self) -> Outcome:
        """``o``: back to where the last decision was (the word after its
        span), after the cursor moved on to the next undecided span."""
        to = self.back_offset
        if to is None or not self.text:
            return Outcome(False, "no decision in this article to go back to")
        return self.move_cursor(to - self.cursor)

    def _refuse_edit(self) -> Outcome | None:
        """Why a span edit cannot be made now: a done article, an open selection."""
        if self.article is not None and self.article.status == "done":
            return Outcome(False, f"refused: article {self.article.id} is done; r reopens it for editing")
        return Outcome(False, SELECTING) if self.anchor is not None else None

    @_atomic
    def accept(self) -> Outcome:
        if refused := self._refuse_edit():
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
        if refused := self._refuse_edit():
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

    def labels_lacking(self, emitted: set[str]) -> list[str]:
        """Of the labels a suggester emits, those the label set in force lacks."""
        return sorted(emitted - set(self.label_names))

    def run(self, method: str, *args: Any) -> Outcome:
        """A key's session method, by the name the action registry gives it.
        ``0`` picks the label layer for the very next label key only: any
        other key, in any pane, ends it."""
        if method not in ("set_label", "label_layer"):
            self.key_layer = 0
        return getattr(self, method)(*args)

    def label_layer(self) -> Outcome:
        """``0``: the next label key picks from labels 10-18 (again: back)."""
        extra = self.labels[LAYER:]
        if not extra:
            return Outcome(False, f"the label set has {len(self.labels)} labels: all on 1-9, no second layer")
        self.key_layer = 0 if self.key_layer else 1
        if not self.key_layer:
            return Outcome(True, "label keys: 1-9 again")
        return Outcome(True, "labels 10+: " + ", ".join(f"{k + 1} {lab.name}" for k, lab in enumerate(extra))
                       + " · 0 back")

    @_atomic
    def set_label(self, index: int) -> Outcome:
        """Key 1-9: label the selection, else relabel (and accept) the span
        (after ``0``: label ``index`` of the second layer)."""
        index, self.key_layer = index + LAYER * self.key_layer, 0
        if not 0 <= index < len(self.label_names):
            keys = ", ".join(f"{lab.key} {lab.name}" for lab in self.labels)
            return Outcome(False, f"no label on key {hot_key(index)} (labels: {keys})")
        label = self.label_names[index]
        if self.article is not None and self.article.status == "done":
            return self._refuse_edit()  # type: ignore[return-value]
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
        if self.text and self.words is None:
            return Outcome(False, WORDS_LOADING + ": v selects text to label, j/k go to a span")
        word = self.words.word_at(self.cursor) if self.text else None  # type: ignore[union-attr]
        if word is None:
            return Outcome(False, "no span or word here: v selects text to label, j/k go to a span")
        # The word may run into a span beside the cursor; only a selection the
        # reviewer made redraws spans, never a word jieba chose.
        other = self._overlapping(*word)
        if other is not None:
            return Outcome(False, f"refused: the word {self.text[word[0]:word[1]]!r} overlaps {other.label} "
                           f"{other.text!r}: v selects the text to label, ( ) < > move that span's edges")
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
        # Spans the selection overlaps are redrawn as the selection: the first
        # takes its edges and the label (accepted), the others are removed,
        # not rejected (their text may be a name elsewhere).  Selecting the
        # right text and pressing its label is how any boundary is fixed.
        hit = [s for s in self.visible if s.start < b and a < s.end]
        # Several spans at once (a merge): an accepted one the selection only
        # cuts into is refused, as a slip of the selection, not a decision.
        cut = next((s for s in hit if len(hit) > 1 and s.state == "accepted" and not (a <= s.start and s.end <= b)), None)
        if cut is not None:
            return Outcome(False, f"refused: the selection cuts into accepted {cut.label} {cut.text!r} "
                           "(select all of it to merge it in, or less to leave it)")
        new = {"start": a, "end": b, "label": label, "state": "accepted"}
        if hit:
            first = _span_dict(hit[0])
            changes = [(first, {**first, **new}), *((_span_dict(s), None) for s in hit[1:])]
        else:
            changes = [(None, {**new, "origin": "manual"})]
        out = self._record("add", changes, weight=(1, 0))
        if out.ok:
            self.anchor = None
            made = next(s for s in self.visible if s.start == a and s.end == b)
            verb = "redrew " + " + ".join(s.text for s in hit) + " as" if hit else "added"
            out.message = f"{verb} {label} {self.text[a:b]}" + self._advance(_key(made), made)
        return out

    def _overlapping(self, a: int, b: int, ignore: int | None = None) -> Span | None:
        return next((s for s in self.visible if s.id != ignore and s.start < b and a < s.end), None)

    @_atomic
    def accept_all(self) -> Outcome:
        if refused := self._refuse_edit():
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
        if w is None:
            return start, end
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
        if self.words is None:
            return Outcome(False, WORDS_LOADING + ": [ ] { } move edges by a character")
        return self._resize_to(lambda a, b: self.word_resized(a, b, edge, step))

    def _resize_to(self, where: Callable[[int, int], tuple[int, int]]) -> Outcome:
        if refused := self._refuse_edit():
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
        if refused := self._refuse_edit():
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
        if refused := self._refuse_edit():
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
        if refused := self._refuse_edit():
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
        return self._step_event(forward=False)

    @_atomic
    def redo(self) -> Outcome:
        """Do again the action undone last (as a new ``redo`` event)."""
        if not self.redo_stack:
            return Outcome(False, "nothing to redo")
        return self._step_event(forward=True)

    def _step_event(self, forward: bool) -> Outcome:
        # Undo and redo are one move through an event, from its after to its
        # before or back: the same spans, status and meta, read the other way.
        came, goes = (self.redo_stack, self.undo_stack) if forward else (self.undo_stack, self.redo_stack)
        eid = came[-1]
        ev = self.store.event(eid)
        assert ev is not None
        self._open_event_article(ev)
        old, new = ("before", "after") if forward else ("after", "before")
        changes = list(zip(ev[old]["spans"], ev[new]["spans"]))
        status = (ev[old]["status"], ev[new]["status"]) if ev["before"]["status"] is not None else None
        meta = (ev[old]["meta"], ev[new]["meta"]) if "meta" in ev["before"] else None
        out = self._record("redo" if forward else "undo", changes, status, ref_event=eid, track=False, meta=meta)
        if out.ok:
            came.pop()
            goes.append(eid)
            self._count(self._weights.get(eid, (0, 0)), +1 if forward else -1)
            self._focus_event_spans(ev[new]["spans"], ev[old]["spans"])
            out.message = f"{'redid' if forward else 'undid'} {ev['action']}"
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
            return Outcome(False, f"refused: article {aid} is done; r reopens it, n/p move on")
        if self.article.status == "skipped":
            return self.next_todo(message=f"article {aid} was already skipped")
        out = self._record("skip", [], (self.article.status, "skipped"))
        if out.ok:
            return self.next_todo(message=f"article {aid} skipped")
        return out

    @_atomic
    def reopen(self) -> Outcome:
        """``r``: a done article is in progress again, so its spans can be edited."""
        if self.article is None:
            return Outcome(False, "no article")
        if self.article.status != "done":
            return Outcome(False, f"article {self.article.id} is not done: nothing to reopen")
        out = self._record("reopen", [], ("done", "in_progress"))
        if out.ok:
            out.message = f"article {self.article.id} reopened: edit it, d marks it done again"
        return out

    @property
    def unsure(self) -> bool:
        return bool(self.article and self.article.meta.get(UNSURE))

    @property
    def note(self) -> str:
        return str(self.article.meta.get(NOTE) or "") if self.article else ""

    @_atomic
    def toggle_unsure(self) -> Outcome:
        """``!``: flag the article as unsure (again: clear the flag); allowed on a
        done article, whose spans it leaves alone."""
        if self.article is None:
            return Outcome(False, "no article")
        now = self.unsure
        out = self._record("flag", [], meta=({UNSURE: now}, {UNSURE: not now}))
        if out.ok:
            out.message = (f"article {self.article.id} flagged unsure" if not now
                           else f"article {self.article.id}: unsure flag cleared")
        return out

    @_atomic
    def set_note(self, text: str) -> Outcome:
        """``c``: the article's note (an empty text clears it)."""
        if self.article is None:
            return Outcome(False, "no article")
        text, old = " ".join(text.split()), self.note  # one line: it is shown in the list and the title
        if text == old:
            return Outcome(True, "note unchanged")
        out = self._record("note", [], meta=({NOTE: old}, {NOTE: text}))
        if out.ok:
            out.message = f"note on article {self.article.id}: {text}" if text else "note cleared"
        return out

    def next_todo(self, message: str = "") -> Outcome:
        """Open the next article to review (todo or in progress), wrapping."""
        assert self.article is not None
        nxt = self.store.next_todo(self.article.id, layer=self.layer)
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
        except KeyError:
            return Outcome(False, f"no article {article_id} (articles are numbered as the list shows)")
        return Outcome(True, f"opened article {article_id}")

    def open_number(self, number: str) -> Outcome:
        """``g``: open the article with the number the list shows."""
        number = number.strip().lstrip("#")
        if not number.isdigit():
            return Outcome(False, f"not an article number: {number!r}")
        return self.open_article(int(number))

    def search_corpus(self, text: str) -> list[SearchHit]:
        """Every hit of ``text`` in the corpus, Simplified and Traditional
        alike (called from a worker thread: the search has its own connection)."""
        from zs_tui.suggest.simplify import to_simplified

        return self.store.search_hits(text, fold=to_simplified)

    def open_at_match(self, article_id: int, offset: int, query: str) -> Outcome:
        """Open an article at a corpus search's hit, the match as a find leaves it."""
        opened = self.open_article(article_id)
        if not opened.ok:
            return opened
        self.last_find = query.strip()
        n = len(self.last_find)
        if not (0 <= offset and offset + n <= len(self.text)):  # the hit's article changed meanwhile
            return Outcome(True, opened.message)
        return self._at_match(offset, n, f"in article {article_id}")

    def step_article(self, step: int, status: str | None = None) -> Outcome:
        """``n``/``p``: the next or previous article (of ``status``, by default
        the list's filter)."""
        status = status or self.list_filter
        if self.article is None:
            return Outcome(False, "no article")
        nxt = self.store.neighbour_article(self.article.id, step, status, layer=self.layer, corpus=True)
        if nxt is None:
            which = f"{status.replace('_', ' ')} " if status else ""
            return Outcome(False, f"no {which}article {'after' if step > 0 else 'before'} this one")
        try:
            self.open(nxt)
        except StoreBusy:
            return Outcome(False, BUSY)
        return Outcome(True)

    def counts(self) -> dict[str, int]:
        """Articles per status and ``total``, the corpus's progress as this
        annotator sees it (the "x/y done" of the status bar): their own layer
        where they have one, else the article as the others left it, so that
        an article another annotator finished counts as done (it left the
        queue: see ``Store.next_for``).  Counted once, then kept up to
        date by this session's own status changes (a count over 100,000
        articles costs milliseconds, too much for every key); ``recount``
        catches up with other programs."""
        if self._counts is None:
            self.recount()
        assert self._counts is not None
        return {**self._counts, "total": sum(self._counts.values())}

    def list_row(self) -> ArticleRow | None:
        """The open article's row of the article list, from what the session
        holds (its own layer: the list shows it too), with no read."""
        art = self.article
        if art is None:
            return None
        states = [s.state for s in self.spans]
        return ArticleRow(id=art.id, title=art.title, status=art.status, script=art.script,
                          n_spans=len(states) - states.count("rejected"), n_pending=states.count("pending"),
                          n_accepted=states.count("accepted"), unsure=self.unsure, note=self.note)

    def count(self, status: str | None = None) -> int:
        """Articles of a status (all articles for None), from the kept counts."""
        c = self.counts()
        return c["total"] if status is None else c.get(status, 0)

    def recount(self) -> None:
        self._counts = self.store.count_by_status(layer=self.layer, corpus=True)
