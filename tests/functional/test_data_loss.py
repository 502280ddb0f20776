"""Issue 10, item 1: the paths that lost data, each with the test that caught it."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from zs_tui.storage import Store

TEXT = "苏州工业园区与某某科技公司签约，总投资5亿元。\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def db_files(db: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(db.parent.glob(db.name + "*"))}


@pytest.fixture
def one_db(cli, tmp_path, db_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert cli("import", src, "--db", db_path, "--no-suggest")[0] == 0
    return db_path


# -- an export never overwrites the database ------------------------------------------

@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("command", ["export", "sessions"])
def test_output_naming_the_database_is_refused(cli, one_db, suffix, command):
    with Store(one_db) as st:  # a session to export; keeps -wal/-shm in place while open
        sid = st.start_session("alice", "test")
        target = Path(f"{one_db}{suffix}")
        if not target.exists():
            target.write_bytes(b"")
        before = db_files(one_db)
        args = ["export"] if command == "export" else ["sessions", "--export", sid]
        code, out, err = cli(*args, "--db", one_db, "--output", target)
        assert code == 2
        assert "is the database" in err and "Traceback" not in err
        assert db_files(one_db) == before


def test_output_reaching_the_database_through_a_link_is_refused(cli, one_db, tmp_path):
    link = tmp_path / "export.jsonl"
    link.symlink_to(one_db)
    before = digest(one_db)
    code, _, err = cli("export", "--db", one_db, "--output", link)
    assert code == 2 and "is the database" in err
    assert digest(one_db) == before
    with Store(one_db, create=False) as st:
        assert st.count_articles() == 1


# -- gold spans are checked, not coerced -------------------------------------------------

def gold_line(spans) -> str:  # noqa: ANN001
    return json.dumps({"text": TEXT, "spans": spans}, ensure_ascii=False)


GOOD = {"start": 0, "end": 6, "label": "LOC"}


@pytest.mark.parametrize("spans, why", [
    ({"0": GOOD}, "must be a list"),
    ("LOC", "must be a list"),
    ([{"start": 0.0, "end": 6, "label": "LOC"}], "integer offset"),
    ([{"start": 0, "end": 6.9, "label": "LOC"}], "integer offset"),
    ([{"start": "0", "end": 6, "label": "LOC"}], "integer offset"),
    ([{"start": True, "end": 6, "label": "LOC"}], "integer offset"),
    ([{"start": 0, "end": 6, "label": None}], "not one of"),
    ([{"start": 0, "end": 6, "label": "NOT_A_LABEL"}], "not one of"),
    ([{"start": 0, "end": 6}], "not one of"),
    ([{"start": 0, "end": 999, "label": "LOC"}], "outside the text"),
    ([{"start": -1, "end": 2, "label": "LOC"}], "outside the text"),
    ([{"start": 4, "end": 2, "label": "LOC"}], "outside the text"),
    ([GOOD, {"start": 2, "end": 8, "label": "ORG"}], "overlap"),
    ([["0", "6", "LOC"]], "not an object"),
])
def test_bad_gold_span_refuses_the_import_with_file_and_line(cli, tmp_path, db_path, spans, why):
    gold = tmp_path / "gold.jsonl"
    other = {"text": "另一篇文章。", "spans": []}
    gold.write_text(json.dumps(other, ensure_ascii=False) + "\n" + gold_line(spans) + "\n", encoding="utf-8")
    code, _, err = cli("import", gold, "--as-gold", "--db", db_path)
    assert code == 2
    assert f"{gold}:2" in err and why in err and "Traceback" not in err
    assert not db_path.exists()


def test_good_gold_spans_are_stored_as_given(cli, tmp_path, db_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line([GOOD]) + "\n", encoding="utf-8")
    assert cli("import", gold, "--as-gold", "--db", db_path)[0] == 0
    with Store(db_path, create=False) as st:
        (aid,) = st.article_ids()
        assert [(s.start, s.end, s.label, s.state) for s in st.spans(aid)] == [(0, 6, "LOC", "accepted")]
        assert st.article(aid).status == "done"


# -- two imports racing to create one database ------------------------------------------

def _texts(n: int, tag: str) -> list[str]:
    return [f"{tag}第{i}号项目在开发区签约，投资{i + 1}亿元。\n" for i in range(n)]


def _count(db: Path) -> int:
    with Store(db, create=False) as st:
        return st.count_articles()


def test_an_import_that_loses_the_race_to_create_the_database_adds_to_the_winners(cli, tmp_path, db_path,
                                                                                    monkeypatch):
    """The loser used to delete the file the winner was filling; now the second
    one to finish finds the database there and adds its articles to it."""
    import zs_tui.storage.publish as pub

    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for folder, tag in ((mine, "甲"), (theirs, "乙")):
        folder.mkdir()
        for i, t in enumerate(_texts(3, tag)):
            (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    real = pub.publish
    raced = []

    def other_import_wins_first(staged, target):  # noqa: ANN001
        if not raced:
            raced.append(1)
            # the other process creates and fills the database while this one was staging
            assert cli("import", theirs, "--db", target, "--no-suggest")[0] == 0
            assert target.exists()
        return real(staged, target)

    monkeypatch.setattr(pub, "publish", other_import_wins_first)
    code, out, err = cli("import", mine, "--db", db_path, "--no-suggest")
    assert code == 0, err
    assert "imported 3 article(s)" in out
    assert _count(db_path) == 6
    with Store(db_path, create=False) as st:
        assert sorted(st.article(a).clean[0] for a in st.article_ids()) == ["乙"] * 3 + ["甲"] * 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging file left


def _holds_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (Linux /proc)."""
    import os

    want = str(path.resolve())
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(want):
                return True
        except OSError:
            continue
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the other import through /proc")
@pytest.mark.parametrize("feed_ends", ["with a bad line", "well"])
def test_two_real_imports_into_a_missing_database(tmp_path, feed_ends):
    """The issue's recipe (`import A & import B`, no database yet) with the
    window held open the way a user can: import B reads a pipe (here a FIFO;
    `producer | zs-tui import /dev/stdin` is the same) whose writer is slow,
    so B is mid-import while import A runs from start to end.  Before staged
    imports B created the database, A waited for B's lock, and B, refused
    for its bad line, deleted the file A then reported its articles stored
    in: no x.db at all.  Now each ends with its articles stored or a clear
    refusal, and nobody removes a database someone else filled."""
    import os
    import subprocess
    import sys
    import time

    small = tmp_path / "small"
    small.mkdir()
    for i, t in enumerate(_texts(3, "甲")):
        (small / f"{i}.txt").write_text(t, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    os.mkfifo(feed)
    db = tmp_path / "x.db"
    cmd = [sys.executable, "-m", "zs_tui.cli", "import"]
    fed = subprocess.Popen([*cmd, str(feed), "--no-suggest", "--db", str(db)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    other = None
    try:
        with open(feed, "w", encoding="utf-8") as pipe:  # returns once the fed import reads the pipe
            pipe.write("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in _texts(4, "乙")))
            pipe.flush()
            other = subprocess.Popen([*cmd, str(small), "--no-suggest", "--db", str(db)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            end = time.monotonic() + 60
            while other.poll() is None and not _holds_open(other.pid, db) and time.monotonic() < end:
                time.sleep(0.01)
            if other.poll() is None:
                # It has the database open: let it get to waiting for the write
                # lock (the old code's 5 s busy wait) before the fed import ends.
                time.sleep(1.5)
            pipe.write('{"text": "broken\n' if feed_ends == "with a bad line" else
                       json.dumps({"text": _texts(5, "乙")[4]}, ensure_ascii=False) + "\n")
        out_o, err_o = other.communicate(timeout=120)
        out_f, err_f = fed.communicate(timeout=120)
    finally:
        for p in (fed, other):
            if p is not None and p.poll() is None:
                p.kill()
    assert other.returncode == 0, err_o
    assert "imported 3 article(s)" in out_o
    assert db.exists(), "the other import's database was deleted"
    if feed_ends == "with a bad line":
        assert fed.returncode == 2 and f"{feed}:5" in err_f and "nothing imported" in err_f, err_f
        assert "Traceback" not in err_f
        assert _count(db) == 3
    else:
        assert fed.returncode == 0, err_f
        assert _count(db) == 8
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging file left


def test_an_import_that_cannot_get_the_lock_refuses_and_removes_nothing(cli, tmp_path, db_path, monkeypatch):
    """The other process still holds its write lock when this import is ready:
    it gives up with a clear message, and the other's database stays."""
    import sqlite3

    import zs_tui.storage.publish as pub

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.txt").write_text(TEXT, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(_texts(1, "乙")[0], encoding="utf-8")
    real, holder = pub.publish, []

    def other_holds_the_lock(staged, target):  # noqa: ANN001
        if holder:  # the other import's own publish
            return real(staged, target)
        holder.append(None)
        assert cli("import", other, "--db", target, "--no-suggest")[0] == 0
        conn = sqlite3.connect(str(target), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        holder[0] = conn
        return real(staged, target)

    monkeypatch.setattr(pub, "publish", other_holds_the_lock)
    monkeypatch.setattr(pub, "PUBLISH_WAIT_MS", 200)
    code, out, err = cli("import", mine, "--db", db_path, "--no-suggest")
    holder[0].execute("ROLLBACK")
    holder[0].close()
    assert code == 2 and "nothing imported: database busy" in err and "Traceback" not in err
    assert _count(db_path) == 1  # the other import's article, still there
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_import_into_an_existing_database_keeps_spans_tied_to_their_suggestions(cli, tmp_path, db_path,
                                                                                    seeds_dir):
    """Publishing copies rows under new ids: every span must still point at its own
    article's suggestion, with the text at its offsets."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert cli("import", *seeds[:2], "--db", db_path)[0] == 0
    with Store(db_path, create=False) as st:  # some review first, so ids are not 1:1
        sid = st.start_session("alice", "t")
        aid = st.article_ids()[0]
        span = st.spans(aid)[0]
        st.record(sid, "alice", aid, "reject", [(span.as_dict(), {**span.as_dict(), "state": "rejected"})])
    assert cli("import", *seeds, "--db", db_path)[0] == 0
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(seeds)
        bad = conn.execute(
            'SELECT count(*) FROM spans s JOIN suggestions g ON g.id = s.suggestion_id'
            ' WHERE g.article_id != s.article_id OR g.start != s.start OR g."end" != s."end"').fetchone()[0]
        assert bad == 0
        wrong_text = conn.execute(
            'SELECT count(*) FROM spans s JOIN articles a ON a.id = s.article_id'
            ' WHERE substr(a.clean, s.start + 1, s."end" - s.start) != s.text').fetchone()[0]
        assert wrong_text == 0
        assert conn.execute("SELECT count(*) FROM spans WHERE suggestion_id IS NOT NULL").fetchone()[0] > 100
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_skip_bad_skips_a_file_whose_name_is_not_utf8(cli, tmp_path, db_path):
    import os

    d = tmp_path / "corpus"
    d.mkdir()
    (d / "good.txt").write_text(TEXT, encoding="utf-8")
    Path(os.fsdecode(bytes(d) + b"/bad\xff.txt")).write_text("另一篇。\n", encoding="utf-8")
    code, out, err = cli("import", d, "--db", db_path, "--skip-bad", "--no-suggest")
    assert code == 0, err
    assert "skipped" in err and "bad\\xff.txt" in err and "not valid UTF-8" in err
    assert _count(db_path) == 1
