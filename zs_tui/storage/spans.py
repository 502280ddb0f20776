"""Spans and the suggestions they came from: reads, checks and the writes of suggesting.

The helpers below write inside the caller's transaction; the other store
modules (adding an article, recording a review event) use them too, so that a
span is checked and inserted in one place.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields
from typing import Any

from .base import FlatnessError, StoreBase, insert_row, named, one
from .layers import seen_layer
from .schema import columns, now


@dataclass
class Span:
    id: int | None
    start: int
    end: int
    label: str
    text: str
    origin: str = "manual"
    state: str = "accepted"
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SPAN_FIELDS = tuple(f.name for f in fields(Span))  # of spans: what Span holds, in its order


def insert_suggestions(
    conn: sqlite3.Connection, aid: int, suggestions: list[dict[str, Any]], version: str, ts: str, clean: str,
    decided: list[Span], layers: dict[str, list[Span]] | None = None,
) -> int:
    """Store suggestions (shared by every layer) and make pending spans of them,
    in each layer (``layers``: name -> its decided spans; by default the
    unnamed layer with ``decided``), of those that neither overlap a decided
    span nor repeat a rejected one there; returns the spans added."""
    ids = [insert_row(conn, "suggestions", {
        "article_id": aid, "start": s["start"], "end": s["end"], "label": s["label"],
        "text": clean[s["start"] : s["end"]], "source": s.get("source", ""), "suggester_version": version,
    }) for s in suggestions]
    added: dict[str, int] = {}
    for layer, spans in (layers if layers is not None else {"": decided}).items():
        added[layer] = 0
        taken = [(s.start, s.end) for s in spans if s.state != "rejected"]
        refused = {(s.start, s.end, s.label) for s in spans if s.state == "rejected"}
        for s, sugg_id in zip(suggestions, ids):
            if (s["start"], s["end"], s["label"]) in refused or any(a < s["end"] and s["start"] < b for a, b in taken):
                continue
            origin = "learned" if s.get("source") == "learned" else "suggested"
            insert_span(conn, aid, s, origin=origin, state="pending", ts=ts, n_chars=len(clean), clean=clean,
                        suggestion_id=sugg_id, layer=layer)
            taken.append((s["start"], s["end"]))
            added[layer] += 1
    if version:
        meta = json.loads(conn.execute("SELECT meta FROM articles WHERE id=?", (aid,)).fetchone()[0] or "{}")
        if meta.get("suggester_version") != version:
            meta["suggester_version"] = version
            conn.execute("UPDATE articles SET meta=? WHERE id=?", (json.dumps(meta, ensure_ascii=False), aid))
    # what a reviewer will see added: in the annotators' layers, else in the import's
    return sum(n for name, n in added.items() if name) or added.get("", 0)


def insert_span(
    conn: sqlite3.Connection, aid: int, s: dict[str, Any], origin: str, state: str, ts: str, n_chars: int, clean: str,
    suggestion_id: int | None = None, span_id: int | None = None, layer: str = "",
) -> int:
    start, end = int(s["start"]), int(s["end"])
    if not 0 <= start < end <= n_chars:
        raise FlatnessError(f"span [{start}, {end}) is outside the text (0..{n_chars})")
    return insert_row(conn, "spans", {
        "id": span_id, "article_id": aid, "start": start, "end": end, "label": s["label"],
        "text": clean[start:end], "origin": origin, "state": state, "source": s.get("source", ""),
        "suggestion_id": suggestion_id, "updated_at": ts, "layer": layer,
    })


def check_flat(conn: sqlite3.Connection, aid: int) -> None:
    """FlatnessError if two spans of one layer of the article (rejected ones aside) overlap.

    One pass over the article's spans in layer and text order, read through
    the ``spans_layer`` index: a span overlaps another of its layer iff it
    starts before the furthest end seen so far in that layer (a self-join
    compared every pair, per key)."""
    reach: tuple[int, int] | None = None  # the span of the layer reaching furthest so far
    layer_seen = None
    for layer, start, end in conn.execute(
        'SELECT layer, start, "end" FROM spans WHERE article_id=? AND state!=\'rejected\' ORDER BY layer, start', (aid,)
    ):
        if layer != layer_seen:
            reach, layer_seen = None, layer
        if reach is not None and start < reach[1]:
            a, b = sorted((reach, (start, end)))
            raise FlatnessError(f"spans [{a[0]}, {a[1]}) and [{b[0]}, {b[1]}) would overlap")
        if reach is None or end > reach[1]:
            reach = (start, end)


def check_flat_around(conn: sqlite3.Connection, aid: int, layer: str, changed: list[tuple[int, int, int]]) -> None:
    """FlatnessError if one of the ``changed`` spans (id, start, end; rejected
    ones left out) overlaps another live span of the layer: the spans starting
    inside it, and the furthest end among those starting before it, read
    through the ``spans_layer`` index (the whole article was read on every
    key).  Exact for every pair that holds a changed span, whatever the rest
    of the layer is: an overlap already stored elsewhere does not block the
    article's other edits."""
    inside = ('SELECT start, "end" FROM spans WHERE article_id=? AND layer=? AND start>=? AND start<? AND id!=?'
              " AND state!='rejected' ORDER BY start LIMIT 1")
    before = ('SELECT start, "end" FROM spans WHERE article_id=? AND layer=? AND start<? AND id!=?'
              """ AND state!='rejected' ORDER BY "end" DESC LIMIT 1""")
    for sid, start, end in changed:
        other = conn.execute(inside, (aid, layer, start, end, sid)).fetchone()
        if other is None:
            prev = conn.execute(before, (aid, layer, start, sid)).fetchone()
            other = prev if prev is not None and prev[1] > start else None
        if other is not None:
            a, b = sorted(((start, end), tuple(other)))
            raise FlatnessError(f"spans [{a[0]}, {a[1]}) and [{b[0]}, {b[1]}) would overlap")


