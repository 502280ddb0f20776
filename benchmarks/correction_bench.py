"""Keys it takes to turn the suggestions into the gold, with the app's real bindings.

    .venv/bin/python benchmarks/correction_bench.py GOLD ARTICLES...
    .venv/bin/python benchmarks/correction_bench.py /work/shared/gold/web.jsonl /work/shared/web/*.txt
    .venv/bin/python benchmarks/correction_bench.py --char-keys GOLD ARTICLES...   # the keys of before

Imports ARTICLES into a scratch database with the suggester (as
``zs-tui import`` does), then drives the real review app (``App.run_test``
and the Pilot, no learner) article by article: for each group of
overlapping suggestions and gold spans, in text order, it works out from
the live session the fewest keys of the shipped bindings (``zs_tui.review.actions``)
that do the correction (a breadth-first search over the cursor keys and the
edge keys; `t` and the hint the app draws as a first move; an edge or merge
fix either by edge and merge keys or by selecting the gold text and pressing
its label, whichever is fewer; `m` after an add when every occurrence it
marks is gold), presses them, and goes on from where the app left the cursor;
``d`` closes each article.  The database must end equal to the gold
(accepted spans, start, end and label): what is printed was replayed
through the app, not estimated.

Kinds of correction: ``reject`` (a suggestion the gold lacks), ``relabel``
(right edges, wrong label), ``edge fix`` (one suggestion, other edges,
label too if needed), ``merge`` (several suggestions, one gold span),
``split`` (one suggestion, several gold spans), ``add`` (a gold span no
suggestion touches), ``other`` (anything more tangled: rejected and added).
A right suggestion costs its accept key (and the keys to reach it) and is
no correction.

The last line reads ``keys per corrected span X.XX, per gold span Y.YY``:
keys spent on corrections per corrected span (a gold span corrected or a
suggestion rejected), and every key pressed (``d`` included) per gold span.
An add may use find: `/`, the first characters of the name (one key each:
an input method's extra keys are not counted, so this favours find), `enter`
(the match is selected), the keys that grow it, the label key;
``--no-find`` plans adds without it, ``--no-jump`` without `t`.  ``BENCH_DEBUG=1`` prints each
correction and its keys on stderr.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zs_tui import cli  # noqa: E402
from zs_tui.evaluate.metrics import carry, char_map, name_of  # noqa: E402
from zs_tui.review.session import ReviewSession  # noqa: E402
from zs_tui.review.words import hints, in_phrase, phrase_at, phrase_end, phrase_start  # noqa: E402
from zs_tui.sessions.testing.key_plan import KEYS  # noqa: E402
from zs_tui.storage import Span, Store  # noqa: E402
from zs_tui.ui.app import ReviewApp  # noqa: E402
from zs_tui.ui.article_view import ArticleView  # noqa: E402

Gold = tuple[int, int, str]  # start, end, label

CURSOR_MOVES = ["cursor_left", "cursor_right", "cursor_left_10", "cursor_right_10",
                "word_next", "word_prev", "word_end", "word_end_prev", "phrase_end", "phrase_start", "back"]
SPAN_MOVES = ["next_span", "prev_span"]
EDGE_MOVES = ["start_left", "start_right", "end_left", "end_right",
              "start_word_left", "start_word_right", "end_word_left", "end_word_right"]
# --char-keys: only the keys the app had before word-wise editing (characters,
# ten characters, edges by a character; no word keys, V, merge or split).
OLD_CURSOR_MOVES = CURSOR_MOVES[:4]
OLD_EDGE_MOVES = EDGE_MOVES[:4]
CHAR_ONLY = False
USE_FIND = True  # --no-find: adds without `/` (the keys of before find)
USE_JUMP = True  # --no-jump: no `t` (the keys of before jump hints)
DEBUG = bool(__import__("os").environ.get("BENCH_DEBUG"))
KINDS = ("reject", "relabel", "edge fix", "merge", "split", "add", "other")


# -- what the keys do, read from the live session ------------------------------
class Moves:
    """Where each cursor or span key takes the text cursor, as the app moves
    it (the span under the cursor becomes current; j/k land on a span's start)."""

    def __init__(self, s: ReviewSession) -> None:
        from zs_tui.review.actions import BY_ID

        self.s, self.n, self.words = s, len(s.text), s.words
        self.vis = s.visible
        self.under = [-1] * (self.n + 1)
        for k, x in enumerate(self.vis):
            for i in range(x.start, min(x.end, self.n)):
                self.under[i] = k
        self.args = {m: BY_ID[m] for m in CURSOR_MOVES + SPAN_MOVES}

    def after(self, offset: int, move: str) -> int:
        a = self.args[move]
        if a.method == "move_cursor":
            return max(0, min(offset + a.args[0], self.n - 1))
        if a.method == "move_word":
            edge, step = a.args
            w = self.words
            if edge == "start":
                to = w.next_start(offset) if step > 0 else w.prev_start(offset)
            else:
                end = w.next_end(offset + 1) if step > 0 else w.prev_end(offset + 1)
                to = None if end is None else end - 1
            return offset if to is None else to
        if a.method == "go_back":  # a place the session remembers, wherever the cursor is
            to = self.s.back_offset
            return offset if to is None else to
        if a.method == "move_phrase":
            to = (phrase_end if a.args[0] > 0 else phrase_start)(self.s.text, offset)
            return offset if to is None else to
        vis = self.vis
        if not vis:
            return offset
        under = self.under[offset]
        if under >= 0:
            k = under + a.args[0]
            return vis[k].start if 0 <= k < len(vis) else offset
        if a.args[0] > 0:
            return next((x for x in vis if x.start >= offset), vis[-1]).start
        return next((x for x in reversed(vis) if x.end <= offset), vis[0]).start


def search(start, done: Callable, steps: Callable, limit: int = 40) -> list[str] | None:
    """Breadth-first: the fewest moves from ``start`` to a state ``done`` accepts."""
    seen = {start: []}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        path = seen[here]
        if done(here):
            return path
        if len(path) >= limit:
            continue
        for move, there in steps(here):
            if there not in seen:
                seen[there] = path + [move]
                queue.append(there)
    return None


# The offsets the text pane draws now (set by run): `t` puts hints on the word starts among them.
IN_VIEW: Callable[[], tuple[int, int]] | None = None


def jumps(s: ReviewSession) -> list[tuple[int, list[str]]]:
    """Where `t` and a hint take the cursor from here, and the keys: the
    app's own hints (``words.hints``) on the word starts the pane draws."""
    if CHAR_ONLY or not USE_JUMP or IN_VIEW is None or s.words is None:
        return []
    lo, hi = IN_VIEW()
    targets = [t for t in s.words.starts if lo <= t < hi and t != s.cursor]
    return [(o, ["jump", *(f"type:{ch}" for ch in h)]) for h, o in hints(targets, s.cursor).items()]


def cursor_keys(s: ReviewSession, done: Callable[[int], bool], spans: bool = True) -> list[str]:
    """The fewest keys that put the cursor where ``done`` says: cursor and
    span keys, or `t` and a hint first (the view does not scroll before it)."""
    moves = (OLD_CURSOR_MOVES if CHAR_ONLY else CURSOR_MOVES) + (SPAN_MOVES if spans else [])
    where = Moves(s)

    def steps(c: int):
        return [(m, where.after(c, m)) for m in moves]

    best = search(s.cursor, done, steps)
    for there, keys in jumps(s):
        if best is not None and len(keys) >= len(best):
            continue
        rest = search(there, done, steps, limit=len(best) - len(keys) - 1 if best is not None else 40)
        if rest is not None and (best is None or len(keys) + len(rest) < len(best)):
            best = keys + rest
    if best is None:
        raise RuntimeError(f"no cursor keys reach the target from {s.cursor}")
    return best


def edge_keys(s: ReviewSession, span: Span, a: int, b: int) -> list[str]:
    """The fewest edge keys that take ``span`` to ``[a, b)``, never through a
    refused state (overlap, line break, empty)."""
    from zs_tui.review.actions import BY_ID

    text = s.text
    others = [(x.start, x.end) for x in s.visible if x.id != span.id]

    def ok(p: tuple[int, int]) -> bool:
        x, y = p
        return 0 <= x < y <= len(text) and "\n" not in text[x:y] and not any(o < y and x < e for o, e in others)

    def steps(p: tuple[int, int]):
        for m in OLD_EDGE_MOVES if CHAR_ONLY else EDGE_MOVES:
            act = BY_ID[m]
            where = s.resized if act.method == "resize" else s.word_resized
            q = where(*p, *act.args)
            if q != p and ok(q):
                yield m, q

    path = search((span.start, span.end), lambda p: p == (a, b), steps, limit=30)
    if path is None:
        raise RuntimeError(f"no edge keys take {span.text!r} to {text[a:b]!r}")
    return path


# -- one correction at a time -------------------------------------------------------
@dataclass
class Tally:
    keys: Counter = field(default_factory=Counter)  # kind -> keys
    fixes: Counter = field(default_factory=Counter)  # kind -> corrected spans
    total_keys: int = 0
    gold_spans: int = 0
    failures: list[str] = field(default_factory=list)


class Corrector:
    def __init__(self, app: ReviewApp, pilot, tally: Tally) -> None:  # noqa: ANN001
        self.app, self.pilot, self.tally = app, pilot, tally
        self.pressed = 0
        self.log: list[str] = []
        self.gold: set[Gold] = set()  # the open article's

    @property
    def s(self) -> ReviewSession:
        return self.app.session

    async def press(self, *ids: str) -> None:
        """Press action ids; ``"type:X"`` types the character X into a prompt
        (one key per character, as if each came from the keyboard at once:
        an input method's extra keys are not counted)."""
        for i in ids:
            key = i[5:] if i.startswith("type:") else KEYS[i]
            await self.pilot.press(key)
            self.pressed += 1
            self.log.append(key)

    def label_key(self, label: str) -> str:
        return f"label_{self.s.label_names.index(label) + 1}"

    def live(self, a: int, b: int) -> list[Span]:
        return [x for x in self.s.visible if x.start < b and a < x.end]

    async def go_into(self, span: Span) -> None:
        if not (span.start <= self.s.cursor < span.end and self.s.anchor is None):
            await self.press(*cursor_keys(self.s, lambda c: span.start <= c < span.end))

    async def cursor_to(self, offset: int, spans: bool = True) -> None:
        await self.press(*cursor_keys(self.s, lambda c: c == offset, spans))

    def go_into_keys(self, span: Span) -> list[str]:
        if span.start <= self.s.cursor < span.end and self.s.anchor is None:
            return []
        return cursor_keys(self.s, lambda c: span.start <= c < span.end)

    async def fit(self, span: Span, g: Gold) -> None:
        """Edges of ``span`` to the gold span's, then its label (accepted); or
        the gold text selected and labelled (which redraws the span), if fewer keys."""
        a, b, label = g
        if (span.start, span.end, span.label, span.state) == (a, b, label, "accepted"):
            return  # already right (a piece a split or m left as the gold has it)
        nav = self.go_into_keys(span)
        here = self.s.cursor
        if nav:
            self.s.cursor = span.start  # plan the edge keys from where go_into leaves the cursor
        edges = edge_keys(self.s, span, a, b)
        self.s.cursor = here
        label_too = span.label != label or span.state != "accepted"
        by_edges = nav + edges + ([self.label_key(label)] if label_too else [])
        selected = self.select_plan(a, b) if not CHAR_ONLY else None
        if selected is not None and len(selected) + 1 < len(by_edges):
            await self.press(*selected, self.label_key(label))
            return
        await self.go_into(span)
        await self.press(*edge_keys(self.s, span, a, b))
        now = next(x for x in self.s.visible if x.start == a and x.end == b)
        if now.label != label or now.state != "accepted":
            await self.go_into(now)
            await self.press(self.label_key(label))

    def select_plan(self, a: int, b: int, bare_word: bool = False) -> list[str] | None:
        """The fewest keys that select ``[a, b)`` from the cursor (v from
        either end, V on the first word and grow it, find), the label key not
        included; ``bare_word``: the cursor on the word alone, if it is ``[a, b)``
        (a label key there adds it: only outside any span)."""
        s = self.s
        plans = []
        word = s.words.word_at(a)
        if bare_word and word == (a, b) and not CHAR_ONLY:
            plans.append(cursor_keys(s, lambda c: a <= c < b))
        for frm, to in ((a, b - 1), (b - 1, a)):
            here = s.cursor
            nav = cursor_keys(s, lambda c, f=frm: c == f)
            s.cursor = frm  # plan the selection from there (put back below)
            plans.append(nav + ["select"] + cursor_keys(s, lambda c, t=to: c == t, spans=False))
            s.cursor = here
        if word is not None and word[0] == a and word[1] <= b and not CHAR_ONLY:  # V selects the first word, then grow it
            here = s.cursor
            nav = cursor_keys(s, lambda c: word[0] <= c < word[1])
            s.cursor = word[1] - 1
            plans.append(nav + ["select_word"] + cursor_keys(s, lambda c: c == b - 1, spans=False))
            s.cursor = here
        for k in range(a, b) if not CHAR_ONLY else ():  # P selects a phrase that starts the span, then shrink or grow it
            if not in_phrase(s.text[k]):
                continue
            pa, pb = phrase_at(s.text, k)
            if pa == a:
                here = s.cursor
                nav = cursor_keys(s, lambda c, pa=pa, pb=pb: pa <= c < pb)
                s.cursor = pb - 1
                plans.append(nav + ["select_phrase"] + cursor_keys(s, lambda c: c == b - 1, spans=False))
                s.cursor = here
            break
        if USE_FIND and not CHAR_ONLY and (found := self.find_plan(a, b)):
            plans.append(found)
        return min(plans, key=len, default=None)

    async def add(self, g: Gold) -> None:
        a, b, label = g
        keys = self.select_plan(a, b, bare_word=not self.live(a, b))
        assert keys is not None
        await self.press(*keys, self.label_key(label))
        await self.mark_all_if_gold(a, b, label)

    async def mark_all_if_gold(self, a: int, b: int, label: str) -> None:
        """`m` on the span just added, when every occurrence it would give the
        label is gold (free text, or a suggestion on exactly that text) and
        there are at least two, or one and `m` costs no more than adding it."""
        s, text = self.s, self.s.text[a:b]
        vis = s.visible
        touched = []
        i = s.text.find(text)
        while i >= 0:
            j = i + len(text)
            same = next((x for x in vis if (x.start, x.end) == (i, j)), None)
            if (i, j) != (a, b) and (same is not None and same.state == "pending"
                                     or same is None and not any(x.start < j and i < x.end for x in vis)):
                touched.append((i, j, label))
            i = s.text.find(text, i + 1)
        if not touched or any(t not in self.gold for t in touched):
            return
        made = next(x for x in s.visible if (x.start, x.end) == (a, b))
        keys = self.go_into_keys(made) + ["mark_all"]
        if len(touched) >= 2 or len(keys) <= 2:
            await self.press(*keys)

    def find_plan(self, a: int, b: int) -> list[str] | None:
        """`/`, the fewest first characters of the span whose next match after
        the cursor is the span's start, `enter` (the match is selected), then
        cursor keys that grow the selection to the span's end."""
        from zs_tui.review.words import matches

        text, here = self.s.text, self.s.cursor
        for k in range(1, b - a + 1):
            hits = matches(text, text[a:a + k])
            nxt = next((i for i in hits if i > here), hits[0] if hits else None)
            if nxt == a:
                here_was = self.s.cursor
                self.s.cursor = a + k - 1  # plan the growth from where the find leaves the cursor
                grow = cursor_keys(self.s, lambda c: c == b - 1, spans=False)
                self.s.cursor = here_was
                return ["find", *(f"type:{ch}" for ch in text[a:a + k]), "type:enter", *grow]
        return None

    async def cluster(self, sugg: list[Span], gold: list[Gold]) -> str:
        """Make one group of overlapping suggestions and gold spans right; its kind."""
        if len(sugg) == 1 and len(gold) == 1 and (sugg[0].start, sugg[0].end) == gold[0][:2]:
            kind = "" if sugg[0].label == gold[0][2] else "relabel"
            await self.go_into(sugg[0])
            await self.press("accept" if not kind else self.label_key(gold[0][2]))
            return kind
        if not gold:
            for x in sugg:
                await self.go_into(x)
                await self.press("reject")
            return "reject"
        if not sugg:
            await self.add(gold[0])
            return "add"
        if len(gold) == 1 and len(sugg) == 1:
            await self.fit(sugg[0], gold[0])
            return "edge fix"
        if CHAR_ONLY and (len(gold) == 1 or len(sugg) == 1):  # no merge or split key: keep one, fit it
            keep = max(sugg, key=lambda x: max(min(x.end, g[1]) - max(x.start, g[0]) for g in gold))
            for x in sugg:
                if x is not keep:
                    await self.go_into(x)
                    await self.press("reject")
            await self.reconcile(gold)
            return "merge" if len(gold) == 1 else "split"
        if len(gold) == 1 and all(gold[0][0] <= x.start and x.end <= gold[0][1] for x in sugg[1:-1]):
            a, b, label = gold[0]
            last, first = sugg[-1], sugg[0]
            # The gold text selected and labelled redraws the pieces as one,
            # when that is no more keys than the merge keys could take at best
            # (the keys to the nearest piece, a merge per piece, the edge keys
            # of the outer pieces, the label key if the first piece's is wrong).
            at_best = (min(len(self.go_into_keys(x)) for x in sugg) + len(sugg) - 1 + (first.label != label)
                       + (len(edge_keys(self.s, last, last.start, b)) if last.end != b else 0)
                       + (len(edge_keys(self.s, first, a, first.end)) if first.start != a else 0))
            selected = None if CHAR_ONLY else self.select_plan(a, b)
            if selected is not None and len(selected) + 1 <= at_best:
                await self.press(*selected, self.label_key(label))
                return "merge"
            if last.end != b:  # the last piece's end first: the merge takes it
                await self.fit_edges(last, last.start, b)
            if first.start != a:
                first = await self.fit_edges(first, a, first.end)
            for _ in sugg[1:]:
                await self.go_into(self.live(a, a + 1)[0])
                await self.press("merge")
            await self.fit(self.live(a, b)[0], gold[0])
            return "merge"
        if len(sugg) == 1 and all(sugg[0].start <= g[0] and g[1] <= sugg[0].end for g in gold[1:-1]):
            for g in reversed(gold[1:]):  # cut at each gold start but the first, from the right
                whole = self.live(g[0], g[0] + 1)
                piece = whole[0] if whole else None
                if piece is None or piece.start == g[0]:
                    continue
                await self.go_into(piece)
                await self.cursor_to(g[0], spans=False)
                await self.press("split")
            await self.reconcile(gold)
            return "split"
        for x in sugg:  # tangled: what the gold lacks goes, what is missing is added
            await self.go_into(x)
            await self.press("reject")
        await self.reconcile(gold)
        return "other"

    async def fit_edges(self, span: Span, a: int, b: int) -> Span:
        await self.go_into(span)
        await self.press(*edge_keys(self.s, span, a, b))
        return next(x for x in self.s.visible if x.start == a and x.end == b)

    async def reconcile(self, gold: list[Gold]) -> None:
        """Each gold span from the live span that overlaps it (else added);
        live spans the gold lacks are rejected."""
        for g in gold:
            here = self.live(g[0], g[1])
            if not here:
                await self.add(g)
            elif len(here) == 1 and not any(here[0].start < h[1] and h[0] < here[0].end for h in gold if h is not g):
                await self.fit(here[0], g)
            else:
                for x in here:
                    await self.go_into(x)
                    await self.press("reject")
                await self.add(g)


def clusters(spans: list[Span], gold: list[Gold]) -> list[tuple[list[Span], list[Gold]]]:
    """Groups of suggestions and gold spans linked by overlap, in text order."""
    items = sorted([(x.start, x.end, "s", x) for x in spans] + [(g[0], g[1], "g", g) for g in gold],
                   key=lambda t: (t[0], t[1]))
    groups: list[tuple[list[Span], list[Gold]]] = []
    end = -1
    for a, b, kind, obj in items:
        if a >= end:
            groups.append(([], []))
        groups[-1][0 if kind == "s" else 1].append(obj)
        end = max(end, b)
    return groups


async def run(store: Store, golds: dict[int, list[Gold]], tally: Tally) -> None:
    global IN_VIEW
    app = ReviewApp(store, "bench", clock=lambda: 0.0, learn=False)
    async with app.run_test(size=(120, 40)) as pilot:
        fixer = Corrector(app, pilot, tally)
        IN_VIEW = app.review_screen.query_one(ArticleView).visible_range
        for aid in sorted(golds):
            s = app.session
            if s.article is None or s.article.id != aid:
                s.open(aid)  # not a reviewer's key: d opens the next article to review
                app.review_screen.refresh_all()
            gold = golds[aid]
            fixer.gold = set(gold)
            tally.gold_spans += len(gold)
            for sugg, gs in clusters(list(s.visible), gold):
                before, fixer.log = fixer.pressed, []
                lo, hi = min(x[0] for x in [*gs, *((x.start, x.end) for x in sugg)]), \
                    max(x[1] for x in [*gs, *((x.start, x.end) for x in sugg)])
                if sugg != [x for x in s.visible if x.start < hi and lo < x.end] and gs and all(
                        (x.start, x.end, x.label, x.state) in {(*g, "accepted") for g in gs}
                        for x in fixer.live(lo, hi)) and len(fixer.live(lo, hi)) == len(gs):
                    kind = "add" if not sugg else "relabel"  # an earlier key (m) made it right: no key here
                else:
                    kind = await fixer.cluster(sugg, gs)
                if DEBUG and kind:
                    print(kind, [s.text[g[0]:g[1]] for g in gs], [x.text for x in sugg], fixer.log, file=sys.stderr)
                if kind:
                    tally.keys[kind] += fixer.pressed - before
                    tally.fixes[kind] += max(len(gs), 1) if kind != "reject" else len(sugg)
            before = fixer.pressed
            await fixer.press("done")
            got = sorted((x.start, x.end, x.label) for x in store.spans(aid) if x.state == "accepted")
            pending = [x for x in store.spans(aid) if x.state == "pending"]
            if got != sorted(gold) or pending or store.article(aid).status != "done":
                missing, extra = sorted(set(gold) - set(got)), sorted(set(got) - set(gold))
                tally.failures.append(f"article {aid}: missing {missing[:3]}, extra {extra[:3]}, "
                                      f"{len(pending)} pending, {store.article(aid).status}")
        tally.total_keys = fixer.pressed


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def match_gold(store: Store, records: Iterable[dict]) -> tuple[dict[int, list[Gold]], list[str]]:
    """Gold spans per article, paired by the basename of the source; gold
    written on an older cleaning of the text is carried onto the stored
    text through a character alignment (as ``zs-tui eval`` does)."""
    by_name = {name_of(r): r for r in records}
    out, notes = {}, []
    for aid in store.article_ids():
        art = store.article(aid)
        rec = by_name.get(Path(art.source).name)
        if rec is None:
            notes.append(f"skipped {art.source}: no gold record")
            continue
        spans = [(g["start"], g["end"], g["label"]) for g in rec["spans"]]
        if rec["text"] != art.clean:
            m = char_map(rec["text"], art.clean)
            carried = [carry(g, m) for g in rec["spans"]]
            spans = sorted({c for c in carried if c is not None})
            notes.append(f"{art.source}: gold carried onto the stored text ({len(spans)} of {len(carried)} spans)")
        out[aid] = sorted(spans)
    return out, notes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("gold", type=Path)
    p.add_argument("articles", nargs="+")
    p.add_argument("--char-keys", action="store_true",
                   help="only the keys of before word-wise editing: characters, ten characters, edges by a character")
    p.add_argument("--no-find", action="store_true", help="adds without / (find), for a before/after figure")
    p.add_argument("--no-jump", action="store_true", help="no t (jump hints), for a before/after figure")
    args = p.parse_args(argv)
    global CHAR_ONLY, USE_FIND, USE_JUMP
    CHAR_ONLY, USE_FIND, USE_JUMP = args.char_keys, not args.no_find, not args.no_jump
    with tempfile.TemporaryDirectory(prefix="zs-correction-") as tmp:
        db = Path(tmp) / "bench.db"
        if cli.main(["import", *args.articles, "--db", str(db)]):
            return 2
        with Store(db) as store:
            golds, skipped = match_gold(store, read_gold(args.gold))
            for line in skipped:
                print(line)
            if not golds:
                print("no article matches the gold", file=sys.stderr)
                return 2
            tally = Tally()
            asyncio.run(run(store, golds, tally))
    print(f"\n{len(golds)} article(s), {tally.gold_spans} gold spans, {tally.total_keys} keys in all")
    print(f"{'kind':10} {'spans':>6} {'keys':>6} {'keys/span':>10}")
    for kind in KINDS:
        if tally.fixes[kind]:
            print(f"{kind:10} {tally.fixes[kind]:6} {tally.keys[kind]:6} {tally.keys[kind] / tally.fixes[kind]:10.2f}")
    for f in tally.failures:
        print(f"NOT GOLD after the keys: {f}")
    fixed = sum(tally.fixes.values())
    per_fix = sum(tally.keys.values()) / fixed if fixed else 0.0
    print(f"keys per corrected span {per_fix:.2f}, per gold span {tally.total_keys / max(tally.gold_spans, 1):.2f}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
