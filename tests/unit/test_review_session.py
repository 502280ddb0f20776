"""The review domain without the UI: where the cursor goes, what is refused."""
from __future__ import annotations

import pytest
from review_data import SEED_TEXT, at, seed_store, span, spans_of

from zs_tui.labels import DEFAULT_LABELS, Label
from zs_tui.review.session import ReviewSession

LABEL = {lab.name: i for i, lab in enumerate(DEFAULT_LABELS)}


@pytest.fixture
def store(db_path):
    st = seed_store(db_path)
    yield st
    st.close()


def session(store, annotator: str = "ann", labels=None) -> ReviewSession:
    s = ReviewSession(store, annotator, labels or DEFAULT_LABELS)
    s.resume()
    return s


def cur(s: ReviewSession) -> str | None:
    return s.current_span.text if s.current_span else None


def test_opens_at_the_first_undecided_span(store):
    assert cur(session(store)) == "徐州铜山"


def test_reject_goes_to_the_very_next_undecided_span(store):
    s = session(store)
    s.move_span(1)  # 招商引资
    assert s.reject().ok
    assert cur(s) == "2023年03月18日 14:43:1"


def test_accept_reject_and_label_each_go_to_the_next_undecided_span(store):
    s = session(store)
    s.accept()
    assert cur(s) == "招商引资"
    s.reject()
    assert cur(s) == "2023年03月18日 14:43:1"
    s.set_label(LABEL["DATE"])
    assert cur(s) == "徐州日报"


def test_after_the_last_span_the_cursor_wraps_to_an_earlier_undecided_one(store):
    s = session(store)
    for _ in range(5):
        s.move_span(1)
    assert cur(s) == "商琦"
    assert s.accept().ok
    assert cur(s) == "徐州铜山"  # first undecided, before the one just accepted


def test_decided_spans_are_skipped_when_advancing(store):
    s = session(store)
    s.move_span(1)
    s.move_span(1)
    s.accept()  # the date; the cursor goes on to 徐州日报
    s.move_span(-1)
    s.move_span(-1)
    s.accept()  # 招商引资: the next undecided is 徐州日报, not the accepted date
    assert cur(s) == "徐州日报"


def test_when_nothing_is_left_the_cursor_stays_and_says_so(store):
    s = session(store)
    for _ in range(5):
        s.accept()
    out = s.accept()
    assert out.ok and "d marks the article done" in out.message
    assert cur(s) == "商琦"


def test_rejecting_the_last_undecided_span_moves_to_a_neighbour(store):
    s = session(store)
    s.accept_all()
    s.move_span(1)
    s.move_span(1)
    date = s.current_span
    s.reject()
    assert s.current_span is not None and s.current_span.start > date.start
    assert cur(s) == "徐州日报"


def test_accept_all_keeps_the_cursor_and_decides_everything(store):
    s = session(store)
    s.move_span(1)
    out = s.accept_all()
    assert out.ok and "6" in out.message
    assert cur(s) == "招商引资"
    assert s.pending == []
    assert not s.accept_all().ok


def test_j_and_k_stop_at_the_ends(store):
    s = session(store)
    assert s.move_span(-1).message == "first span"
    assert cur(s) == "徐州铜山"
    for _ in range(10):
        s.move_span(1)
    assert cur(s) == "商琦"


def test_j_and_k_from_a_cursor_between_spans(store):
    s = session(store)
    s.move_cursor(at("字号") - s.cursor)  # between the ORG and the second 铜山
    assert s.current_span is None
    s.move_span(1)
    assert cur(s) == "铜山"
    s.move_cursor(at("字号") - s.cursor)
    s.move_span(-1)
    assert cur(s) == "徐州日报"
    s.move_cursor(len(SEED_TEXT))  # past every span
    s.move_span(-1)
    assert cur(s) == "商琦"


def test_undo_returns_to_the_span_and_redo_reapplies(store):
    s = session(store)
    s.move_span(1)
    s.reject()
    assert cur(s) == "2023年03月18日 14:43:1"
    out = s.undo()
    assert out.ok and out.message == "undid reject"
    assert cur(s) == "招商引资" and s.current_span.state == "pending"
    assert s.redo().ok
    assert [x.state for x in s.spans if x.text == "招商引资"] == ["rejected"]
    assert not s.redo().ok


def test_undo_of_an_added_span_leaves_the_cursor_where_it_was(store):
    s = session(store)
    s.move_cursor(at("字号") - s.cursor)
    s.start_selection()
    s.move_cursor(3)
    assert s.set_label(LABEL["ORG"]).ok
    assert ("字号变大", "ORG", "accepted", "manual") in spans_of(store)
    s.undo()
    assert ("字号变大", "ORG", "accepted", "manual") not in spans_of(store)
    assert s.cursor == at("字号") and s.current_span is None


def test_new_action_clears_redo(store):
    s = session(store)
    s.accept()
    s.undo()
    s.accept()
    assert s.redo().message == "nothing to redo"


