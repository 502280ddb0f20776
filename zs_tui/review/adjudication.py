"""Adjudication: the annotators' versions of an article made into one, the adjudicated layer.

No Textual and no SQL here.  An article needs adjudication when two or more
annotators finished it (done in their layers) and their accepted spans
differ; once its adjudicated layer is done it leaves the walk.

``conflicts(versions)`` splits the versions into what all of them agree on
(the same start, end and label in every one) and the disagreements: groups of
spans, of any version, that overlap each other (a label, boundary or
one-side-only difference), each with every version's spans inside it.

``AdjudicationSession`` is a ``ReviewSession`` on the layer ``adjudicated``:
every review key edits it as usual, and its events are recorded under the
adjudicator's name (the session says which layer it wrote: sessions.layer).
When it first opens an article, the spans every annotator agreed on are
taken into the adjudicated layer, accepted (one ``take`` event); the take
keys then copy one annotator's spans of the current disagreement, or of the
whole article, into it (``take`` events too, undone by ``u`` like any other).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zs_tui.labels import Label
from zs_tui.storage import Store
from zs_tui.storage.layers import ADJUDICATED

from .session import Outcome, ReviewSession, _atomic, _span_dict

# The event the take keys (and the agreed spans' pre-fill) record.
TAKE = "take"
# The source a taken span keeps: who it came from ("agreed": every annotator).
AGREED = "agreed"

Triple = tuple[int, int, str]


@dataclass(frozen=True)
class Conflict:
    """One disagreement: the text range ``[start, end)`` its spans cover, and
    each annotator's spans inside it (an empty tuple: that annotator has none)."""

    start: int
    end: int
    versions: dict[str, tuple[Triple, ...]]

    def kind(self) -> str:
        """``label``, ``boundary`` or ``only NAME`` (agreement.py's kinds)."""
        have = [n for n, sp in self.versions.items() if sp]
        if len(have) == 1:
            return f"only {have[0]}"
        bounds = {tuple((s, e) for s, e, _ in sp) for sp in self.versions.values()}
        return "label" if len(bounds) == 1 else "boundary"


def conflicts(versions: dict[str, list[Triple]]) -> tuple[list[Triple], list[Conflict]]:
    """(spans every version has, disagreements in text order)."""
    sets = [set(v) for v in versions.values()]
    agreed = sorted(set.intersection(*sets)) if sets else []
    rest = sorted({sp for v in sets for sp in v} - set(agreed))
    groups: list[list[Triple]] = []
    reach = -1
    for sp in rest:  # sorted by start: a span joins the group it overlaps
        if groups and sp[0] < reach:
            groups[-1].append(sp)
            reach = max(reach, sp[1])
        else:
            groups.append([sp])
            reach = sp[1]
    out = []
    for g in groups:
        a, b = min(s for s, _, _ in g), max(e for _, e, _ in g)
        out.append(Conflict(a, b, {name: tuple(sorted(x for x in v if a <= x[0] and x[1] <= b))
                                   for name, v in versions.items()}))
    return agreed, out


@dataclass
class Disagreement:
    """An article of the walk: its id, the annotators' versions (done
    layers, accepted spans) and the adjudicated layer's status (None: not begun)."""

    article_id: int
    versions: dict[str, list[Triple]]
    status: str | None


def disagreements(store: Store, include_done: bool = False) -> list[Disagreement]:
    """The articles to adjudicate, by id: finished by two or more annotators
    whose versions differ, and not adjudicated to done (``include_done``: those too)."""
    statuses = store.layer_statuses(ADJUDICATED)
    out = []
    for aid, versions in store.finished_versions().items():
        if len({tuple(v) for v in versions.values()}) < 2:
            continue  # they agree: nothing to resolve
        status = statuses.get(aid)
        if status == "done" and not include_done:
            continue
        out.append(Disagreement(aid, versions, status))
    return out


def awaiting(store: Store) -> int:
    """How many articles wait for adjudication (``zs-tui stats`` counts them in SQL)."""
    return store.adjudication_counts()["awaiting"]


class NothingToAdjudicate(Exception):  # noqa: N818 - not an error: there is no work
    """No article has versions that differ (or all are adjudicated)."""


