"""Label sets beyond the default nine: a second key layer (`0` then 1-9
for labels 10-18) that lands in the database, replays through the app and
shows in the legend; and labels the suggester emits that a custom set lacks,
reported at start."""
from __future__ import annotations

import json

import pytest
from review_data import seed_store, spans_of

from zs_tui.labels import DEFAULT_LABELS, LabelSetError, load_labels
from zs_tui.sessions.session_file import session_events, session_header
from zs_tui.sessions.testing import assert_session_replays
from zs_tui.ui.app import ReviewApp
from zs_tui.ui.status_bar import StatusBar

EXTRA = [{"name": "FUND", "color": "#c0a0ff"}, {"name": "PARK", "color": "#80c0c0"}]


def label_file(tmp_path, extra=EXTRA, base=DEFAULT_LABELS):
    items = [{"name": lab.name, "color": lab.color} for lab in base] + extra
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"labels": items}), "utf-8")
    return path


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one(StatusBar).query_one("#message").render())


async def test_labels_10_and_up_are_0_then_a_digit_and_replay_through_the_app(tmp_path):
    labels = load_labels(label_file(tmp_path))
    assert [lab.key for lab in labels[8:]] == ["9", "0 1", "0 2"]
    store = seed_store(tmp_path / "a.db")
    app = ReviewApp(store, "ann", labels=labels, clock=lambda: 0.0)
    async with app.run_test(size=(160, 40)) as pilot:
        legend = str(app.screen.query_one("#legend").render())
        assert "0 1 FUND" in legend and "0 2 PARK" in legend
        await pilot.press("0")
        assert "1 FUND" in message(app) and "2 PARK" in message(app)
        await pilot.press("2")  # PARK, and the layer is back to 1-9
        await pilot.press("2")  # ORG
        await pilot.press("0", "0", "1")  # 0 again goes back: PER
        await pilot.press("0", "j", "1")  # a move in between: the layer is off again
        sid = app.session.session_id
    got = spans_of(store)
    assert [x[1:3] for x in got[:5]] == [("PARK", "accepted"), ("ORG", "accepted"), ("PER", "accepted"),
                                         ("COMPANY", "pending"), ("PER", "accepted")]  # j skipped the fourth
    header, events = session_header(store, sid), list(session_events(store, sid))
    target = seed_store(tmp_path / "b.db")
    result = await assert_session_replays(target, (header, events), labels=labels)
    assert result.keys[:2] == ["0", "2"]
    store.close()
    target.close()


async def test_a_screen_key_after_0_also_ends_the_second_layer(tmp_path):
    """``0`` is for the very next label key: ``n`` (a key of the screen, not of
    the text pane) in between ends it like ``j`` does."""
    labels = load_labels(label_file(tmp_path))
    store = seed_store(tmp_path / "a.db", articles=2)
    app = ReviewApp(store, "ann", labels=labels, clock=lambda: 0.0)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("0", "n", "1")  # next article, then 1: PER, not FUND
        assert app.session.article.id == 2
        assert [s.label for s in app.session.spans if s.state == "accepted"] == ["PER"]
    store.close()


def test_more_than_eighteen_labels_are_refused_with_the_reason(tmp_path):
    extra = [{"name": f"X{k}"} for k in range(10)]
    with pytest.raises(LabelSetError, match="1 to 18 labels"):
        load_labels(label_file(tmp_path, extra))


async def test_the_0_key_with_nine_labels_or_fewer_says_there_is_no_second_layer(tmp_path):
    store = seed_store(tmp_path / "a.db")
    async with ReviewApp(store, "ann", clock=lambda: 0.0).run_test(size=(120, 40)) as pilot:
        await pilot.press("0")
        assert "no second layer" in message(pilot.app)
        await pilot.press("2")
        assert spans_of(store)[0][1] == "ORG"
    store.close()


async def test_labels_the_suggester_emits_but_the_set_lacks_are_reported_at_start(tmp_path):
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"labels": [{"name": "PER"}, {"name": "LOC"}, {"name": "SITE"}]}), "utf-8")
    store = seed_store(tmp_path / "a.db")
    app = ReviewApp(store, "ann", labels=load_labels(path), clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("COMPANY" in m and "ORG" in m and "lacks" in m and "PER" not in m.split("lacks")[0]
                   for m in said), said
    store.close()
    default = seed_store(tmp_path / "b.db")
    app = ReviewApp(default, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not [n for n in app._notifications if "lacks" in n.message]
    default.close()
