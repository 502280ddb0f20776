"""`zs-tui import` and `zs-tui stats` as a user runs them, bad input included."""
import hashlib
import json
import sqlite3

import pytest

from zs_tui.cli import main
from zs_tui.storage import Store

TEXT = "朔州市应县经济技术开发区举行项目签约仪式,总投资10亿元的陶瓷项目落地。"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(db):
    with Store(db) as st:
        return st.count_articles()


def test_import_seeds_then_again_adds_nothing(capsys, seeds_dir, db_path):
    code, out, _ = run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    assert code == 0 and "imported 5 article(s)" in out
    code, out, _ = run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    assert code == 0 and "nothing new" in out
    assert count(db_path) == 5


def test_stats_json_reports_status_script_and_labels(capsys, seeds_dir, db_path):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    code, out, _ = run(capsys, "stats", "--db", str(db_path), "--json")
    st = json.loads(out)
    assert code == 0
    assert st["articles"] == 5 and st["by_status"]["todo"] == 5
    assert st["by_script"] == {"simplified": 3, "traditional": 2}
    assert st["spans_by_label"]["MONEY"]["pending"] > 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_each_encoding_is_recorded(capsys, tmp_path, db_path, encoding):
    text = TEXT if encoding != "big5" else "朔州市應縣經濟技術開發區舉行項目簽約儀式,總投資10億元的陶瓷項目落地。"
    f = tmp_path / "a.txt"
    f.write_bytes((text * 2).encode(encoding))
    assert run(capsys, "import", str(f), "--db", str(db_path))[0] == 0
    with Store(db_path) as st:
        art = st.article(st.article_ids()[0])
    assert art.encoding == encoding and art.clean == text * 2


def _bad_inputs(tmp_path):
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n", "utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "garbage.txt").write_bytes(b"\xff\xfe\xfa\xfb\x80\x81" * 50)
    (tmp_path / "big.txt").write_text("招商引资" * (5 * 1024 * 1024 // 12 + 1), "utf-8")
    (tmp_path / "broken.jsonl").write_text('{"text": "招商"}\n{"text": oops}\n', "utf-8")
    return {
        "missing": (str(tmp_path / "nope.txt"), "no such file"),
        "empty dir": (str(tmp_path / "empty_dir"), "no .txt or .jsonl"),
        "empty file": (str(tmp_path / "empty.txt"), "empty file"),
        "blank file": (str(tmp_path / "blank.txt"), "empty file"),
        "binary": (str(tmp_path / "image.txt"), "binary file"),
        "undecodable": (str(tmp_path / "garbage.txt"), "not valid UTF-8, GB18030 or Big5"),
        "5 MB": (str(tmp_path / "big.txt"), "MB; articles over 2 MB are refused"),
        "broken jsonl": (str(tmp_path / "broken.jsonl"), "broken.jsonl:2: broken JSON"),
    }


@pytest.mark.parametrize("case", ["missing", "empty dir", "empty file", "blank file", "binary", "undecodable", "5 MB", "broken jsonl"])
def test_bad_input_is_refused_clearly_and_writes_nothing(capsys, tmp_path, db_path, case):
    path, message = _bad_inputs(tmp_path)[case]
    code, _, err = run(capsys, "import", path, "--db", str(db_path))
    assert code != 0
    assert message in err and "nothing imported" in err
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


def test_db_that_is_not_sqlite_is_refused_and_untouched(capsys, tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n" * 10, "utf-8")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    src = tmp_path / "a.txt"
    src.write_text(TEXT, "utf-8")
    code, _, err = run(capsys, "import", str(src), "--db", str(db))
    assert code == 2 and "not an SQLite database" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "notes.db-wal").exists() or (tmp_path / "notes.db-wal").stat().st_size == 0


def test_db_from_a_newer_schema_is_refused_unchanged(capsys, tmp_path, seeds_dir, db_path):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    with sqlite3.connect(db_path) as c:
        c.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    code, _, err = run(capsys, "stats", "--db", str(db_path))
    assert code == 2 and "newer zs_tui (schema 99)" in err
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "99"
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 5


def test_foreign_sqlite_db_is_refused(capsys, tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE t(x)")
    code, _, err = run(capsys, "stats", "--db", str(db))
    assert code == 2 and "not a zs_tui one" in err


def test_import_failing_half_way_leaves_the_database_as_it_was(capsys, tmp_path, db_path, monkeypatch):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(TEXT + str(i) * (i + 1), "utf-8")
    original = Store.add_article
    calls = {"n": 0}

    def flaky(self, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(self, *a, **kw)

    monkeypatch.setattr(Store, "add_article", flaky)
    code, _, err = run(capsys, "import", *[str(tmp_path / f"{i}.txt") for i in range(5)], "--db", str(db_path))
    assert code == 2 and "disk full" in err
    assert count(db_path) == 0


def test_no_arguments_creates_the_database_from_seeds(tmp_path, monkeypatch, capsys):
    from zs_tui.commands import default

    monkeypatch.chdir(tmp_path)
    assert default.ensure_seeded("annotations.db") == 0
    assert "new database annotations.db" in capsys.readouterr().out
    assert count(tmp_path / "annotations.db") == 5