class AdjudicationSession(ReviewSession):
    """A review session on the adjudicated layer that walks the disagreements."""

    def __init__(self, store: Store, adjudicator: str, labels: list[Label], session_id: str | None = None,
                 found: list[Disagreement] | None = None) -> None:
        super().__init__(store, adjudicator, labels, session_id, layer=ADJUDICATED)
        self._found: dict[int, Disagreement] = {}  # the walk's articles, done ones included
        self.versions: dict[str, list[Triple]] = {}  # the open article's annotators' versions
        self.agreed: list[Triple] = []
        self.conflicts: list[Conflict] = []
        # the open article's disagreements taken or edited (by index): d with
        # others left is refused once, so none is resolved without a look
        self.decided: set[int] = set()
        self._done_asked: int | None = None
        # The walk is read once, and again only after done, on an explicit
        # refresh, or when another connection committed since (then once, at
        # the next n/p or count): reading it scans every layer of the corpus,
        # too much for every key.  PRAGMA data_version tells (one PRAGMA).
        self._walk_version: int | None = None
        self._set_walk(found if found is not None else disagreements(self.store, include_done=True))

    @property
    def names(self) -> list[str]:
        """The annotators whose versions are shown, in pane order (A, B, ...)."""
        return list(self.versions)

    def refresh_walk(self) -> list[Disagreement]:
        """Read the walk again: articles adjudicated to done leave it (the open one stays listed)."""
        found = disagreements(self.store, include_done=True)
        self._set_walk(found)
        return found

    def _set_walk(self, found: list[Disagreement]) -> None:
        self._found = {d.article_id: d for d in found}
        self._walk_version = self.store.data_version()
        self._counts = None  # counted over the walk: again at the next look (one query)

    @property
    def walk(self) -> list[int]:
        """The articles of the walk, by id: not adjudicated to done (the open one stays listed)."""
        here = self.article.id if self.article is not None else None
        return [a for a, d in self._found.items() if d.status != "done" or a == here]

    def _fresh_walk(self) -> None:
        """The walk as kept, read again only if another connection committed since
        (another reviewer may have finished an article, or adjudicated one)."""
        if self.store.data_version() != self._walk_version:
            self.refresh_walk()

    # -- the walk -----------------------------------------------------------------
    def resume(self) -> bool:
        """Open the first article of the walk; False if there is none."""
        if not self.walk:
            return False
        self.open(self.walk[0])
        return True

    @_atomic
    def open(self, article_id: int, span_id: int | None = None, cursor: int | None = None) -> None:
        fresh = ADJUDICATED not in self.store.article_layers(article_id)
        ReviewSession.open(self, article_id, span_id, cursor)
        if article_id not in self._found:
            self.refresh_walk()
        d = self._found.get(article_id)
        self.versions = dict(d.versions) if d is not None else {}
        self.agreed, self.conflicts = conflicts(self.versions) if self.versions else ([], [])
        self._done_asked = None
        # opened before: a disagreement with a span of the layer in it was seen to then
        self.decided = set() if fresh else {i for i, k in enumerate(self.conflicts)
                                            if any(sp.start < k.end and k.start < sp.end for sp in self.spans)}
        if fresh and self.agreed:
            self._record(TAKE, [(None, self._taken(sp, AGREED)) for sp in self.agreed], track=False)
            if span_id is None and cursor is None:
                self._to_conflict(0)

    def _record(self, action: str, changes: list, *args: Any, **kwargs: Any) -> Outcome:
        out = super()._record(action, changes, *args, **kwargs)
        if out.ok and kwargs.get("track", True):  # the agreed spans' pre-fill decides nothing
            for change in changes:
                for sp in (x for x in change if x):
                    self.decided |= {i for i, k in enumerate(self.conflicts)
                                     if sp["start"] < k.end and k.start < sp["end"]}
        return out

    def done(self) -> Outcome:
        """``d``: refused once while disagreements of the article were neither
        taken nor edited (the cursor goes to the first); again: done as it is."""
        left = [i for i in range(len(self.conflicts)) if i not in self.decided]
        if left and self.article is not None and self.article.status != "done" and self._done_asked != self.article.id:
            self._done_asked = self.article.id
            self._to_conflict(left[0])
            return Outcome(False, f"{len(left)} of {len(self.conflicts)} disagreements not decided yet, cursor at "
                                  f"{self.describe_conflict()}: t/y take a version · d again: done as it is")
        return super().done()

    def _taken(self, sp: Triple, source: str) -> dict[str, Any]:
        s, e, label = sp
        return {"start": s, "end": e, "label": label, "origin": "manual", "state": "accepted", "source": source}

    def open_article(self, article_id: int) -> Outcome:
        """Open an article of the walk (``g``, find): any other has no versions
        to adjudicate, and opening it would give it an adjudicated layer."""
        if article_id not in self._found:
            self.refresh_walk()
        if article_id not in self._found:
            return Outcome(False, f"article {article_id} has no differing versions to adjudicate")
        return super().open_article(article_id)

    def next_todo(self, message: str = "") -> Outcome:
        """After done: the next article of the walk not adjudicated to done, wrapping."""
        assert self.article is not None
        here = self.article.id
        self._fresh_walk()
        if here in self._found:  # its status is this session's own doing: the walk need not be read for it
            self._found[here].status = self.article.status
            self._counts = None
        later = [a for a in self.walk if a != here and self._found[a].status != "done"]
        nxt = next((a for a in later if a > here), later[0] if later else None)
        if nxt is None:
            return Outcome(True, (message + " · " if message else "") + "no disagreement left to adjudicate")
        self.open(nxt)
        return Outcome(True, message)

    def step_article(self, step: int, status: str | None = None) -> Outcome:
        """``n``/``p``: the next or previous article of the walk."""
        if self.article is None:
            return Outcome(False, "no article")
        self._fresh_walk()
        here = self.article.id
        ids = [a for a in self.walk if (a > here if step > 0 else a < here)]
        if not ids:
            return Outcome(False, f"no article to adjudicate {'after' if step > 0 else 'before'} this one")
        self.open(ids[0] if step > 0 else ids[-1])
        return Outcome(True)

    def recount(self) -> None:
        """The walk's progress (the status bar's x/y done): the adjudicated layer's
        status of every article with differing versions, done ones included:
        the kept walk's articles, each with its status read now (one query)."""
        self._fresh_walk()
        statuses = self.store.layer_statuses(ADJUDICATED)
        counts = {"todo": 0, "in_progress": 0, "done": 0, "skipped": 0}
        for aid in self._found:
            counts[statuses.get(aid) or "todo"] += 1
        self._counts = counts

    # -- disagreements ----------------------------------------------------------
    @property
    def conflict_index(self) -> int | None:
        """The current disagreement: the one under the text cursor, else the
        next after it, else the first."""
        if not self.conflicts:
            return None
        c = self.cursor
        for i, k in enumerate(self.conflicts):
            if k.start <= c < k.end or c < k.start:
                return i
        return 0

    @property
    def current_conflict(self) -> Conflict | None:
        i = self.conflict_index
        return None if i is None else self.conflicts[i]

    def _to_conflict(self, i: int) -> None:
        k = self.conflicts[i]
        self.anchor = None
        self.cursor = self._clamp(k.start)
        under = self._span_at(self.cursor)
        self.current = under.id if under else None

    def step_conflict(self, step: int) -> Outcome:
        """``J``/``K``: the text cursor to the next / previous disagreement, wrapping."""
        if not self.conflicts:
            return Outcome(True, "the versions agree everywhere in this article")
        c, starts = self.cursor, [k.start for k in self.conflicts]
        if step > 0:
            i = next((i for i, a in enumerate(starts) if a > c), 0)
        else:
            i = next((i for i in reversed(range(len(starts))) if starts[i] < c), len(starts) - 1)
        self._to_conflict(i)
        return Outcome(True, self.describe_conflict())

    def describe_conflict(self) -> str:
        i = self.conflict_index
        if i is None:
            return "no disagreement in this article"
        k = self.conflicts[i]
        return f"disagreement {i + 1}/{len(self.conflicts)}: {k.kind()} at {k.start}-{k.end}"

    @_atomic
    def take(self, index: int, whole: bool = False) -> Outcome:
        """Take version number ``index`` (pane A = 0) for the current
        disagreement (``whole``: for the whole article) into the adjudicated layer."""
        if refused := self._refuse_edit():
            return refused
        if index >= len(self.versions):
            return Outcome(False, f"there are {len(self.versions)} versions: no version {chr(65 + index)}")
        name = self.names[index]
        if whole:
            gone = list(self.spans)
            new = self.versions[name]
            what = f"{name}'s version of the article"
        else:
            k = self.current_conflict
            if k is None:
                return Outcome(False, "the versions agree everywhere in this article: nothing to take")
            gone = [s for s in self.spans if s.start < k.end and k.start < s.end]
            new = list(k.versions[name])
            what = f"{name}'s version of {self.describe_conflict()}"
        if sorted((s.start, s.end, s.label) for s in gone if s.state != "rejected") == sorted(new) and all(
                s.state == "accepted" for s in gone):
            if not whole and self.conflict_index is not None:
                self.decided.add(self.conflict_index)
            elif whole:
                self.decided |= set(range(len(self.conflicts)))
            return Outcome(True, f"the adjudicated layer already has {what}")
        changes: list = [(_span_dict(s), None) for s in gone]
        changes += [(None, self._taken(sp, name)) for sp in new]
        i = self.conflict_index
        k_now = self.current_conflict
        out = self._record(TAKE, changes, weight=(len(new), 0))
        if out.ok:  # taking nothing (the side without spans) decides the disagreement too
            self.decided |= set(range(len(self.conflicts))) if whole else {self.conflicts.index(k_now)} if k_now else set()
            out.message = f"took {what}: {len(new)} span(s)"
            if not whole and i is not None and len(self.conflicts) > 1:
                self._to_conflict((i + 1) % len(self.conflicts))
                out.message += " · next: " + self.describe_conflict()
        return out


