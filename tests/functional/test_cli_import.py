"""`zs-tui import`, `zs-tui stats` and bare `zs-tui` as a user runs them, bad input included."""
import hashlib
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.storage import SCHEMA_VERSION, Store

TEXT = "朔州市应县经济技术开发区举行项目签约仪式,总投资10亿元的陶瓷项目落地。"
TRAD = "朔州市應縣經濟技術開發區舉行項目簽約儀式,總投資10億元的陶瓷項目落地。"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(db):
    with Store(db, create=False) as st:
        return st.count_articles()


def snapshot(db: Path) -> dict[str, str]:
    """Every file of the database (main file, -wal, -shm) by content hash."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(db.parent.glob(db.name + "*"))}


# -- import, twice ------------------------------------------------------------

def test_import_seeds_then_again_adds_nothing(capsys, seeds_dir, db_path):
    code, out, _ = run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    assert code == 0 and f"imported 5 article(s) into {db_path} with" in out
    before = snapshot(db_path)
    code, out, err = run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    assert code == 0 and f"nothing new: all 5 article(s) are already in {db_path}" in out and not err
    assert count(db_path) == 5
    assert snapshot(db_path) == before


def test_second_import_adds_only_what_is_new(capsys, tmp_path, seeds_dir, db_path):
    assert run(capsys, "import", str(seeds_dir), "--db", str(db_path), "--no-suggest")[0] == 0
    new = tmp_path / "new.txt"
    new.write_text(TEXT, "utf-8")
    # the same seed text saved again elsewhere with CRLF endings is the same article
    again = tmp_path / "copy.txt"
    again.write_bytes(next(seeds_dir.glob("000_*.txt")).read_text("utf-8").replace("\n", "\r\n").encode("utf-8"))
    code, out, _ = run(capsys, "import", str(seeds_dir), str(new), str(again), "--db", str(db_path), "--no-suggest")
    assert code == 0
    assert "imported 1 article(s)" in out and "6 already present, skipped" in out
    assert count(db_path) == 6


def test_no_suggest_imports_bare_articles(capsys, seeds_dir, db_path):
    code, out, _ = run(capsys, "import", str(seeds_dir), "--db", str(db_path), "--no-suggest")
    assert code == 0 and "imported 5 article(s)" in out and "suggestion" not in out
    with Store(db_path) as st:
        assert st.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        # not marked as suggested: a later resuggest must still find them
        from zs_tui.suggest import SUGGESTER_VERSION

        assert len(st.articles_needing_suggestions(SUGGESTER_VERSION)) == 5


# -- encodings and scripts ------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_each_encoding_is_recorded(capsys, tmp_path, db_path, encoding):
    text = TEXT if encoding != "big5" else TRAD
    f = tmp_path / "a.txt"
    f.write_bytes((text * 2).encode(encoding))
    assert run(capsys, "import", str(f), "--db", str(db_path), "--no-suggest")[0] == 0
    with Store(db_path) as st:
        art = st.article(st.article_ids()[0])
    assert art.encoding == encoding and art.clean == text * 2 and art.raw == text * 2


def test_mixed_encodings_in_one_directory(capsys, tmp_path, db_path):
    d = tmp_path / "corpus"
    (d / "tw").mkdir(parents=True)
    (d / "a.txt").write_bytes(TEXT.encode("gb18030"))
    (d / "tw" / "b.txt").write_bytes(TRAD.encode("big5"))
    (d / "c.txt").write_bytes(b"\xef\xbb\xbf" + ("招商引资:" + TRAD).encode("utf-8"))
    (d / "d.jsonl").write_text(json.dumps({"text": "江苏省" + TEXT, "meta": {"source": "web/1"}}, ensure_ascii=False) + "\n", "utf-8")
    code, out, err = run(capsys, "import", str(d), "--db", str(db_path), "--no-suggest")
    assert code == 0 and "imported 4 article(s)" in out, err
    with Store(db_path) as st:
        got = {Path(a.source).name: (a.encoding, a.script) for a in map(st.article, st.article_ids())}
    assert got == {
        "a.txt": ("gb18030", "simplified"),
        "b.txt": ("big5", "traditional"),
        "c.txt": ("utf-8-sig", "traditional"),
        "1": ("utf-8", "simplified"),
    }


def test_script_detection_is_stored(capsys, tmp_path, db_path):
    files = {"s.txt": TEXT * 3, "t.txt": TRAD * 3, "m.txt": TEXT + TRAD}
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    assert run(capsys, "import", *[str(tmp_path / n) for n in files], "--db", str(db_path), "--no-suggest")[0] == 0
    code, out, _ = run(capsys, "stats", "--db", str(db_path), "--json")
    assert json.loads(out)["by_script"] == {"mixed": 1, "simplified": 1, "traditional": 1}


# -- bad input ---------------------------------------------------------------------

def _bad_inputs(tmp_path):
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "empty_dir" / "notes.md").write_text("no articles here", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n", "utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "garbage.txt").write_bytes(b"\x80\x81\xff\xfa\xfb\xfe" * 50)
    (tmp_path / "utf16.txt").write_bytes(TEXT.encode("utf-16"))
    (tmp_path / "big.txt").write_text("招商引资" * (5 * 1024 * 1024 // 12 + 1), "utf-8")
    (tmp_path / "broken.jsonl").write_text('{"text": "招商"}\n{"text": oops}\n', "utf-8")
    return {
        "missing": (str(tmp_path / "nope.txt"), "nope.txt: no such file or directory"),
        "empty dir": (str(tmp_path / "empty_dir"), "empty_dir: directory holds no .txt or .jsonl articles"),
        "empty file": (str(tmp_path / "empty.txt"), "empty.txt: empty file"),
        "blank file": (str(tmp_path / "blank.txt"), "blank.txt: empty file"),
        "binary": (str(tmp_path / "image.txt"), "image.txt: binary file"),
        "binary named directly": (str(tmp_path / "photo.png"), "photo.png: binary file"),
        "undecodable": (str(tmp_path / "garbage.txt"), "garbage.txt: bytes are not valid UTF-8, GB18030 or Big5"),
        "utf-16": (str(tmp_path / "utf16.txt"), "utf16.txt: UTF-16 text is not supported; save it as UTF-8"),
        "5 MB": (str(tmp_path / "big.txt"), "big.txt: is 5.0 MB; articles over 2 MB are refused"),
        "broken jsonl": (str(tmp_path / "broken.jsonl"), "broken.jsonl:2: broken JSON"),
    }


BAD = ["missing", "empty dir", "empty file", "blank file", "binary", "binary named directly",
       "undecodable", "utf-16", "5 MB", "broken jsonl"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_clearly_and_writes_nothing(capsys, tmp_path, db_path, case):
    path, message = _bad_inputs(tmp_path)[case]
    code, out, err = run(capsys, "import", path, "--db", str(db_path))
    assert code != 0
    assert message in err and "nothing imported" in err
    assert "Traceback" not in err and "imported" not in out
    assert not db_path.exists()


@pytest.mark.parametrize("case", BAD)
def test_bad_input_leaves_an_existing_database_unchanged(capsys, tmp_path, seeds_dir, case):
    db = tmp_path / "db" / "annotations.db"
    db.parent.mkdir()
    assert run(capsys, "import", str(seeds_dir), "--db", str(db), "--no-suggest")[0] == 0
    before = snapshot(db)
    path, message = _bad_inputs(tmp_path)[case]
    good = tmp_path / "good.txt"
    good.write_text(TEXT, "utf-8")
    code, _, err = run(capsys, "import", str(good), path, "--db", str(db))
    assert code != 0 and message in err
    assert snapshot(db) == before
    assert count(db) == 5


@pytest.mark.parametrize("case", ["empty file", "binary", "undecodable", "5 MB", "broken jsonl"])
def test_skip_bad_imports_the_rest(capsys, tmp_path, db_path, case):
    path, message = _bad_inputs(tmp_path)[case]
    good = tmp_path / "good.txt"
    good.write_text(TEXT, "utf-8")
    code, out, err = run(capsys, "import", str(good), path, "--db", str(db_path), "--skip-bad", "--no-suggest")
    assert code == 0 and f"skipped: {tmp_path}" in err and message in err
    expected = 2 if case == "broken jsonl" else 1  # the good line of the JSONL file too
    assert f"imported {expected} article(s)" in out
    assert count(db_path) == expected


def test_skip_bad_does_not_excuse_a_missing_path(capsys, tmp_path, db_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, "utf-8")
    code, _, err = run(capsys, "import", str(good), str(tmp_path / "typo.txt"), "--db", str(db_path), "--skip-bad")
    assert code == 2 and "typo.txt: no such file or directory" in err and "nothing imported" in err
    assert not db_path.exists()


def test_skip_bad_with_nothing_readable_fails(capsys, tmp_path, db_path):
    path, _ = _bad_inputs(tmp_path)["undecodable"]
    code, out, err = run(capsys, "import", path, "--db", str(db_path), "--skip-bad")
    assert code != 0 and "nothing imported: no readable articles" in err
    assert not db_path.exists()


def test_bad_file_among_good_ones_refuses_all_unless_skip_bad(capsys, tmp_path, db_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, "utf-8")
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "招商引资项目"}\nnot json\n', "utf-8")
    code, _, err = run(capsys, "import", str(good), str(bad), "--db", str(db_path))
    assert code == 2 and "--skip-bad" in err and not db_path.exists()
    code, out, err = run(capsys, "import", str(good), str(bad), "--db", str(db_path), "--skip-bad")
    assert code == 0 and "imported 2 article(s)" in out and "broken.jsonl:2" in err


def test_max_mb_raises_the_limit(capsys, tmp_path, db_path):
    path, _ = _bad_inputs(tmp_path)["5 MB"]
    code, out, _ = run(capsys, "import", path, "--db", str(db_path), "--max-mb", "6", "--no-suggest")
    assert code == 0 and "imported 1 article(s)" in out


def test_db_that_is_not_sqlite_is_refused_and_untouched(capsys, tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n" * 10, "utf-8")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    src = tmp_path / "a.txt"
    src.write_text(TEXT, "utf-8")
    code, _, err = run(capsys, "import", str(src), "--db", str(db))
    assert code == 2 and "not an SQLite database" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "notes.db"]


def test_db_from_a_newer_schema_is_refused_unchanged(capsys, tmp_path, seeds_dir, db_path):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path), "--no-suggest")
    with sqlite3.connect(db_path) as c:
        c.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    c.close()
    before = snapshot(db_path)
    code, _, err = run(capsys, "stats", "--db", str(db_path))
    assert code == 2 and "newer zs_tui (schema 99)" in err
    src = tmp_path / "a.txt"
    src.write_text(TEXT, "utf-8")
    code, out, err = run(capsys, "import", str(src), "--db", str(db_path))
    assert code == 2 and "newer zs_tui (schema 99)" in err and "imported" not in out
    assert snapshot(db_path) == before
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "99"
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    c.close()


def test_foreign_sqlite_db_is_refused_unchanged(capsys, tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE t(x)")
        c.execute("INSERT INTO t VALUES (1)")
    c.close()
    before = snapshot(db)
    code, _, err = run(capsys, "stats", "--db", str(db))
    assert code == 2 and "not a zs_tui one" in err
    src = tmp_path / "a.txt"
    src.write_text(TEXT, "utf-8")
    code, _, err = run(capsys, "import", str(src), "--db", str(db))
    assert code == 2 and "not a zs_tui one" in err
    assert snapshot(db) == before


def _flaky_add_article(monkeypatch, fail_on=3):
    """Storing the ``fail_on``-th article raises (a disk filling up half way),
    one at a time (``add_article``) or in a batch (``add_articles``: those
    before it in the batch are stored first)."""
    original, original_many = Store.add_article, Store.add_articles
    calls = {"n": 0}

    def count() -> None:
        calls["n"] += 1
        if calls["n"] == fail_on:
            raise RuntimeError("disk full")

    def flaky(self, *a, **kw):
        count()
        return original(self, *a, **kw)

    def flaky_many(self, arts):
        ids = []
        for art in arts:
            count()
            ids += original_many(self, [art])
        return ids

    monkeypatch.setattr(Store, "add_article", flaky)
    monkeypatch.setattr(Store, "add_articles", flaky_many)
    return calls


def test_import_failing_half_way_leaves_the_database_as_it_was(capsys, tmp_path, seeds_dir, monkeypatch):
    db = tmp_path / "db" / "annotations.db"
    db.parent.mkdir()
    assert run(capsys, "import", str(seeds_dir), "--db", str(db), "--no-suggest")[0] == 0
    before = snapshot(db)
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(TEXT + str(i) * (i + 1), "utf-8")
    calls = _flaky_add_article(monkeypatch)
    code, out, err = run(capsys, "import", *[str(tmp_path / f"{i}.txt") for i in range(5)], "--db", str(db), "--no-suggest")
    assert calls["n"] == 3
    assert code == 2 and "nothing imported: disk full" in err and "imported" not in out
    assert count(db) == 5
    assert snapshot(db) == before


def test_import_into_a_new_database_leaves_it_in_wal_mode_and_no_staging_file(capsys, tmp_path, seeds_dir):
    # The staging file is loaded without WAL, then linked in as the target:
    # the target must still be a WAL database (review apps read while an import
    # or another reviewer writes), even with nothing opening it afterwards.
    db = tmp_path / "db" / "annotations.db"
    db.parent.mkdir()
    assert run(capsys, "import", str(seeds_dir), "--db", str(db), "--no-suggest")[0] == 0
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    finally:
        conn.close()
    assert sorted(p.name for p in db.parent.iterdir()) == ["annotations.db"]


def test_import_failing_half_way_into_a_new_database_leaves_no_file(capsys, tmp_path, db_path, monkeypatch):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(TEXT + str(i) * (i + 1), "utf-8")
    _flaky_add_article(monkeypatch)
    code, _, err = run(capsys, "import", *[str(tmp_path / f"{i}.txt") for i in range(5)], "--db", str(db_path))
    assert code == 2 and "disk full" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("annotations")) == []


# -- stats -------------------------------------------------------------------------

def test_stats_json_reports_status_script_and_labels(capsys, seeds_dir, db_path):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    code, out, _ = run(capsys, "stats", "--db", str(db_path), "--json")
    st = json.loads(out)
    assert code == 0
    assert st["articles"] == 5
    assert st["by_status"] == {"todo": 5, "in_progress": 0, "done": 0, "skipped": 0}
    assert st["by_script"] == {"simplified": 3, "traditional": 2}
    assert st["schema_version"] == SCHEMA_VERSION and st["sessions"] == 0 and st["events"] == 0
    assert st["spans_by_label"]["MONEY"]["pending"] > 0
    with Store(db_path) as s:
        n_spans = s.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    assert sum(sum(d.values()) for d in st["spans_by_label"].values()) == n_spans


def test_stats_follows_review_decisions(capsys, seeds_dir, db_path):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    with Store(db_path) as st:
        a, b = st.article_ids()[:2]
        sid = st.start_session("ann", "test")
        span = st.spans(a)[0].as_dict()
        st.record(sid, "ann", a, "accept", [(span, {**span, "state": "accepted"})], ("todo", "in_progress"))
        st.record(sid, "ann", b, "done", [], status=("todo", "done"))
    code, out, _ = run(capsys, "stats", "--db", str(db_path), "--json")
    st = json.loads(out)
    assert st["by_status"] == {"todo": 3, "in_progress": 1, "done": 1, "skipped": 0}
    assert st["spans_by_label"][span["label"]]["accepted"] == 1
    assert st["sessions"] == 1 and st["events"] == 2


def test_stats_table_and_missing_database(capsys, seeds_dir, db_path):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path), "--no-suggest")
    code, out, _ = run(capsys, "stats", "--db", str(db_path))
    assert code == 0
    assert f"{db_path}: 5 article(s)" in out and "Articles" in out and "Spans per label" in out
    assert "traditional" in out and "in progress" in out
    missing = db_path.parent / "absent.db"
    code, out, err = run(capsys, "stats", "--db", str(missing))
    assert code == 2 and "no database at" in err
    assert not missing.exists()


# -- bare `zs-tui` ----------------------------------------------------------------------

def test_no_arguments_creates_the_database_from_seeds(tmp_path, monkeypatch):
    from zs_tui.ingest.importing import seed_database

    monkeypatch.chdir(tmp_path)
    seeded = seed_database("annotations.db")
    assert seeded is not None and "new database annotations.db" in seeded.message
    assert count(tmp_path / "annotations.db") == 5
    before = snapshot(tmp_path / "annotations.db")
    assert seed_database("annotations.db") is None  # already there: untouched
    assert snapshot(tmp_path / "annotations.db") == before


def test_bare_command_without_review_app_shows_stats(tmp_path, monkeypatch, capsys):
    real = importlib.util.find_spec

    def no_review(name, *a, **kw):
        return None if name == "zs_tui.ui.app" else real(name, *a, **kw)

    monkeypatch.setattr(importlib.util, "find_spec", no_review)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys)  # `zs-tui` with no arguments
    assert code == 0, err
    assert "new database annotations.db from the built-in seeds" in out
    assert "annotations.db: 5 article(s)" in out
    assert count(tmp_path / "annotations.db") == 5
    with Store(tmp_path / "annotations.db") as st:
        assert st.conn.execute("SELECT count(*) FROM spans WHERE state='pending'").fetchone()[0] > 0


def test_failed_seeding_leaves_no_database(tmp_path, monkeypatch, capsys):
    from zs_tui.errors import ZsError
    from zs_tui.ingest.importing import seed_database

    monkeypatch.chdir(tmp_path)
    _flaky_add_article(monkeypatch, fail_on=2)
    with pytest.raises(ZsError, match="nothing imported"):
        seed_database("annotations.db")
    # the next start must try again, not open an empty database
    assert list(tmp_path.iterdir()) == []


# -- the installed console script ------------------------------------------------------

def test_console_script_reports_bad_input(tmp_path):
    exe = Path(sys.executable).with_name("zs-tui")
    if not exe.exists():
        pytest.skip("zs-tui console script not installed next to this Python")
    (tmp_path / "empty.txt").write_bytes(b"")
    env = {**os.environ, "NO_COLOR": "1"}
    r = subprocess.run([str(exe), "import", "empty.txt", "--db", "x.db"], cwd=tmp_path,
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2
    assert "empty.txt: empty file" in r.stderr and "nothing imported" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert not (tmp_path / "x.db").exists()


def test_a_wrong_db_is_refused_before_reading_the_corpus(capsys, tmp_path, seeds_dir, monkeypatch):
    db = tmp_path / "notes.db"
    db.write_text("not a database", "utf-8")
    import zs_tui.ingest.inputs

    def must_not_read(*a, **kw):
        raise AssertionError("the corpus was read although the database is unusable")

    monkeypatch.setattr(zs_tui.ingest.inputs, "read_inputs", must_not_read)
    code, _, err = run(capsys, "import", str(seeds_dir), "--db", str(db))
    assert code == 2 and "not an SQLite database" in err
    assert db.read_text("utf-8") == "not a database"


def test_db_in_a_missing_folder(capsys, tmp_path, seeds_dir):
    db = tmp_path / "no" / "such" / "annotations.db"
    code, _, err = run(capsys, "import", str(seeds_dir), "--db", str(db), "--no-suggest")
    assert code == 2 and "folder" in err and "does not exist" in err
    assert not (tmp_path / "no").exists()
