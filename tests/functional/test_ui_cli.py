"""`zs-tui review` options as a user types them: key files, the list of keys."""
from __future__ import annotations

import json

import pytest
from review_data import seed_store

from zs_tui.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_keys_prints_every_remappable_binding(capsys):
    code, out, _ = run(capsys, "review", "--list-keys")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert {"accept", "reject", "label_1", "label_9", "done", "undo", "redo", "mark_all", "quit"} <= set(lines)
    assert "a,enter" in lines["accept"]


@pytest.mark.parametrize("keys, says", [
    ({"acept": "space"}, "unknown binding id(s) acept"),
    ({"accept": "x"}, "a key would do two things (x: accept, reject)"),
])
def test_a_bad_key_file_is_refused_with_the_reason(capsys, tmp_path, db_path, keys, says):
    seed_store(db_path).close()
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(keys))
    code, _, err = run(capsys, "review", "--db", str(db_path), "--keys", str(path))
    assert code == 2 and says in err


def test_review_without_a_database_says_how_to_make_one(capsys, tmp_path):
    code, _, err = run(capsys, "review", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "zs-tui import" in err
    assert not (tmp_path / "none.db").exists()
