"""The review app's start, as ``zs-tui review`` runs it in a terminal: what
happens before its first screen is drawn (issue 14: the first screen within
0.5 s at 100,000 articles; figures: benchmarks/ui_bench.py --only startup)."""
from __future__ import annotations

import os
import sys
import time

import pytest
from pty_app import AppTerminal
from review_data import seed_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

# Every collection the app's process makes: whether Textual was loaded by
# then, and whether start-up's objects were frozen yet (zs_tui.ui.idle_gc does
# it at the first frame).
RECORD_COLLECTIONS = """
import gc, os, sys
_log = open(os.environ["ZS_TEST_GC_LOG"], "a", buffering=1)
def _collected(phase, info):
    if phase == "start":
        _log.write(f"{os.getpid()} {int('textual' in sys.modules)} {gc.get_freeze_count()}\\n")
gc.callbacks.append(_collected)
"""


def test_no_garbage_collection_from_loading_textual_to_the_first_screen(db_path, tmp_path, monkeypatch):
    """Left to itself Python collected some 130 times there, its oldest
    generation too: 60-100 ms of a start of 0.5 s. From the first frame on
    the collector runs again."""
    seed_store(db_path, articles=2).close()
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(RECORD_COLLECTIONS)
    log = tmp_path / "collections.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("ZS_TEST_GC_LOG", str(log))
    term = AppTerminal(db_path)
    try:
        term.wait_for_output(b"Accept")
        for key in "jkjk":
            term.press_and_settle(key)
        time.sleep(0.3)  # a pause: what the keys left is collected
    finally:
        term.kill()
    app = [line.split()[1:] for line in log.read_text().splitlines() if line.split()[0] == str(term.proc.pid)]
    with_textual = [frozen for textual, frozen in app if textual == "1"]
    assert with_textual, "no collection at all: the collector never came back"
    assert "0" not in with_textual, "a collection while Textual loaded or the first screen was built"


def test_the_first_screen_is_drawn_once_and_not_again_whole_in_the_first_keys(db_path):
    """Textual's first layout gives every widget its size, which asks for a
    second layout and a repaint of every widget: the whole screen was sent to
    the terminal three times in the first 50 ms, the third time in the first
    key after the first frame (20-40 ms that key). Drawn once, the keys after
    it send only what they change (the footer, which no key here changes, is
    never sent again)."""
    seed_store(db_path, articles=2).close()
    term = AppTerminal(db_path)
    try:
        term.wait_for_output(b"Accept")
        time.sleep(1.0)  # start-up's work after the first frame: the learner process, the idle collector
        for key in "jkjk":
            term.press_and_settle(key)
        frames = bytes(term.output).split(b"\x1b[?2026l")
    finally:
        term.kill()
    whole = [i for i, frame in enumerate(frames) if b"Accept" in frame]
    assert whole == [0], f"frames {whole} of {len(frames)} drew the footer: the screen was drawn whole again"