def span_row(conn: sqlite3.Connection, span_id: int, public: bool = False) -> dict[str, Any] | None:
    d = one(conn.execute(
        f"SELECT {columns('spans', *SPAN_FIELDS, 'article_id', 'layer')} FROM spans WHERE id=?", (span_id,)))
    if d is None:
        return None
    if public:
        d.pop("article_id")
        d.pop("layer")
    return d


class SpansMixin(StoreBase):
    """Reading an article's spans and suggestions, swapping suggestions, what reviewers taught."""

    def spans(self, article_id: int, include_rejected: bool = True, layer: str | None = None) -> list[Span]:
        """The spans of the layer ``layer`` sees of the article (see layers.py:
        their own, else the unnamed one; None: the article's single view)."""
        sql = f"SELECT {columns('spans', *SPAN_FIELDS)} FROM spans WHERE article_id=:id AND layer=:seen"
        if not include_rejected:
            sql += " AND state != 'rejected'"
        seen = seen_layer(self.conn, article_id, layer)
        # by position: the columns are SPAN_FIELDS, Span's fields in order (a dict a row was half the read)
        return [Span(*r) for r in self.conn.execute(sql + " ORDER BY start, id", {"id": article_id, "seen": seen})]

    def suggestions(self, article_id: int) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            f"SELECT {columns('suggestions', 'start', 'end', 'label', 'text', 'source', 'suggester_version')}"
            " FROM suggestions WHERE article_id=? ORDER BY start",
            (article_id,),
        )
        return list(named(cur))

    def suggestion_versions(self) -> dict[str, int]:
        """Articles per suggester version ('' for articles with no suggestion row)."""
        out: dict[str, int] = {}
        for v, n in self.conn.execute(
            "SELECT coalesce((SELECT suggester_version FROM suggestions s WHERE s.article_id=a.id LIMIT 1), ''), count(*)"
            " FROM articles a GROUP BY 1"
        ):
            out[v] = n
        return out

    def articles_needing_suggestions(self, version: str) -> list[int]:
        """Articles whose suggestions were made by another suggester version.

        The version is kept per article in meta key ``suggester_version`` so
        that an article with no suggestion at all is not stale forever.
        """
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE coalesce(json_extract(meta, '$.suggester_version'), '') != ?"
                " AND status != 'done' ORDER BY id",
                (version,),
            )
        ]

    def replace_suggestions(self, article_id: int, suggestions: list[dict[str, Any]], version: str) -> int:
        """Swap an article's suggestions for new ones (``resuggest``).

        Spans a reviewer decided (accepted, rejected or manual) stay; only
        undecided suggested spans are replaced, and a new suggestion that
        overlaps a decided span is dropped.  Returns pending spans added.
        """
        with self.transaction():
            art = one(self.conn.execute("SELECT clean, meta FROM articles WHERE id=?", (article_id,)))
            if art is None:
                raise KeyError(f"no article {article_id}")
            ts = now()
            # every layer not done gets the new suggestions; a done one has no pending span to replace
            names = ["", *(r[0] for r in self.conn.execute(
                "SELECT annotator FROM layers WHERE article_id=? AND status!='done' ORDER BY annotator", (article_id,)))]
            self.conn.execute("DELETE FROM spans WHERE article_id=? AND state='pending'", (article_id,))
            self.conn.execute("DELETE FROM suggestions WHERE article_id=?", (article_id,))
            # suggested now: the background (schema 0006) must not add a second set
            self.conn.execute("DELETE FROM suggest_queue WHERE article_id=?", (article_id,))
            layers = {name: [Span(**r) for r in named(self.conn.execute(
                f"SELECT {columns('spans', *SPAN_FIELDS)} FROM spans WHERE article_id=? AND layer=?", (article_id, name)))]
                for name in names}
            n = insert_suggestions(self.conn, article_id, suggestions, version, ts, art["clean"], decided=[], layers=layers)
            meta = json.loads(art["meta"] or "{}")
            meta["suggester_version"] = version
            self.conn.execute("UPDATE articles SET meta=? WHERE id=?", (json.dumps(meta, ensure_ascii=False), article_id))
            check_flat(self.conn, article_id)
            return n

    def decided_texts(self) -> tuple[dict[tuple[str, str], int], set[tuple[str, str]]]:
        """What reviewers taught: accepted (text, label) counts, rejected pairs.

        A pair that was later accepted somewhere is not counted as rejected.
        Every annotator's layer counts; the unnamed layer only where no
        annotator has one (elsewhere it is a copy of what they started from).
        """
        accepted: dict[tuple[str, str], int] = {}
        rejected: set[tuple[str, str]] = set()
        for text, label, state, n in self.conn.execute(
            "SELECT text, label, state, count(*) FROM spans s WHERE state IN ('accepted','rejected')"
            " AND (layer != '' OR NOT EXISTS (SELECT 1 FROM layers l WHERE l.article_id=s.article_id))"
            " GROUP BY text, label, state"
        ):
            if state == "accepted":
                accepted[(text, label)] = n
            else:
                rejected.add((text, label))
        return accepted, rejected - set(accepted)
