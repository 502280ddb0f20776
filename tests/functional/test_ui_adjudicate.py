"""The adjudication screen (zs_tui.ui.adjudicate_screen) driven by keys: take A,
take B, an edit with the review keys, done; the versions' looks without colour;
SVG snapshots (regenerate with --snapshot-update and look at them first)."""
from __future__ import annotations

import pytest
from adjudication_data import AGREED, DATE, two_versions
from review_data import count_full_repaints

from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.adjudication import start_adjudication
from zs_tui.storage import Store
from zs_tui.storage.layers import ADJUDICATED
from zs_tui.ui.adjudicate_screen import AdjudicateApp, VersionPane


@pytest.fixture
def store(tmp_path):
    st = Store(two_versions(tmp_path / "a.db"))
    yield st
    st.close()


def app_for(store: Store) -> AdjudicateApp:
    return AdjudicateApp(start_adjudication(store, "carol", DEFAULT_LABELS), clock=lambda: 0.0)


def layer(store: Store) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in store.spans(1, layer=ADJUDICATED) if s.state == "accepted"]


def message(app: AdjudicateApp) -> str:
    return str(app.screen.query_one("#message").render())


async def test_take_a_take_b_edit_and_done(store):
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert layer(store) == AGREED  # what both have, before any key
        await pilot.press("y")  # disagreement 1: only ann's 徐州铜山 LOC
        assert layer(store) == sorted([(0, 4, "LOC"), *AGREED])
        assert "next: disagreement 2/3: label" in message(app)
        await pilot.press("z")  # disagreement 2: bob's ORG for 招商引资
        assert (5, 9, "ORG") in layer(store) and "disagreement 3/3: boundary" in message(app)
        await pilot.press("y")  # disagreement 3: ann's longer DATE ...
        assert DATE in layer(store)
        await pilot.press("J", "J")  # ... back at it: the take moved on to disagreement 1, wrapping
        await pilot.press("right_curly_bracket")  # ... and the usual keys edit it: one more character
        assert (18, 38, "DATE") in layer(store)
        await pilot.press("d")
        assert "no disagreement left to adjudicate" in message(app)
        assert store.article_layers(1)[ADJUDICATED] == "done"
        sid = app.session.session_id
    events = list(store.events(sid))
    assert {e["annotator"] for e in events} == {"carol"}
    assert [e["action"] for e in events] == ["take", "take", "take", "take", "resize", "done"]
    assert store.article_layers(1) == {"ann": "done", "bob": "done", ADJUDICATED: "done"}


async def test_taking_a_whole_version_and_undoing_it(store):
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("Z")
        assert layer(store) == sorted([(5, 9, "ORG"), (18, 36, "DATE"), *AGREED])
        await pilot.press("u")
        assert layer(store) == AGREED


async def test_the_disagreement_is_told_by_attributes_not_colour(store):
    """NO_COLOR keeps reverse, bold and underline: the disagreement's spans are
    reversed and bold in each pane, the version's other spans underlined, and
    each pane spells the disagreement out."""
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("J")  # disagreement 2: 招商引资, INDUSTRY for ann, ORG for bob
        a, b = list(app.screen.query(VersionPane))[:2]
        for pane, label in ((a, "INDUSTRY"), (b, "ORG")):
            text = pane.shown
            plain = text.plain
            assert f"{label} 招商引资 [5,9)" in plain
            start = plain.index("招商引资", plain.index("\n"))  # in the context, below what the pane says
            looks = [s.style for s in text.spans if s.start <= start < s.end]
            assert any(getattr(st, "reverse", False) and getattr(st, "bold", False) for st in looks)
        first = a.shown  # ann's 徐州铜山 is not part of this disagreement: underlined only
        at = first.plain.index("徐州铜山", first.plain.index("\n"))
        looks = [s.style for s in first.spans if s.start == at]
        assert looks and all(st.underline and not st.reverse for st in looks)
        assert "B: nothing here" not in b.shown.plain
        await pilot.press("K")
        assert "B: nothing here" in b.shown.plain


async def test_g_refuses_an_article_without_differing_versions(tmp_path):
    with Store(two_versions(tmp_path / "a.db")) as st:
        from zs_tui.ingest.inputs import make_article

        st.add_article(make_article("庚县无事。", "x.txt", "utf-8"), [], "t")
        app = app_for(st)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("g", *"2", "enter")
            assert "no differing versions" in message(app) and app.session.article.id == 1
        assert ADJUDICATED not in st.article_layers(2)


def test_screen_wide(store, snap_compare):
    """Two versions of disagreement 2 (label), the adjudicated layer with the agreed spans and ann's LOC."""
    assert snap_compare(app_for(store), press=["y"], terminal_size=(120, 32))


def test_screen_80x24(store, snap_compare):
    """80 columns: the panes halve, the span list stays."""
    assert snap_compare(app_for(store), press=["J", "J"], terminal_size=(80, 24))


