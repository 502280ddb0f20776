"""Disk full during import, review and replay (issue 10, item 3), simulated with
SQLite's max_page_count: the real cause is reported and nothing is half-written."""
from __future__ import annotations

import hashlib

from review_data import seed_store

from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp


def cap_growth(monkeypatch, which=lambda path: True, spare: int = 0):  # noqa: ANN001, ANN201
    """Every Store opened on a path ``which`` accepts may grow by ``spare`` pages only."""
    real = Store.__init__

    def capped(self, path, *a, **kw):  # noqa: ANN001
        real(self, path, *a, **kw)
        if which(str(path)):
            n = self.conn.execute("PRAGMA page_count").fetchone()[0]
            self.conn.execute(f"PRAGMA max_page_count = {n + spare}")

    monkeypatch.setattr(Store, "__init__", capped)


def digest(p) -> str:  # noqa: ANN001
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_import_on_a_full_disk_says_so_and_leaves_the_database(cli, tmp_path, db_path, monkeypatch):
    first = tmp_path / "first.txt"
    first.write_text("某市经济开发区与某科技公司签约。\n", encoding="utf-8")
    assert cli("import", first, "--db", db_path, "--no-suggest")[0] == 0
    before = digest(db_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"{i}.txt").write_text(f"第{i}篇：" + "开发区签约项目投资。" * 400 + "\n", encoding="utf-8")
    cap_growth(monkeypatch, spare=20)
    code, out, err = cli("import", corpus, "--db", db_path, "--no-suggest")
    assert code == 2
    assert "disk full" in err and "cannot rollback" not in err and "Traceback" not in err
    assert "imported" not in out
    assert digest(db_path) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


async def test_review_on_a_full_disk_refuses_the_key_and_keeps_running(db_path):
    store = seed_store(db_path)
    app = ReviewApp(store, "ann", clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        n = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {n}")
        msg = ""
        for _ in range(300):  # decisions fill the last free space of the file's pages
            before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
            await pilot.press("a" if app.session.pending else "u")
            msg = str(app.screen.query_one("#message").render())
            if "disk full" in msg:
                after = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
                assert after == before  # the refused key wrote nothing
                break
        assert "disk full" in msg
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.conn.execute("PRAGMA max_page_count = 1000000")  # space again
        cur = app.session.current
        await pilot.press("a" if app.session.pending else "u")
        assert "disk full" not in str(app.screen.query_one("#message").render())
        assert cur is None or app.session.spans
    assert app.return_code in (0, None)
    store.close()


def test_replay_on_a_full_disk_says_so_and_writes_nothing(cli, reviewed_db, reversed_db, monkeypatch):
    src, sid = reviewed_db
    before = digest(reversed_db)
    cap_growth(monkeypatch, which=lambda p: p == str(reversed_db))
    code, out, err = cli("replay", sid, "--db", src, "--into", reversed_db)
    assert code == 1, (out, err)  # replay's failure code: the session could not be applied
    assert "disk full" in err and "nothing was replayed" in err and "Traceback" not in err
    with Store(reversed_db, create=False) as st:
        assert st.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert digest(reversed_db) == before
