"""The state a session leaves behind: per article text, its status and every span.

Articles are keyed by the sha256 of their text, since ids differ between
databases.  Spans are ``[start, end, label, state, origin, text]`` in text
order, rejected ones included (``text`` is there for the reader of an
expected-state file; it follows from start and end).

Expected-state file (``*.expected.json``)::

    {"session": "<recorded session id>",
     "articles": {"<sha256>": {"source": ..., "status": ..., "spans": [[...], ...]}}}
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zs_tui.storage import Store

State = dict[str, dict[str, Any]]  # sha256 -> {"source", "status", "spans"}


def article_state(store: Store, shas: Iterable[str]) -> State:
    """Status and spans of the articles with these texts (an absent one: status None)."""
    out: State = {}
    for sha in shas:
        art = store.article_by_sha(sha)
        if art is None:
            out[sha] = {"source": None, "status": None, "spans": []}
            continue
        spans = [[s.start, s.end, s.label, s.state, s.origin, s.text] for s in store.spans(art.id)]
        out[sha] = {"source": art.source, "status": art.status, "spans": sorted(spans)}
    return out


def touched(events: Iterable[dict[str, Any]]) -> list[str]:
    """The texts a session's events touched, in the order it first touched them."""
    return list(dict.fromkeys(ev["article_sha256"] for ev in events))


def write_expected(path: str | Path, session_id: str, state: State) -> None:
    """One span per line, so that a change of the expected state reads as a small diff."""
    lines = ["{", f'  "session": {json.dumps(session_id)},', '  "articles": {']
    for k, (sha, art) in enumerate(state.items()):
        lines.append(f'    "{sha}": {{"source": {json.dumps(art["source"], ensure_ascii=False)}, '
                     f'"status": {json.dumps(art["status"])}, "spans": [')
        spans = [f"      {json.dumps(s, ensure_ascii=False)}" for s in art["spans"]]
        lines.append(",\n".join(spans))
        lines.append("    ]}" + ("," if k < len(state) - 1 else ""))
    lines += ["  }", "}"]
    Path(path).write_text("\n".join(line for line in lines if line) + "\n", "utf-8")


def read_expected(path: str | Path) -> State:
    return json.loads(Path(path).read_text("utf-8"))["articles"]


def state_differences(expected: State, actual: State) -> list[str]:
    """What differs, one line per article status or span, naming the article."""
    out = []
    for sha, want in expected.items():
        got = actual.get(sha, {"source": None, "status": None, "spans": []})
        name = f"article {want.get('source') or got.get('source')} ({sha[:12]}…)"
        if got["status"] != want["status"]:
            out.append(f"{name}: status {got['status']}, expected {want['status']}")
        have, need = Counter(map(tuple, got["spans"])), Counter(map(tuple, want["spans"]))
        out += [f"{name}: missing span {_span(s)}" for s in sorted(need - have)]
        out += [f"{name}: unexpected span {_span(s)}" for s in sorted(have - need)]
    return out


def _span(s: tuple) -> str:
    start, end, label, state, origin, text = s
    return f"{state} {label} [{start}, {end}) {text!r} ({origin})"
