"""Per-annotator layers, the assignment queue and the database's settings.

Each annotator has a layer per article: their spans (``spans.layer``) and
their status (``layers``).  The unnamed layer ``''`` is the import's (its
status is ``articles.status``).  An annotator who never opened an article
sees the unnamed layer; the first time they open or change it, its spans are
taken into their layer and copied back under new ids, so the ids the screen
was showing stay valid and the unnamed layer stays a template for the next
annotator (see ``take_layer``).

Reading without a layer name (``layer=None``) is the article's single view
(``layer_sql``): the adjudicated layer, else the only one worked in.  With
one annotator that is what the database held before layers.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from .base import StoreBase, StoreError, named
from .schema import STATUSES, now

ADJUDICATED = "adjudicated"
SETTINGS = {"overlap": 0.0}  # name -> default; kept in the meta table under "setting:NAME"
_SPAN_COPY = 'article_id, start, "end", label, text, origin, state, source, suggestion_id, updated_at'


def layer_sql(alias: str = "a", named: bool = False, corpus: bool = False) -> str:
    """SQL for the layer a reader sees of article ``alias``.  ``named``: the
    reader is parameter ``:layer``, and sees their own layer if they have one,
    else the unnamed one (``corpus``: else the article's single view, so that
    an article another annotator finished shows as theirs).  Otherwise the
    article's single view: its adjudicated layer, else the only layer someone
    worked in (status past todo), else its only layer, else the unnamed one."""
    if named:
        other = layer_sql(alias) if corpus else "''"
        return (f"(CASE WHEN EXISTS (SELECT 1 FROM layers l WHERE l.article_id={alias}.id AND l.annotator=:layer)"
                f" THEN :layer ELSE {other} END)")
    only = "(SELECT CASE WHEN count(*)=1 THEN max(l.annotator) END FROM layers l WHERE l.article_id={a}.id{w})"
    worked, any_ = only.format(a=alias, w=" AND l.status!='todo'"), only.format(a=alias, w="")
    # (coalesce stops at the first term that is not NULL: the agreement check
    # runs only for an article several annotators worked in)
    return (f"coalesce((SELECT l.annotator FROM layers l WHERE l.article_id={alias}.id AND l.annotator='{ADJUDICATED}'),"
            f" {worked}, {any_}, {agreed_sql(f'{alias}.id')}, '')")


def agreed_sql(article: str = "a.id") -> str:
    """SQL for the first (by name) of two or more annotators who finished
    the article whose id is ``article`` with the same accepted spans, NULL if they differ
    (adjudication's case): versions that agree are the article's one version
    without anyone adjudicating them."""
    sig = ("(SELECT coalesce(group_concat(k, ';'), '') FROM (SELECT s.start || ',' || s.\"end\" || ',' || s.label AS k"
           " FROM spans s WHERE s.article_id=x.article_id AND s.layer=x.annotator AND s.state='accepted'"
           " ORDER BY s.start, s.\"end\", s.label))")
    return (f"(SELECT CASE WHEN count(*) >= 2 AND count(DISTINCT sig) = 1 THEN min(annotator) END FROM"
            f" (SELECT x.annotator AS annotator, {sig} AS sig FROM layers x WHERE x.article_id={article}"
            f" AND x.status='done' AND x.annotator!='{ADJUDICATED}'))")


def status_sql(alias: str = "a", named: bool = False, corpus: bool = False) -> str:
    """SQL for the status of article ``alias`` in the layer ``layer_sql`` names."""
    if named:  # one lookup: no row means the unnamed layer, whose status is the article's
        other = f"{alias}.status"
        if corpus:  # most articles have no layer yet: their status is the article's, one index probe
            other = (f"(CASE WHEN EXISTS (SELECT 1 FROM layers l WHERE l.article_id={alias}.id)"
                     f" THEN {status_sql(alias)} ELSE {alias}.status END)")
        return (f"coalesce((SELECT l.status FROM layers l WHERE l.article_id={alias}.id AND l.annotator=:layer),"
                f" {other})")
    return (f"coalesce((SELECT l.status FROM layers l WHERE l.article_id={alias}.id AND l.annotator={layer_sql(alias)}),"
            f" {alias}.status)")


def seen_join_sql(alias: str = "a", named: bool = False, join: str = "sl") -> str:
    """A LEFT JOIN of article ``alias`` to the ``layers`` row (as ``join``) of
    the layer ``layer_sql`` names, none for the unnamed layer: that layer is then
    ``coalesce(join.annotator, '')`` and its status (``status_sql``'s answer)
    ``coalesce(join.status, alias.status)``.  Each is worked out once per article:
    once SQLite flattens a subquery, ``layer_sql`` and ``status_sql`` as columns
    are evaluated again at every place the outer query names them."""
    return (f"LEFT JOIN layers {join} ON {join}.article_id={alias}.id"
            f" AND {join}.annotator={layer_sql(alias, named)}")


def share_sql(alias: str = "a") -> str:
    """SQL for the article's place in [0, 1), from the first four hex digits of
    its sha256: which articles fall in the overlap share is a property of the
    text, the same in every copy of the database and in any order."""
    digit = "(instr('0123456789abcdef', substr({a}.sha256, {i}, 1)) - 1)"
    d = [digit.format(a=alias, i=i) for i in range(1, 5)]
    return f"((({d[0]} * 16 + {d[1]}) * 16 + {d[2]}) * 16 + {d[3]}) / 65536.0"


def event_layer_sql(alias: str = "e") -> str:
    """SQL for the layer event ``alias`` wrote: its session's (an adjudicator's
    session writes the adjudicated layer), else its annotator's own."""
    return f"coalesce((SELECT s.layer FROM sessions s WHERE s.id={alias}.session_id), {alias}.annotator)"


def take_layer(conn: sqlite3.Connection, article_id: int, annotator: str) -> bool:
    """Give ``annotator`` their own layer of the article if they have none
    (inside the caller's transaction).  Returns True if it was made now.

    The adjudicated layer starts empty and todo: it is built from the
    annotators' versions (review/adjudication.py), not from the suggestions,
    and the same rule holds wherever it is made (the app, replay, merge)."""
    if not annotator:
        raise StoreError("an annotator's layer needs a name")
    if conn.execute("SELECT 1 FROM layers WHERE article_id=? AND annotator=?", (article_id, annotator)).fetchone():
        return False
    row = conn.execute("SELECT status FROM articles WHERE id=?", (article_id,)).fetchone()
    if row is None:
        raise StoreError(f"no article {article_id}")
    if annotator == ADJUDICATED:
        conn.execute("INSERT INTO layers(article_id, annotator, status, updated_at) VALUES (?,?,'todo',?)",
                     (article_id, annotator, now()))
        return True
    conn.execute("UPDATE spans SET layer=? WHERE article_id=? AND layer=''", (annotator, article_id))
    conn.execute(f"INSERT INTO spans({_SPAN_COPY}, layer) SELECT {_SPAN_COPY}, '' FROM spans"
                 " WHERE article_id=? AND layer=? ORDER BY id", (article_id, annotator))
    conn.execute("INSERT INTO layers(article_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                 (article_id, annotator, row[0], now()))
    return True


def seen_layer(conn: sqlite3.Connection, article_id: int, layer: str | None) -> str:
    """The layer name ``layer_sql`` gives for one article."""
    return conn.execute(f"SELECT {layer_sql('a', layer is not None)} FROM articles a WHERE a.id=:id",
                        {"layer": layer, "id": article_id}).fetchone()[0]


def set_status(conn: sqlite3.Connection, article_id: int, layer: str, status: str, ts: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"unknown status {status!r}")
    if layer:
        conn.execute("UPDATE layers SET status=?, updated_at=? WHERE article_id=? AND annotator=?",
                     (status, ts, article_id, layer))
    else:
        conn.execute("UPDATE articles SET status=?, updated_at=? WHERE id=?", (status, ts, article_id))


class LayerError(StoreError):
    """No such layer, or no single layer to pick."""


class LayersMixin(StoreBase):
    """Layers, the queue each annotator is served from, settings."""

    def pick_layer(self, wanted: str | None = None, status: str | None = "done") -> str | None:
        """The layer an export reads: ``wanted`` if the database has it; by
        default None, each article's single view (its adjudicated layer where
        there is one, else its only annotator's).  LayerError when an article
        (of ``status`` in some layer) was worked on by several annotators
        whose versions differ and has no adjudicated layer done: there is no
        one version of it to export."""
        if wanted is not None:
            if wanted not in self.layer_names():
                have = ", ".join(self.layer_names()) or "none yet"
                raise LayerError(f"no layer {wanted!r} in {self.path} (layers: {have})")
            return wanted
        # The agreement check (every finished version's spans read and
        # compared) runs only for an article worked in by several: inside
        # CASE, which SQLite cannot move ahead of count(*) as it moves plain
        # HAVING terms into WHERE; run for every article it was most of an
        # export's time (1.9 s of 10,000 reviewed articles).
        rows = self.conn.execute(
            "SELECT l.article_id, group_concat(l.annotator, ', ') FROM layers l WHERE l.status!='todo'"
            + (" AND l.article_id IN (SELECT article_id FROM layers WHERE status=?)" if status else "")
            + " GROUP BY l.article_id HAVING CASE WHEN count(*) > 1 THEN"
            f" {agreed_sql('l.article_id')} IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM layers x WHERE x.article_id=l.article_id AND x.annotator=?"
            " AND x.status='done') END"  # one opened for adjudication and left unfinished is no version yet
            " ORDER BY l.article_id",
            (status, ADJUDICATED) if status else (ADJUDICATED,)).fetchall()
        if rows:
            names = sorted({n for _, names in rows for n in names.split(", ")})
            raise LayerError(
                f"{len(rows)} article(s) of {self.path} (#{', #'.join(str(r[0]) for r in rows[:5])}"
                f"{' ...' if len(rows) > 5 else ''}) have the layers of several annotators ({', '.join(names)}) "
                "and none adjudicated to done (`zs-tui adjudicate`): pick one with --layer NAME")
        return None

    def take_layer(self, article_id: int, annotator: str) -> bool:
        with self.transaction():
            return take_layer(self.conn, article_id, annotator)

    def layer_of(self, article_id: int, layer: str | None = None) -> str:
        return seen_layer(self.conn, article_id, layer)

    def layer_names(self, status: str | None = None) -> list[str]:
        """Annotators with a layer (with an article of ``status`` in it), by name."""
        sql = "SELECT DISTINCT annotator FROM layers" + (" WHERE status=?" if status else "") + " ORDER BY annotator"
        return [r[0] for r in self.conn.execute(sql, (status,) if status else ())]

    def article_layers(self, article_id: int) -> dict[str, str]:
        """annotator -> status, for every annotator layer of the article."""
        return dict(self.conn.execute(
            "SELECT annotator, status FROM layers WHERE article_id=? ORDER BY annotator", (article_id,)).fetchall())

    # -- settings -------------------------------------------------------------
    def setting(self, name: str) -> Any:
        if name not in SETTINGS:
            raise KeyError(f"no setting {name!r} (settings: {', '.join(SETTINGS)})")
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (f"setting:{name}",)).fetchone()
        return type(SETTINGS[name])(row[0]) if row else SETTINGS[name]

    def settings(self) -> dict[str, Any]:
        return {name: self.setting(name) for name in SETTINGS}

    def set_setting(self, name: str, value: Any) -> None:
        if name not in SETTINGS:
            raise StoreError(f"no setting {name!r} (settings: {', '.join(SETTINGS)})")
        if name == "overlap":
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise StoreError(f"overlap must be a number from 0 to 1, not {value!r}") from None
            if not 0.0 <= value <= 1.0:
                raise StoreError(f"overlap must be from 0 to 1 (the share of articles two annotators get), not {value}")
        with self.transaction():
            self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                              (f"setting:{name}", str(value)))

    # -- assignment -------------------------------------------------------------
    def next_for(self, annotator: str, after_id: int = 0) -> int | None:
        """The next article to serve ``annotator``, after ``after_id``, wrapping.

        Like Prodigy's feed overlap: an article in the overlap share (setting
        ``overlap``, by its text's hash) needs two annotators, any other one.
        An article is served to an annotator for whom it is still to do
        (todo or in progress in their layer), never again once they finished
        or skipped it, and not while the annotators it needs have it already:
        in progress or done in their layers, or where their screen is or was
        left (their saved position), so two reviewers starting at once get
        different articles.  Their own articles in progress come first.
        """
        overlap = self.setting("overlap")
        mine = ("SELECT status FROM layers l WHERE l.article_id=a.id AND l.annotator=:me")
        others = ("(SELECT count(*) FROM (SELECT l.annotator FROM layers l WHERE l.article_id=a.id AND l.annotator!=:me"
                  " AND l.status IN ('in_progress','done')"
                  " UNION SELECT p.annotator FROM positions p WHERE p.article_id=a.id AND p.annotator!=:me))")
        base = (f"FROM articles a WHERE coalesce(({mine}), a.status) IN ('todo','in_progress')"
                f" AND (({mine}) = 'in_progress' OR {others} < (CASE WHEN {share_sql('a')} < :overlap THEN 2 ELSE 1 END))")
        args = {"me": annotator, "overlap": overlap, "after": after_id}
        # Whether anything at all is still to do for them, from the indexes: with
        # nothing left (a reviewed corpus, a newcomer), the queries below read
        # every article's row, texts and all (8 s at 100,000 reviewed articles).
        anything = ("SELECT EXISTS (SELECT 1 FROM layers WHERE annotator=:me AND status IN ('todo','in_progress'))"
                    " OR EXISTS (SELECT 1 FROM articles b WHERE b.status IN ('todo','in_progress') AND NOT EXISTS"
                    " (SELECT 1 FROM layers l WHERE l.article_id=b.id AND l.annotator=:me))")
        for sql in ("SELECT article_id FROM layers WHERE annotator=:me AND status='in_progress' AND article_id>:after"
                    " ORDER BY article_id LIMIT 1",
                    "SELECT article_id FROM layers WHERE annotator=:me AND status='in_progress' ORDER BY article_id LIMIT 1",
                    anything,
                    f"SELECT a.id {base} AND a.id > :after ORDER BY a.id LIMIT 1",
                    f"SELECT a.id {base} ORDER BY a.id LIMIT 1"):
            row = self.conn.execute(sql, args).fetchone()
            if sql is anything:
                if not row[0]:
                    return None
            elif row:
                return row[0]
        return None

    # -- progress ---------------------------------------------------------------
    def annotator_stats(self, idle_s: float = 300.0) -> list[dict[str, Any]]:
        """Per annotator: articles done / in progress / skipped in their layer,
        accepted spans there, events, hours at work and articles done per hour
        (the adjudicated layer is no annotator's: adjudication_counts).

        Hours at work are the gaps between their consecutive events, each
        counted up to ``idle_s`` (a pause longer than that is not work)."""
        out: dict[str, dict[str, Any]] = {}
        for r in named(self.conn.execute(
                "SELECT annotator, sum(status='done') AS done, sum(status='in_progress') AS in_progress,"
                " sum(status='skipped') AS skipped FROM layers WHERE annotator!=? GROUP BY annotator", (ADJUDICATED,))):
            out[r["annotator"]] = {**r, "spans": 0, "events": 0, "hours": 0.0, "articles_per_hour": None}
        empty = {"done": 0, "in_progress": 0, "skipped": 0, "spans": 0, "events": 0, "hours": 0.0, "articles_per_hour": None}
        for name, n in self.conn.execute(
                "SELECT layer, count(*) FROM spans WHERE layer NOT IN ('', ?) AND state='accepted' GROUP BY layer",
                (ADJUDICATED,)):
            out.setdefault(name, {"annotator": name, **empty})["spans"] = n
        for name, n, secs in self.conn.execute(
                "SELECT annotator, count(*), sum(min(gap, :idle)) FROM (SELECT annotator,"
                " (julianday(ts) - julianday(lag(ts) OVER (PARTITION BY annotator ORDER BY id))) * 86400.0 AS gap"
                " FROM events) GROUP BY annotator", {"idle": idle_s}):
            d = out.setdefault(name, {"annotator": name, **empty})
            d["events"] = n
            d["hours"] = round((secs or 0.0) / 3600.0, 3)
            if secs:
                d["articles_per_hour"] = round(d["done"] * 3600.0 / secs, 1)
        return [out[k] for k in sorted(out)]

    def adjudication_counts(self) -> dict[str, int]:
        """``awaiting``: articles two or more annotators finished with versions
        that differ and not adjudicated to done (review/adjudication.py's walk);
        ``in_progress`` / ``done``: adjudicated layers in that status."""
        awaiting = self.conn.execute(
            "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM layers l WHERE l.article_id=a.id"
            f" AND l.status='done' AND l.annotator!=:adj) >= 2 AND {agreed_sql('a.id')} IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM layers x WHERE x.article_id=a.id AND x.annotator=:adj AND x.status='done')",
            {"adj": ADJUDICATED}).fetchone()[0]
        by = dict(self.conn.execute("SELECT status, count(*) FROM layers WHERE annotator=? GROUP BY status",
                                    (ADJUDICATED,)).fetchall())
        return {"awaiting": awaiting, "in_progress": by.get("in_progress", 0), "done": by.get("done", 0)}

    def layer_statuses(self, name: str) -> dict[int, str]:
        """article id -> status, for every article that has layer ``name``."""
        return dict(self.conn.execute("SELECT article_id, status FROM layers WHERE annotator=?", (name,)).fetchall())

    def finished_versions(self) -> dict[int, dict[str, list[tuple[int, int, str]]]]:
        """article id -> annotator -> accepted spans (sorted), for every article
        done in the layers of two or more annotators (the adjudicated layer aside):
        what the adjudication walk is made of.  One statement, no article text:
        the walk reads it again after another reviewer's commit."""
        out: dict[int, dict[str, list[tuple[int, int, str]]]] = {}
        # one pass over the layers table (NOT INDEXED: the primary key's index
        # would fetch each row's status by a lookup); sorted here, not by a temp b-tree
        for aid, name, start, end, label in self.conn.execute(
                "WITH two AS MATERIALIZED (SELECT article_id FROM layers NOT INDEXED WHERE status='done'"
                " AND annotator!=:adj GROUP BY article_id HAVING count(*) >= 2)"
                ' SELECT l.article_id, l.annotator, s.start, s."end", s.label FROM two'
                " JOIN layers l ON l.article_id=two.article_id"
                " LEFT JOIN spans s ON s.article_id=l.article_id AND s.layer=l.annotator AND s.state='accepted'"
                " WHERE l.status='done' AND l.annotator!=:adj", {"adj": ADJUDICATED}):
            spans = out.setdefault(aid, {}).setdefault(name, [])
            if start is not None:
                spans.append((start, end, label))
        return {aid: {name: sorted(spans) for name, spans in sorted(layers.items())}
                for aid, layers in sorted(out.items())}

    def finished_layers(self, min_annotators: int = 2) -> list[dict[str, Any]]:
        """Articles done in the layers of ``min_annotators`` or more annotators
        (the adjudicated layer aside), each with the accepted spans of every such
        layer: what agreement is measured on."""
        rows = list(named(self.conn.execute(
            "SELECT a.id AS id, a.sha256 AS sha256, a.clean AS text FROM articles a WHERE"
            " (SELECT count(*) FROM layers l WHERE l.article_id=a.id AND l.status='done' AND l.annotator!=?) >= ?"
            " ORDER BY a.id", (ADJUDICATED, min_annotators))))
        for r in rows:
            r["layers"] = {}
            for name, start, end, label in self.conn.execute(
                    'SELECT s.layer, s.start, s."end", s.label FROM spans s JOIN layers l'
                    " ON l.article_id=s.article_id AND l.annotator=s.layer"
                    " WHERE s.article_id=? AND l.status='done' AND l.annotator!=? AND s.state='accepted'"
                    " ORDER BY s.layer, s.start", (r["id"], ADJUDICATED)):
                r["layers"].setdefault(name, []).append((start, end, label))
            for name in self.conn.execute(
                    "SELECT annotator FROM layers WHERE article_id=? AND status='done' AND annotator!=?",
                    (r["id"], ADJUDICATED)):
                r["layers"].setdefault(name[0], [])
        return rows