def start_adjudication(store: Store, adjudicator: str, labels: list[Label]) -> AdjudicationSession:
    """An adjudicator's session at the first article of the walk.

    NothingToAdjudicate (nothing written) when no article needs it."""
    found = disagreements(store, include_done=True)
    if not any(d.status != "done" for d in found):
        finished = len(store.finished_versions())
        why = (f"{finished} article(s) finished by two or more annotators, their versions agree or are adjudicated"
               if finished else "no article is finished by two or more annotators yet")
        raise NothingToAdjudicate(f"nothing to adjudicate in {store.path}: {why}")
    session = AdjudicationSession(store, adjudicator, labels, found=found)
    session.resume()
    return session


@contextmanager
def open_adjudication(db: str | Path, adjudicator: str | None = None,
                      labels: str | Path | None = None) -> Iterator[AdjudicationSession]:
    """``zs-tui adjudicate``: an adjudicator's session on ``db`` (ZsError, exit 2:
    no such database, a read-only one, a bad name or label file); ended when the
    block leaves.  NothingToAdjudicate when no article needs it (nothing written)."""
    from zs_tui.errors import ZsError
    from zs_tui.labels import load_labels
    from zs_tui.storage import StoreError, default_annotator
    from zs_tui.storage.opening import open_existing, require_writable

    from .annotator import annotator_problem

    label_set = load_labels(labels)
    name = default_annotator() if adjudicator is None else adjudicator  # an empty one is no name: refused
    if problem := annotator_problem(name):
        raise ZsError(f"--adjudicator {name!r}: {problem}; a name of printable characters, please")
    if name == ADJUDICATED:
        raise ZsError(f"--adjudicator {name!r} names the layer being made: give the adjudicator's own name")
    if not Path(db).is_file():
        raise ZsError(f"no database at {db}", "`zs-tui import PATH --db F` makes one")
    require_writable(db, "adjudication writes the adjudicated layer")
    with open_existing(db, f"no database at {db}") as store:
        try:
            session = start_adjudication(store, name, label_set)
        except StoreError as e:
            raise ZsError(f"cannot start adjudicating {db}: {e}") from e
        try:
            yield session
        finally:
            try:
                store.end_session(session.session_id)
            except StoreError:
                pass  # the events are safe; only the session's end time is missing
