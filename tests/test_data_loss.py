"""Issue 10, item 1: the paths that lost data, each with the test that caught it."""
from __future__ import annotations

import hashlib
import json
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