def test_label_key_beyond_a_custom_label_set_is_refused(store):
    labels = [Label("PER", "1", "red", "red", ""), Label("ORG", "2", "blue", "blue", "")]
    s = session(store, labels=labels)
    out = s.set_label(6)
    assert not out.ok and "no label on key 7" in out.message and "2 ORG" in out.message
    assert all(x.state == "pending" for x in s.spans)


def test_selection_across_a_line_break_is_refused(store):
    s = session(store)
    s.move_cursor(at("最强音") - s.cursor)
    s.start_selection()
    s.move_cursor(10)  # past the end of the title line
    before = spans_of(store)
    out = s.set_label(LABEL["EVENT"])
    assert not out.ok and "line break" in out.message
    assert spans_of(store) == before


def test_selection_edges_are_trimmed_of_spaces_and_quotes(store):
    s = session(store)
    i = at("主要领导") - 2  # the two leading spaces of the paragraph
    s.move_cursor(i - s.cursor)
    s.start_selection()
    s.move_cursor(5)
    assert s.set_label(LABEL["ORG"]).ok
    assert ("主要领导", "ORG", "accepted", "manual") in spans_of(store)
    s.move_cursor(at("“忙洽谈”") - s.cursor)
    s.start_selection()
    s.move_cursor(4)
    assert s.set_label(LABEL["EVENT"]).ok
    assert ("忙洽谈", "EVENT", "accepted", "manual") in spans_of(store)


def test_a_selection_overlapping_a_span_redraws_it_as_the_selection_and_undo_restores_it(store):
    s = session(store)
    before = spans_of(store)
    s.move_cursor(2)  # inside 徐州铜山: select 铜山 alone
    s.start_selection()
    s.move_cursor(1)
    out = s.set_label(LABEL["LOC"])
    assert out.ok and "redrew 徐州铜山 as LOC 铜山" in out.message
    assert ("铜山", "LOC", "accepted", "suggested") in spans_of(store) and len(store.spans(1)) == 6
    assert s.undo().ok and spans_of(store) == before


def test_span_keys_are_refused_while_selecting(store):
    s = session(store)
    s.start_selection()
    assert not s.accept().ok and not s.reject().ok and not s.resize("end", 1).ok
    assert all(x.state == "pending" for x in s.spans)


def test_resize_is_refused_at_the_text_edges(db_path):
    first, last = span("徐州铜山", "LOC"), {"start": len(SEED_TEXT) - 2, "end": len(SEED_TEXT), "label": "LOC"}
    st = seed_store(db_path, suggestions=[first, last])
    s = session(st)
    out = s.resize("start", -1)
    assert not out.ok and "start of the text" in out.message
    s.move_span(1)
    out = s.resize("end", 1)
    assert not out.ok and "end of the text" in out.message
    assert [(x.start, x.end) for x in st.spans(1)] == [(first["start"], first["end"]), (last["start"], last["end"])]
    assert list(st.events()) == []
    st.close()


def test_resize_into_a_neighbour_or_to_nothing_is_refused(db_path):
    st = seed_store(db_path, suggestions=[span("徐州", "LOC"), {"start": 2, "end": 4, "label": "LOC"}])
    s = session(st)
    out = s.resize("end", 1)
    assert not out.ok and "overlap" in out.message
    s.resize("end", -1)
    assert not s.resize("end", -1).ok
    assert [(x.start, x.end) for x in st.spans(1)] == [(0, 1), (2, 4)]
    st.close()


def test_mark_all_skips_occurrences_inside_other_spans(store):
    s = session(store)
    for _ in range(4):
        s.move_span(1)
    assert cur(s) == "铜山"
    out = s.mark_all()
    assert out.ok
    texts = [x for x in spans_of(store) if x[0] == "铜山"]
    assert len(texts) == SEED_TEXT.count("铜山") - 1  # all but the one inside 徐州铜山
    assert all(x[1] == "LOC" and x[2] == "accepted" for x in texts)
    assert "1 inside other spans left alone" in out.message  # the 铜山 inside 徐州铜山
    flat = sorted((x.start, x.end) for x in s.visible)
    assert all(a[1] <= b[0] for a, b in zip(flat, flat[1:]))


def test_mark_all_accepts_a_suggestion_on_the_same_text(db_path):
    st = seed_store(db_path, suggestions=[span("铜山", "LOC", nth=1), span("铜山", "ORG", nth=2)])
    s = session(st)
    s.mark_all()
    second = next(x for x in st.spans(1) if x.start == at("铜山", 2))
    assert (second.label, second.state, second.origin) == ("LOC", "accepted", "suggested")
    st.close()


def test_the_first_decision_puts_the_article_in_progress_in_its_own_event(store):
    s = session(store)
    s.move_span(1)  # navigation is no decision
    assert store.article(1).status == "todo"
    s.reject()
    s.accept()
    first, second = store.events()
    assert (first["action"], first["before"]["status"], first["after"]["status"]) == ("reject", "todo", "in_progress")
    assert second["before"]["status"] is None and store.article(1).status == "in_progress"
    s.undo()
    s.undo()  # undoing the first decision takes the article back to todo
    assert store.article(1).status == "todo"


