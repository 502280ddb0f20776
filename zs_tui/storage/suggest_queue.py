"""Articles waiting for their suggestions (schema 0006), and writing them when they come.

Import stores articles first, each queued here, and a background pool
suggests them (zs_tui/ingest/background.py).  Suggestions made in the
background are written only where nobody has acted yet, decided inside the
writing transaction: the review app may have suggested the article itself
(a ``suggest`` event) or a reviewer started it while the pool was working.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .base import StoreBase
from .layers import ADJUDICATED
from .schema import now
from .spans import Span, check_flat, insert_suggestions


@dataclass
class Written:
    """What one batch of background suggestions did."""

    articles: int = 0  # articles taken off the queue by this batch
    spans: int = 0  # pending spans added (in every layer written)
    skipped: int = 0  # already taken off the queue by someone else (another run, resuggest)


class SuggestQueueMixin(StoreBase):
    """The queue of articles still to suggest."""

    def queue_for_suggestions(self, article_ids: Iterable[int]) -> None:
        """Mark articles as waiting for suggestions (inside the caller's transaction if any)."""
        with self.transaction():
            self.conn.executemany("INSERT OR IGNORE INTO suggest_queue(article_id) VALUES (?)",
                                  ((a,) for a in article_ids))

    def count_awaiting_suggestions(self) -> int:
        """How many articles wait for suggestions (the queue's own index, no article read)."""
        return self.conn.execute("SELECT count(*) FROM suggest_queue").fetchone()[0]

    def awaits_suggestions(self, article_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM suggest_queue WHERE article_id=?", (article_id,)).fetchone() is not None

    def awaiting_suggestions(self, after: int = 0, limit: int = 100) -> list[tuple[int, str]]:
        """The next ``limit`` waiting articles after id ``after``: (id, clean text), in id order."""
        return list(self.conn.execute(
            "SELECT q.article_id, a.clean FROM suggest_queue q JOIN articles a ON a.id=q.article_id"
            " WHERE q.article_id > ? ORDER BY q.article_id LIMIT ?", (after, limit)))

    def write_background_suggestions(self, results: Sequence[tuple[int, list[dict[str, Any]]]],
                                     version: str) -> Written:
        """Store suggestions computed in the background, in one transaction.

        An article is written only if it is still queued (taking it off is
        the claim: two runs never both write it).  Its suggestions become
        pending spans in the import's layer if that has none yet, and in each
        annotator's layer that is still empty, to do, and has no event of
        theirs on the article: where the app already suggested it (a
        ``suggest`` event) or a reviewer acted, that layer is left alone, so
        nobody ever sees a second set."""
        out = Written()
        with self.transaction():
            ts = now()
            for aid, spans in results:
                if self.conn.execute("DELETE FROM suggest_queue WHERE article_id=?", (aid,)).rowcount == 0:
                    out.skipped += 1
                    continue
                row = self.conn.execute("SELECT clean FROM articles WHERE id=?", (aid,)).fetchone()
                if row is None:  # deleted meanwhile (the queue row went with it; defensive)
                    continue
                layers: dict[str, list[Span]] = {}
                if not self.conn.execute("SELECT 1 FROM spans WHERE article_id=? AND layer='' LIMIT 1", (aid,)).fetchone():
                    layers[""] = []
                for (name,) in self.conn.execute(
                        # the adjudicated layer holds only what an adjudicator took or drew
                        "SELECT l.annotator FROM layers l WHERE l.article_id=? AND l.status='todo' AND l.annotator != ?"
                        " AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id=l.article_id AND s.layer=l.annotator)"
                        " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.article_id=l.article_id"
                        "                 AND e.annotator=l.annotator)"
                        " ORDER BY l.annotator", (aid, ADJUDICATED)).fetchall():
                    layers[name] = []
                added = insert_suggestions(self.conn, aid, spans, version, ts, row[0], decided=[], layers=layers)
                check_flat(self.conn, aid)
                out.articles += 1
                out.spans += added if layers else 0
        return out
