"""Recorded sessions replayed through the real app, key by key: the UI's regression suite.

The sessions in tests/fixtures/ were recorded with record_sessions.py on
the frozen corpus there; a UI change that breaks one of their key
sequences fails here, naming the event.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from zs_tui.ingest.inputs import make_article
from zs_tui.review import actions
from zs_tui.sessions.session_file import read_session, session_events, session_header
from zs_tui.sessions.testing import (
    CorpusError,
    SessionReplayError,
    article_state,
    assert_session_replays,
    load_corpus,
    read_expected,
    touched,
)
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus.jsonl"
EDITS = FIXTURES / "undo_and_edits.session.jsonl"
ARTICLES = FIXTURES / "several_articles.session.jsonl"
SEED_000 = "000_a3eb56ffbb372eba.txt"


def expected(session: Path) -> Path:
    return session.with_name(session.name.replace(".session.jsonl", ".expected.json"))


def corpus_store(path: Path, corpus: Path = CORPUS) -> Store:
    store = Store(path)
    load_corpus(store, corpus)
    return store


@pytest.fixture
def store(tmp_path):
    st = corpus_store(tmp_path / "replay.db")
    yield st
    st.close()


def first_event(session: Path, action: str, start: int | None = None) -> dict:
    """The first recorded ``action`` (on a span starting at ``start``)."""
    return next(e for e in read_session(session)[1] if e["action"] == action and (
        start is None or any(s and s["start"] == start for s in e["before"]["spans"] + e["after"]["spans"])))


def corpus_with(tmp_path: Path, old: tuple[int, int], new: tuple[int, int, str]) -> Path:
    """The frozen corpus with one suggestion of seed 000 moved: a database
    whose suggestions differ slightly from those the session was recorded on."""
    lines = CORPUS.read_text("utf-8").splitlines()
    rec = json.loads(lines[0])
    assert rec["source"] == SEED_000
    sugg = next(s for s in rec["suggestions"] if (s["start"], s["end"]) == old)
    sugg["start"], sugg["end"], sugg["label"] = new
    sugg["text"] = rec["clean"][new[0]:new[1]]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join([json.dumps(rec, ensure_ascii=False), *lines[1:]]) + "\n", "utf-8")
    return path


async def test_boundary_edits_relabel_reject_adds_and_undo_replay_to_the_recorded_state(store):
    await assert_session_replays(store, EDITS, expected(EDITS))


async def test_a_session_across_articles_replays_to_the_recorded_state_and_log(store):
    header, recorded = read_session(ARTICLES)
    result = await assert_session_replays(store, (header, recorded), expected(ARTICLES))
    replayed = list(store.events(result.session_id))
    assert [(e["action"], e["before"]["status"], e["after"]["status"]) for e in replayed] == \
        [(e["action"], e["before"]["status"], e["after"]["status"]) for e in recorded]


async def test_a_session_recorded_at_120x40_replays_at_80x24(store):
    # cursor moves and selections are text offsets: wrapping at another width must not matter
    await assert_session_replays(store, EDITS, expected(EDITS), size=(80, 24))


async def test_without_an_expected_state_a_store_level_replay_on_a_copy_is_the_reference(store):
    result = await assert_session_replays(store, ARTICLES)
    # the reference replay ran on a copy: the database holds the app's session only
    assert [s["id"] for s in store.sessions()] == [result.session_id]


async def test_a_stale_expected_state_is_reported_by_article_and_span(store):
    want = read_expected(expected(EDITS))
    article = next(iter(want.values()))
    first = article["spans"][0]
    article["spans"][0] = [*first[:3], "pending", *first[4:]]
    with pytest.raises(SessionReplayError) as err:
        await assert_session_replays(store, EDITS, want)
    msg = str(err.value)
    assert f"article {SEED_000}" in msg and "missing span pending LOC [0, 4) '徐州铜山'" in msg
    assert "unexpected span accepted LOC [0, 4) '徐州铜山'" in msg


async def divergence(store: Store, action: str, start: int | None = None) -> str:
    """The error of replaying the edits session, which must name the first
    recorded ``action`` (on a span at ``start``), its article and text."""
    ev = first_event(EDITS, action, start)
    with pytest.raises(SessionReplayError) as err:
        await assert_session_replays(store, EDITS, expected(EDITS))
    msg = str(err.value)
    assert msg.startswith(f"event {ev['id']} ({action}) on article #{ev['article_id']} ({SEED_000}): ")
    return msg


async def test_a_suggestion_that_moved_fails_at_the_event_that_acts_on_it(tmp_path):
    # 67元 suggested as 资67元: the reject recorded on it has no span to go to
    st = corpus_store(tmp_path / "moved.db", corpus_with(tmp_path, (353, 356), (352, 356, "MONEY")))
    msg = await divergence(st, "reject", start=353)
    assert "expected pending MONEY [353, 356) '67元'" in msg and "has pending MONEY [352, 356) '资67元'" in msg
    st.close()


async def test_a_key_that_now_does_something_else_fails_at_its_event_naming_the_difference(tmp_path):
    # 协鑫光伏电池项目 suggested with 高新区 in front: selecting 高新区 and
    # pressing 4 now redraws that suggestion as 高新区, where the session added a span
    st = corpus_store(tmp_path / "wider.db", corpus_with(tmp_path, (385, 393), (382, 393, "PROJECT")))
    msg = await divergence(st, "add")
    assert "pressed 4: the session recorded add (no span -> accepted LOC" in msg
    assert "first difference: span 1 before: pending PROJECT [382, 393) '高新区协鑫光伏电池项目', recorded no span" in msg
    st.close()


async def test_a_key_bound_to_the_wrong_edge_fails_at_the_first_resize(store, monkeypatch):
    # the bug: the app binds [ and ] to moving the end (the planner still
    # reads the registry as shipped, so it presses ] to move the start)
    for aid in ("start_left", "start_right", "end_left", "end_right"):
        a = actions.BY_ID[aid]
        monkeypatch.setitem(actions.BY_ID, aid, replace(a, args=("end" if a.args[0] == "start" else "start", a.args[1])))
    msg = await divergence(store, "resize")
    assert "pressed right_square_bracket: the session recorded resize (pending DATE [18, 38)" in msg
    # the end steps over the space after the time (an edge never rests on one)
    assert "first difference: span 1 after: pending DATE [18, 40) '2023年03月18日 14:43:10 |', " \
           "recorded pending DATE [19, 38) '023年03月18日 14:43:10'" in msg


class Teacher:
    """Stands in for the suggester the app learns with, whose output changes
    with every suggester version: the frozen suggestions without the texts
    reviewers rejected, plus the free occurrences of texts they accepted
    (taught before the session; what it learns during it is not needed here)."""

    def __init__(self, rejected: set[str], accepted: dict[str, str]) -> None:
        recs = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
        self.frozen = {r["clean"]: r["suggestions"] for r in recs}
        self.rejected, self.accepted = rejected, accepted

    def suggest(self, clean: str) -> list[dict]:
        out = [s for s in self.frozen[clean] if s["text"] not in self.rejected]
        for text, label in self.accepted.items():
            i = clean.find(text)
            while i >= 0:
                if not any(s["start"] < i + len(text) and i < s["end"] for s in out):
                    out.append({"start": i, "end": i + len(text), "label": label, "source": "learned"})
                i = clean.find(text, i + 1)
        return out

    def learn(self, text: str, label: str, accepted: bool) -> None:
        pass


async def test_suggestions_the_app_learned_while_recording_are_replayed_as_recorded(tmp_path):
    recorded = corpus_store(tmp_path / "recorded.db")
    app = ReviewApp(recorded, "alice", clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        # what the app does once its learner has loaded (`zs-tui review` learns by default)
        app.review_screen.after(app.session.attach_learner(Teacher({"大健康"}, {"高新區": "LOC"})))
        await pilot.press("A", "d", "A", "d", "A", "d")
    sid = app.session.session_id
    header, events = session_header(recorded, sid), list(session_events(recorded, sid))
    assert [e["action"] for e in events] == ["suggest", "accept_all", "done"] * 3
    assert sum(a is not None and a["origin"] == "learned" for a in events[6]["after"]["spans"]) == 2

    target = corpus_store(tmp_path / "target.db")  # no learner: the suggestions come from the session
    await assert_session_replays(target, (header, events))
    shas = touched(events)
    assert article_state(target, shas) == article_state(recorded, shas)
    recorded.close()
    target.close()


def test_the_fixture_sessions_hold_what_they_are_kept_for():
    """Regenerating the fixtures must not lose what the suite replays."""
    edits = read_session(EDITS)[1]
    assert {"undo", "redo", "resize", "label", "reject", "add", "mark_all"} <= {e["action"] for e in edits}
    moves = {(e["after"]["spans"][0]["start"] - e["before"]["spans"][0]["start"],
              e["after"]["spans"][0]["end"] - e["before"]["spans"][0]["end"]) for e in edits if e["action"] == "resize"}
    assert moves == {(1, 0), (-1, 0), (0, 1), (0, -1)}  # [ ] { }
    articles = read_session(ARTICLES)[1]
    assert {"accept", "accept_all", "done", "skip", "undo"} <= {e["action"] for e in articles}
    assert len({e["article_sha256"] for e in articles}) == 3
    undone = {e["id"]: e["article_sha256"] for e in articles}
    assert any(e["action"] == "undo" and undone[e["ref_event"]] != prev["article_sha256"]
               for prev, e in zip(articles, articles[1:]))  # u pressed on another article than it undoes


def test_a_frozen_corpus_rebuilds_the_seed_texts_with_their_recorded_suggestions(store, seeds_dir):
    art = store.article(1)
    assert art.source == SEED_000
    assert art.sha256 == make_article((seeds_dir / SEED_000).read_text("utf-8"), SEED_000, "utf-8").sha256
    frozen = json.loads(CORPUS.read_text("utf-8").splitlines()[0])["suggestions"]
    assert [(s.start, s.end, s.label, s.state) for s in store.spans(1)] == \
        [(s["start"], s["end"], s["label"], "pending") for s in frozen]


def test_a_corpus_edited_by_hand_is_refused_with_file_and_line(tmp_path):
    lines = CORPUS.read_text("utf-8").splitlines()
    rec = json.loads(lines[1])
    rec["clean"] = rec["clean"].replace("徐州", "徐洲", 1)
    bad = tmp_path / "corpus.jsonl"
    bad.write_text("\n".join([lines[0], json.dumps(rec, ensure_ascii=False), lines[2]]) + "\n", "utf-8")
    with Store(tmp_path / "c.db") as st:
        with pytest.raises(CorpusError, match=rf"{bad}:2: the text of 001_\w+\.txt does not match its sha256"):
            load_corpus(st, bad)
        assert st.count_articles() == 0


def test_the_helper_does_not_need_pytest():
    code = "import sys, zs_tui.sessions.testing; sys.exit('pytest' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