def test_done_is_refused_while_suggestions_are_undecided(store):
    s = session(store)
    s.accept()
    out = s.done()
    assert not out.ok and "refused: 5 undecided" in out.message
    assert store.article(1).status == "in_progress"
    assert cur(s) == "招商引资"  # the cursor is taken to an undecided span


def test_done_on_the_last_article_stays_there(db_path):
    st = seed_store(db_path, articles=2)
    s = session(st)
    s.accept_all()
    assert s.done().ok and s.article.id == 2
    s.accept_all()
    out = s.done()
    assert out.ok and "no article left" in out.message
    assert s.article.id == 2 and st.article(2).status == "done"
    st.close()


def test_done_opens_the_next_article_to_do_wrapping_around(db_path):
    st = seed_store(db_path, articles=3)
    s = session(st)
    s.step_article(1)
    s.step_article(1)
    s.accept_all()
    s.done()
    assert s.article.id == 1  # wrapped: article 1 is still to do


def test_undo_of_done_reopens_the_article(db_path):
    st = seed_store(db_path, articles=2)
    s = session(st)
    s.accept_all()
    s.done()
    assert s.article.id == 2
    s.undo()
    assert s.article.id == 1 and st.article(1).status == "in_progress"
    st.close()


def test_next_and_previous_article_stop_at_the_ends(db_path):
    st = seed_store(db_path, articles=2)
    s = session(st)
    assert not s.step_article(-1).ok and s.article.id == 1
    assert s.step_article(1).ok and s.article.id == 2
    out = s.step_article(1)
    assert not out.ok and "no article after" in out.message and s.article.id == 2
    st.close()


def test_skip_sets_aside_but_never_undoes_done(db_path):
    st = seed_store(db_path, articles=2)
    s = session(st)
    assert s.skip().ok and st.article(1).status == "skipped" and s.article.id == 2
    s.accept_all()
    s.done()
    assert s.article.id == 2  # article 1 is skipped: nothing left to do
    out = s.skip()
    assert not out.ok and "is done" in out.message and st.article(2).status == "done"
    st.close()


def test_each_action_is_one_event_with_before_and_after(store):
    s = session(store)
    s.accept()
    s.reject()
    s.resize("end", 1)
    evs = list(store.events())
    assert [e["action"] for e in evs] == ["accept", "reject", "resize"]
    assert all(e["session_id"] == s.session_id and e["annotator"] == "ann" and e["article_id"] == 1 for e in evs)
    assert evs[0]["before"]["spans"][0]["state"] == "pending"
    assert evs[0]["after"]["spans"][0]["state"] == "accepted"
    assert evs[2]["after"]["spans"][0]["end"] == evs[2]["before"]["spans"][0]["end"] + 1


def test_resume_returns_to_the_same_article_span_and_cursor(db_path):
    st = seed_store(db_path, articles=2)
    s = session(st)
    s.step_article(1)
    s.move_span(1)
    s.move_span(1)
    where = (s.article.id, s.current, s.cursor)
    s2 = session(st)
    assert (s2.article.id, s2.current, s2.cursor) == where
    s2.move_cursor(at("字号") - s2.cursor)
    s3 = session(st)
    assert (s3.current, s3.cursor) == (None, at("字号"))
    st.close()


def test_pace_counts_decisions_net_of_undo(store):
    s = session(store)
    s.accept()
    s.accept_all()
    assert (s.decisions, s.articles_done) == (6, 0)
    s.undo()
    assert s.decisions == 1
    s.done()
    assert s.articles_done == 0  # refused: nothing counted


def test_an_edge_moved_onto_a_space_steps_over_it(store):
    s = session(store)
    s.move_span(2)
    assert cur(s) == "2023年03月18日 14:43:1"
    for _ in range(7):  # back to 2023年03月18日, over the space before 14
        assert s.resize("end", -1).ok
    assert cur(s) == "2023年03月18日"
    assert s.resize("end", 1).ok
    assert cur(s) == "2023年03月18日 1"  # not "2023年03月18日 " ending in a space


def test_a_decision_and_the_cursor_it_leaves_commit_together(store, db_path, monkeypatch):
    """The process dies while saving where the cursor went: the accept is
    not committed either, so the restart shows the span still undecided,
    with the cursor on it (never on a span already decided)."""
    s = session(store)
    first = s.current_span
    events_before = len(list(store.events()))

    def die(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "save_position", die)
    with pytest.raises(KeyboardInterrupt):
        s.accept()
    monkeypatch.undo()
    from zs_tui.storage import Store

    with Store(db_path) as again:
        assert len(list(again.events())) == events_before
        assert next(x for x in again.spans(again.article_ids()[0]) if x.id == first.id).state == "pending"
        s2 = ReviewSession(again, "ann", DEFAULT_LABELS)
        s2.resume()
        assert s2.current == first.id
