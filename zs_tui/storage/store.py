"""Storage: every read and write of annotations.db goes through ``Store``.

``Store`` is the open database: the connection and transactions of
``base.py`` with one mixin per concern (``articles.py``; ``spans.py``: spans
and suggestions; ``sessions.py``: sessions, events and positions;
``gold_query.py``: the export query).  Writes are transactional, so a
failure or a killed process leaves the database as it was before the call.
"""
from __future__ import annotations

from typing import Any

from .articles import ArticlesMixin
from .gold_query import GoldQueryMixin
from .layers import LayersMixin, layer_sql, status_sql
from .merge import MergeMixin
from .review_log import SessionsMixin
from .schema import SCHEMA_VERSION, STATUSES
from .spans import SpansMixin
from .suggest_queue import SuggestQueueMixin


class Store(ArticlesMixin, SpansMixin, SessionsMixin, GoldQueryMixin, LayersMixin, MergeMixin, SuggestQueueMixin):
    """An open annotations database."""

    # Counts over every table, so it belongs to none of the mixins.
    def stats(self) -> dict[str, Any]:
        by_status = {s: 0 for s in STATUSES}
        # each article counted once, in its single view (layers.py); per annotator below
        by_status.update(dict(self.conn.execute(f"SELECT {status_sql('a')}, count(*) FROM articles a GROUP BY 1").fetchall()))
        by_script = dict(self.conn.execute("SELECT script, count(*) FROM articles GROUP BY script ORDER BY script").fetchall())
        labels: dict[str, dict[str, int]] = {}
        # the layer of each article worked out once, then its spans by index
        for label, state, n in self.conn.execute(
                f"WITH v AS MATERIALIZED (SELECT a.id AS id, {layer_sql('a')} AS layer FROM articles a)"
                " SELECT s.label, s.state, count(*) FROM v JOIN spans s ON s.article_id=v.id AND s.layer=v.layer"
                " GROUP BY s.label, s.state"):
            labels.setdefault(label, {"pending": 0, "accepted": 0, "rejected": 0})[state] = n
        return {
            "database": str(self.path),
            "schema_version": SCHEMA_VERSION,
            "articles": self.count_articles(),
            "awaiting_suggestions": self.count_awaiting_suggestions(),
            "by_status": by_status,
            "by_script": by_script,
            "spans_by_label": dict(sorted(labels.items())),
            "sessions": self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0],
            "events": self.conn.execute("SELECT count(*) FROM events").fetchone()[0],
            "settings": self.settings(),
            "annotators": self.annotator_stats(),
            "adjudication": self.adjudication_counts(),
        }
