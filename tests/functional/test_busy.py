"""A review app on a database another program is writing to (issue 10, item 1).

It used to crash with ``OperationalError: database is locked`` once a write
lock was held over 5 s (an import computing suggestions in its transaction).
"""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

from review_data import seed_store

from zs_tui.ui.app import UI_BUSY_MS, ReviewApp


def states(db) -> list[str]:  # noqa: ANN001
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT state FROM spans ORDER BY start, id")]
    finally:
        conn.close()


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one("#message").render())


async def test_the_app_keeps_working_while_another_program_holds_the_write_lock(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            first = app.session.current
            other.execute("BEGIN IMMEDIATE")  # e.g. an import writing
            # A key that needed the lock would now wait a minute: the bound
            # below holds however loaded the machine is, and still catches it.
            store.set_busy_timeout(60_000)
            t0 = time.monotonic()
            await pilot.press("j", "j", "k")
            moved = time.monotonic() - t0
            store.set_busy_timeout(UI_BUSY_MS)
            assert app.session.current != first  # j/k moved without the lock
            assert moved < 30  # ... and without waiting for it
            before = states(db_path)
            cur = app.session.current
            await pilot.press("a")
            assert "database busy" in message(app) and "accept is kept" in message(app)
            assert states(db_path) == before  # nothing written yet, nothing half-done
            await pilot.press("x")  # a second decision waits its turn: refused, visibly
            assert "waiting for the database to save accept" in message(app)
            await pilot.press("j")  # moving still works
            await pilot.pause(0.6)
            assert states(db_path) == before  # still locked: still kept
            other.execute("ROLLBACK")  # the other program is finished
            await pilot.pause(1.0)
            assert "saved accept once the database was free" in message(app)
            assert next(s.state for s in store.spans(app.session.article.id) if s.id == cur) == "accepted"
            assert states(db_path).count("accepted") == before.count("accepted") + 1
            assert app.session.deferred is None
            await pilot.press("x")  # and keys act at once again
            assert states(db_path).count("rejected") == before.count("rejected") + 1
        assert app.return_code in (0, None)
    finally:
        other.close()
        store.close()


async def test_the_app_keeps_working_through_a_300_file_import(db_path, tmp_path):
    store = seed_store(db_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Long enough that suggesting them all takes several seconds: the old import
    # held its write lock that long, and the app crashed after 5 s.
    for i in range(300):
        body = "".join(f"第{i}期第{k}段：某市经济开发区与第{k + i}家企业签约，总投资{k + 1}亿元，"
                       f"建设新能源汽车零部件项目，{2020 + k % 5}年{k % 12 + 1}月投产。\n" for k in range(30))
        (corpus / f"{i:03}.txt").write_text(body, encoding="utf-8")
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    n_seed = store.count_articles()
    importer = subprocess.Popen([sys.executable, "-m", "zs_tui.cli", "import", str(corpus), "--db", str(db_path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    presses = 0
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while importer.poll() is None or presses < 5:
                span = app.session.current_span
                if span is None or span.state != "pending":
                    await pilot.press("j")
                    if app.session.current_span is None or app.session.current_span.state != "pending":
                        await pilot.press("u")  # undo keeps spans to decide (and is a write too)
                else:
                    await pilot.press("a")
                presses += 1
                await pilot.pause(0.02)
            while app.session.deferred is not None:  # a key kept while the import published
                await pilot.pause(0.2)
            recorded = set(app.session.undo_stack)
        out, err = importer.communicate(timeout=120)
    finally:
        if importer.poll() is None:
            importer.kill()
        store.close()
    assert importer.returncode == 0, err
    assert "imported 300 article(s)" in out
    assert app.return_code in (0, None)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == n_seed + 300
        events = {r[0] for r in conn.execute("SELECT id FROM events")}
    finally:
        conn.close()
    assert recorded and recorded <= events  # every action the app says it made is in the log


async def test_quitting_with_a_kept_key_saves_it_when_the_lock_clears_in_time(db_path):
    import threading

    store = seed_store(db_path)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0, check_same_thread=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            before = states(db_path)
            other.execute("BEGIN IMMEDIATE")
            await pilot.press("a")
            assert "accept is kept" in message(app)
            threading.Timer(0.5, lambda: other.execute("ROLLBACK")).start()  # lets go while the app quits
            await pilot.press("q")
        assert app.session.deferred is None
        assert states(db_path).count("accepted") == before.count("accepted") + 1
    finally:
        other.close()
        store.close()
