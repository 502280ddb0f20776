"""SVG snapshots of the review screens (pytest-textual-snapshot).

Deterministic: fixed suggestions (tests/review_data.py), fixed terminal
sizes, a fixed annotator and a clock that never moves (pace reads 0).
Regenerate with ``pytest tests/functional/test_ui_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/ before committing them.
"""
from __future__ import annotations

import pytest
from review_data import seed_store

from zs_tui.ui.app import ReviewApp


@pytest.fixture
def app(db_path):
    store = seed_store(db_path, articles=3)
    yield ReviewApp(store, "ann", clock=lambda: 0.0)
    store.close()


def test_main_screen_wide(app, snap_compare):
    """Accepted LOC, rejected INDUSTRY, current DATE suggestion; list, text, spans, bar, footer."""
    assert snap_compare(app, press=["a", "x"], terminal_size=(120, 32))


def test_main_screen_80x24(app, snap_compare):
    """80 columns: no article list; a selection under way shown in the title."""
    assert snap_compare(app, press=["a", "x", "2", "j", "j", "h", "h", "v", "h"], terminal_size=(80, 24))


def test_main_screen_refusal(app, snap_compare):
    """A refused action: the message in the status bar in the error style."""
    assert snap_compare(app, press=["d"], terminal_size=(100, 24))


def test_help_screen(app, snap_compare):
    assert snap_compare(app, press=["question_mark"], terminal_size=(100, 30))
