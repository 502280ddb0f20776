"""`zs-tui import` killed while its background suggests: every article is kept,
`zs-tui stats` says how many wait, `zs-tui resuggest --pending` goes on and ends
with the suggestions of an import nobody killed (issue 14 item 3)."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import SEEDS


def corpus(folder: Path, n: int) -> Path:
    """n articles of shuffled seed paragraphs, each with a dateline of its own."""
    rng = random.Random(7)
    paras = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text("utf-8").split("\n") if len(p.strip()) > 20]
    folder.mkdir()
    for i in range(n):
        body = "\n\n".join(rng.sample(paras, 6))
        (folder / f"{i:04d}.txt").write_text(f"第{i + 1}号稿件 2024年{i % 12 + 1}月{i % 28 + 1}日\n\n{body}\n", "utf-8")
    return folder


def zs(*args: object, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "zs_tui.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def waiting(db: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM suggest_queue").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def suggestions(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        out: dict[str, list] = {}
        for sha, start, end, label, state, origin in conn.execute(
                'SELECT a.sha256, s.start, s."end", s.label, s.state, s.origin FROM spans s JOIN articles a'
                ' ON a.id=s.article_id ORDER BY a.sha256, s.start, s."end", s.label'):
            out.setdefault(sha, []).append((start, end, label, state, origin))
        return out
    finally:
        conn.close()


def test_a_killed_import_keeps_every_article_and_resumes_to_the_same_suggestions(tmp_path, cli):
    src = corpus(tmp_path / "corpus", 100)
    db, ref = tmp_path / "killed.db", tmp_path / "whole.db"
    proc = zs("import", src, "--db", db, "--jobs", "1", start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # killed once a batch or two are committed, well before the end
            left = waiting(db) if db.exists() else None
            if left is not None and 0 < left < 100:
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        else:
            raise AssertionError("the background never committed a batch")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its pool, mid-way
        proc.communicate()
    code, out, _ = cli("stats", "--db", db, "--json")
    st = json.loads(out)
    assert code == 0 and st["articles"] == 100  # every article is there, reviewable
    assert 0 < st["awaiting_suggestions"] < 100 and st["awaiting_suggestions"] == waiting(db)
    code, out, _ = cli("stats", "--db", db)
    assert f"{st['awaiting_suggestions']} waiting for suggestions" in out

    code, out, _ = cli("resuggest", "--pending", "--db", db, "--jobs", "2")
    assert code == 0 and f"suggested {st['awaiting_suggestions']} article(s)" in out
    assert waiting(db) == 0
    code, out, _ = cli("import", src, "--db", ref, "--jobs", "2")
    assert code == 0 and "imported 100 article(s)" in out
    got, want = suggestions(db), suggestions(ref)
    assert len(got) == 100 and got == want
    code, out, _ = cli("stats", "--db", db)
    assert "none waiting for suggestions" in out


def test_resuggest_pending_with_nothing_waiting_and_with_all(tmp_path, cli, seeds_dir):
    db = tmp_path / "a.db"
    assert cli("import", seeds_dir, "--db", db, "--jobs", "1")[0] == 0
    code, out, _ = cli("resuggest", "--pending", "--db", db)
    assert code == 0 and "nothing to do: no article" in out
    code, _, err = cli("resuggest", "--pending", "--all", "--db", db)
    assert code == 2 and "--pending and --all" in err
    code, _, err = cli("resuggest", "--pending", "--db", tmp_path / "none.db")
    assert code == 2 and "no database" in err and not (tmp_path / "none.db").exists()


def test_import_says_the_articles_are_stored_before_suggesting_and_no_suggest_queues_none(tmp_path, cli, seeds_dir):
    code, out, err = cli("import", seeds_dir, "--db", tmp_path / "a.db", "--jobs", "1")
    assert code == 0 and "stored 5 article(s)" in err and "can be reviewed now" in err
    assert "suggesting: 5/5" in err  # not a terminal: plain progress lines
    assert "imported 5 article(s)" in out and "with 0 suggestion(s)" not in out
    code, out, err = cli("import", seeds_dir, "--db", tmp_path / "b.db", "--no-suggest")
    assert code == 0 and "suggesting" not in err and waiting(tmp_path / "b.db") == 0
