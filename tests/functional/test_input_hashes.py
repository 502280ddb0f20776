"""Prodigy's input hash of each text, kept from the import on (schema 0008):
every way an article comes in stores it, a database from before is given it
when migrated, and an export writes the same bytes whether an article has one
stored or not (the export then works it out)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from test_export_columns import AWKWARD, awkward_db

from zs_tui.cli import main
from zs_tui.prodigy_hash import prodigy_hashes, text_input_hash
from zs_tui.storage import Store

V3 = Path(__file__).parents[1] / "fixtures" / "v3.db"


def stored(db: Path) -> dict[int, int]:
    with Store(db, create=False) as st:
        return dict(st.conn.execute("SELECT article_id, hash FROM input_hashes").fetchall())


def texts(db: Path) -> dict[int, str]:
    with Store(db, create=False) as st:
        return dict(st.conn.execute("SELECT id, clean FROM articles").fetchall())


def test_each_stored_hash_is_the_one_prodigy_computes_from_the_text(tmp_path):
    db = awkward_db(tmp_path / "awk.db")  # add_article: control characters, emoji, Latin-1, NUL, quotes
    by_id = texts(db)
    assert len(by_id) == len(AWKWARD) and stored(db) == {
        aid: prodigy_hashes({"text": text})[0] for aid, text in by_id.items()}


def test_a_bulk_import_stores_the_hash_of_every_article_new_database_or_not(capsys, seeds_dir, tmp_path):
    db = tmp_path / "corpus.db"
    assert main(["import", str(seeds_dir), "--db", str(db)]) == 0  # the staging file becomes the database
    more = tmp_path / "more"
    more.mkdir()
    (more / "new.txt").write_text("徐州铜山签约，投资五亿元。\n", encoding="utf-8")
    assert main(["import", str(more), "--db", str(db)]) == 0  # published into it
    capsys.readouterr()
    by_id = texts(db)
    assert len(by_id) == 6 and stored(db) == {aid: text_input_hash(text) for aid, text in by_id.items()}


def test_a_database_from_before_is_given_the_hash_of_each_article_it_holds(tmp_path):
    path = tmp_path / "v3.db"
    shutil.copyfile(V3, path)
    with sqlite3.connect(path) as c:
        assert not c.execute("SELECT 1 FROM sqlite_master WHERE name='input_hashes'").fetchall()
    by_id = texts(path)  # the open migrates it
    assert by_id and stored(path) == {aid: text_input_hash(text) for aid, text in by_id.items()}


def test_an_article_without_a_stored_hash_exports_the_same_bytes(cli, tmp_path):
    db = awkward_db(tmp_path / "awk.db")
    with_hashes, without = tmp_path / "with.jsonl", tmp_path / "without.jsonl"
    assert cli("export", "--db", db, "-o", with_hashes)[0] == 0
    with Store(db) as st:
        st.conn.execute("DELETE FROM input_hashes WHERE article_id % 2 = 0")  # inserted by hand, say
    assert cli("export", "--db", db, "-o", without)[0] == 0
    assert without.read_bytes() == with_hashes.read_bytes() and len(stored(db)) < len(AWKWARD)


def test_the_export_writes_the_stored_hash(cli, tmp_path):
    # what makes the export fast: it reads the number rather than hashing the text again
    db = awkward_db(tmp_path / "awk.db")
    with Store(db) as st:
        st.conn.execute("UPDATE input_hashes SET hash = 7")
    out = tmp_path / "out.jsonl"
    assert cli("export", "--db", db, "-o", out)[0] == 0
    assert out.read_text("utf-8").count('"_input_hash": 7,') == len(AWKWARD)


def as_version_7(db: Path) -> None:
    """The database as schema 7 left it: no table of hashes, 0008 not applied."""
    with sqlite3.connect(db) as c:
        c.execute("DROP TABLE input_hashes")
        c.execute("DELETE FROM migrations WHERE name = '0008_input_hashes'")
        c.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")


def test_a_text_that_is_not_utf8_leaves_the_migration_to_the_others_and_the_export_names_it(cli, tmp_path):
    db = awkward_db(tmp_path / "awk.db")
    as_version_7(db)
    with sqlite3.connect(db) as c:
        c.execute("UPDATE articles SET clean = CAST(x'e5be90ff' || CAST(clean AS BLOB) AS TEXT) WHERE id = 2")
    code, _out, err = cli("stats", "--db", str(db))  # the migration failed on it: every command did
    assert code == 0, err
    with Store(db) as st:  # migrated in place by a writing open
        assert st.conn.execute("SELECT count(*) FROM input_hashes").fetchone()[0] == len(AWKWARD) - 1
        assert not st.conn.execute("SELECT 1 FROM input_hashes WHERE article_id = 2").fetchall()
    code, _out, err = cli("export", "--db", str(db), "-o", str(tmp_path / "out.jsonl"))
    assert code == 2 and "article 2" in err and "UTF-8" in err


def test_an_article_deleted_by_hand_does_not_refuse_the_next_import(cli, tmp_path):
    db = tmp_path / "corpus.db"
    src = tmp_path / "in"
    src.mkdir()
    for k in range(3):
        (src / f"{k}.txt").write_text(f"徐州签约第{k}个项目，投资{k + 1}亿元。\n", encoding="utf-8")
    assert cli("import", str(src), "--db", str(db), "--no-suggest")[0] == 0
    with sqlite3.connect(db) as c:  # foreign keys off, as sqlite3's shell has them: its hash row stays
        c.execute("DELETE FROM articles WHERE id = (SELECT max(id) FROM articles)")
    (src / "3.txt").write_text("连云港签约新的项目，投资九亿元。\n", encoding="utf-8")
    code, _out, err = cli("import", str(src / "3.txt"), "--db", str(db), "--no-suggest")
    assert code == 0, err
    by_id = texts(db)
    assert len(by_id) == 3 and stored(db) == {aid: text_input_hash(text) for aid, text in by_id.items()}


def test_a_migration_is_announced_before_it_runs_and_a_new_database_is_not(cli, tmp_path):
    db = awkward_db(tmp_path / "awk.db")
    as_version_7(db)
    code, _out, err = cli("stats", "--db", str(db))  # read through a migrated copy: the file stays schema 7
    assert code == 0 and "reading awk.db through a copy migrated to schema 8 (0008_input_hashes" in err, err
    code, _out, err = cli("import", str(write_text(tmp_path / "new.txt")), "--db", str(db), "--no-suggest")
    assert code == 0 and "migrating awk.db to schema 8 (0008_input_hashes;" in err, err
    code, _out, err = cli("import", str(tmp_path / "new.txt"), "--db", str(tmp_path / "fresh.db"), "--no-suggest")
    assert code == 0 and "migrating" not in err, err
    code, _out, err = cli("stats", "--db", str(db))  # migrated already
    assert code == 0 and "migrating" not in err, err


def write_text(path: Path) -> Path:
    path.write_text("连云港签约新的项目，投资九亿元。\n", encoding="utf-8")
    return path
