"""Review test data: seed article 000 with a fixed set of suggestions.

The suggestions are written here, not produced by the suggester, so that
review tests and snapshots do not move when the suggester improves.
"""
from __future__ import annotations

from pathlib import Path

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_a3eb56ffbb372eba.txt"
SEED_TEXT = make_article(SEED.read_text("utf-8"), SEED.name, "utf-8").clean


def at(text: str, nth: int = 0, source: str = SEED_TEXT) -> int:
    """Offset of the ``nth`` occurrence of ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = source.index(text, i + 1)
    return i


def span(text: str, label: str, nth: int = 0, end_cut: int = 0) -> dict:
    i = at(text, nth)
    return {"start": i, "end": i + len(text) - end_cut, "label": label}


# In text order.  Some are right, some are wrong in a way one key fixes.
SUGGESTIONS = [
    span("徐州铜山", "LOC"),                               # right: a
    span("招商引资", "INDUSTRY"),                          # wrong: x
    span("2023年03月18日 14:43:10", "DATE", end_cut=1),    # end one short: } then a
    span("徐州日报", "COMPANY"),                           # wrong label: 2 (ORG)
    span("铜山", "LOC", nth=1),                            # right: a
    span("商琦", "PER"),                                   # right: a
]


def seed_store(path: Path, articles: int = 1, suggestions: list[dict] | None = None) -> Store:
    """A store with seed article 000 (and ``articles - 1`` variants of it)."""
    store = Store(path)
    raw = SEED.read_text("utf-8")
    for k in range(articles):
        text = raw if k == 0 else f"{raw}\n（第{k}篇）"
        sugg = SUGGESTIONS if suggestions is None else suggestions
        name = SEED.name if k == 0 else f"{SEED.stem}_{k}.txt"
        store.add_article(make_article(text, name, "utf-8"), sugg, "test")
    return store


def spans_of(store: Store, article_id: int = 1) -> list[tuple[str, str, str, str]]:
    """(text, label, state, origin) of an article's spans, in text order."""
    return [(s.text, s.label, s.state, s.origin) for s in store.spans(article_id)]


def count_full_repaints(app: object) -> list[object]:
    """The calls of ``app.refresh`` (a repaint of every widget on screen) from
    now on, recorded in the list returned; the app repaints as before."""
    whole: list[object] = []
    real = app.refresh  # type: ignore[attr-defined]

    def counted(*args: object, **kwargs: object) -> object:
        whole.append(args)
        return real(*args, **kwargs)

    app.refresh = counted  # type: ignore[attr-defined]
    return whole