async def test_each_key_of_the_adjudication_screen_means_one_thing(store):
    """The take keys reach their actions (t, once take A, became the review
    screen's jump: the text pane's binding answered t first, and t jumped
    instead of taking A); no adjudication key takes a review key, so every
    review key means here what it means when reviewing."""
    from zs_tui.review.actions import ACTIONS, ADJUDICATE_ACTIONS, parse_keys
    from zs_tui.ui.help_screen import HelpScreen

    taken = {k for a in ADJUDICATE_ACTIONS for k in parse_keys(a.keys)}
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        live = app.active_bindings
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for a in ADJUDICATE_ACTIONS:
            for key in parse_keys(a.keys):
                assert live[key].binding.id == a.id
            assert titles[f"{a.label} ({app.keys_of(a)})"] == a.help
        for a in ACTIONS:
            clash = taken & set(parse_keys(a.keys))
            assert not clash, f"{a.id}: {clash}"
            for key in parse_keys(a.keys):
                if a.group is None and key in live:
                    assert live[key].binding.id == a.id, f"{key}: {live[key].binding.id}, not {a.id}"
        assert live["d"].binding.id == "done" and live["x"].binding.id == "reject"  # the review keys as ever
        await pilot.press("y")
        assert (0, 4, "LOC") in layer(store)  # took A's span
        await pilot.press("t")
        assert app.session.jumping  # the jump hints, on their key as when reviewing
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        legend = app.screen.legend.plain
        rows = {line.split(None, 1)[1].strip(): line.split(None, 1)[0] for line in legend.splitlines()
                if line.startswith(" ") and len(line.split(None, 1)) == 2}
        for a in ADJUDICATE_ACTIONS:
            assert rows[a.help] == app.keys_of(a)
    assert all(a.help in legend for a in ADJUDICATE_ACTIONS)


async def test_each_pane_says_its_version_within_what_it_shows_at_80x24(tmp_path):
    """The line that says each version's label and offsets is in sight even
    when the disagreement's line of context wraps past the pane's height (it
    was below the context, and at 80 columns a long line pushed it out of the
    pane: two reversed spans and no word of which label each side gave)."""
    from zs_tui.ingest.inputs import make_article
    from zs_tui.review.session import ReviewSession

    text = "本报讯" + "近日各地客商纷纷前来洽谈合作并参观考察" * 3 + "乙市重工公司" + "与当地签订多项协议共同推动产业升级发展" * 3 + "。"
    with Store(tmp_path / "a.db") as st:
        st.add_article(make_article(text, "long.txt", "utf-8"), [], "t")
        start = text.index("乙市重工公司")
        for name, label in (("ann", "COMPANY"), ("bob", "ORG")):
            s = ReviewSession(st, name, DEFAULT_LABELS)
            s.open(1)
            assert s.select_range(start, start + 5).ok  # both ends included: 乙市重工公司
            assert s.set_label([lab.name for lab in DEFAULT_LABELS].index(label)).ok
            assert s.done().ok
        app = app_for(st)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "label" in app.session.describe_conflict()
            for pane, say in zip(list(app.screen.query(VersionPane))[:2], ("A: COMPANY 乙市重工公司", "B: ORG 乙市重工公司"),
                                 strict=True):
                region = pane.content_region
                lines = [line.plain for line in pane.shown.wrap(app.console, region.width)]
                assert len(lines) > region.height  # the context does not fit ...
                seen = "".join(lines[:region.height])
                assert say in seen, lines  # ... and what the version says is in sight


async def test_done_with_disagreements_left_is_refused_once(store):
    """d after one take of three resolved the two others silently as whatever
    the layer had there (nothing): now it is refused once, the cursor at the
    first one left; taking the side with nothing counts as deciding it; d again
    is done as it is."""
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("z")  # disagreement 1 (only ann's 徐州铜山): bob's nothing, decided
        assert layer(store) == AGREED
        await pilot.press("d")
        assert "2 of 3 disagreements not decided yet" in message(app) and "2/3: label" in message(app)
        assert store.article_layers(1)[ADJUDICATED] != "done"
        await pilot.press("d")
        assert store.article_layers(1)[ADJUDICATED] == "done"


async def test_the_title_follows_the_disagreement_without_repainting_the_whole_screen(store):
    # J/K, takes and cursor moves change the title (it names the disagreement):
    # set as a reactive, each would repaint every widget of the screen
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        whole = count_full_repaints(app)
        for key, shown in (("J", "disagreement 2/3"), ("J", "disagreement 3/3"), ("K", "disagreement 2/3"),
                           ("y", "disagreement 3/3")):
            await pilot.press(key)
            await pilot.pause()
            assert app.title.startswith("zs_tui adjudicate · #1") and shown in app.title, (key, app.title)
        assert whole == []
