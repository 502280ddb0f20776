"""`zs-tui export --layer` (issue 12 item 4): a database with one annotator
exports the same bytes as before layers; with several, a layer is picked
(the adjudicated one by default, else an error listing the layers)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.review.session import ReviewSession
from zs_tui.storage import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"


def copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    return path


# The references were written by the code of d5faa0c (one shared layer, before
# migration 0004) from the same fixtures: `zs-tui export --db v1.db -o v1.export.jsonl`,
# and with `--status any` as jsonl and conll; v3.export.jsonl from v3.db.
@pytest.mark.parametrize("args, ref", [
    ([], "v1.export.jsonl"),
    (["--status", "any"], "v1.export-any.jsonl"),
    (["--status", "any", "--format", "conll"], "v1.export-any.conll"),
    (["--layer", "v1-reviewer"], "v1.export.jsonl"),
])
def test_a_single_annotator_database_exports_the_bytes_it_did_before_layers(tmp_path, args, ref):
    db = copy(tmp_path, "v1.db")
    out = tmp_path / "out"
    assert main(["export", "--db", str(db), "-o", str(out), *args]) == 0
    assert out.read_bytes() == (FIXTURES / ref).read_bytes()


def test_annotators_on_different_articles_export_together(tmp_path):
    # in v3.db ann has article 1, bob article 2 (his since migration): one version of each
    db = copy(tmp_path, "v3.db")
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 0
    assert out.read_bytes() == (FIXTURES / "v3.export.jsonl").read_bytes()


def test_an_article_of_several_annotators_and_no_adjudicated_layer_is_an_error_listing_them(tmp_path, capsys):
    db = copy(tmp_path, "v3.db")
    with Store(db) as st:  # ann works on article 2 too, which bob finished
        s = ReviewSession(st, "ann", DEFAULT_LABELS)
        s.open(2)
        assert s.accept().ok
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "1 article(s)" in err and "#2" in err and "(ann, bob)" in err and "--layer" in err
    assert "nothing was exported" in err and not out.exists()
    assert main(["export", "--db", str(db), "-o", str(out), "--layer", "zoe"]) == 2
    assert "no layer 'zoe'" in capsys.readouterr().err and not out.exists()
    assert main(["export", "--db", str(db), "-o", str(out), "--layer", "bob"]) == 0


def test_each_annotators_layer_exports_their_articles_as_they_left_them(tmp_path):
    db = copy(tmp_path, "v3.db")
    old = (FIXTURES / "v3.export.jsonl").read_bytes().splitlines(keepends=True)  # articles 1, 2, 4
    for who, lines in (("ann", [old[0], old[2]]), ("bob", [old[1], old[2]])):
        out = tmp_path / f"{who}.jsonl"
        assert main(["export", "--db", str(db), "-o", str(out), "--layer", who]) == 0
        assert out.read_bytes() == b"".join(lines), who



def team(db: Path, differ: set[int]) -> Path:
    """ann and bob both finish articles 1-3 (one suggestion each), accepting it, bob
    rejecting it in the articles of ``differ``."""
    from zs_tui.ingest.inputs import make_article

    with Store(db) as st:
        for i, text in enumerate(["甲市与乙公司签约。", "丙区发布丁项目。", "戊县招商引资。"]):
            st.add_article(make_article(text, f"{i}.txt", "utf-8"), [{"start": 0, "end": 2, "label": "LOC"}], "t")
        for who in ("ann", "bob"):
            s = ReviewSession(st, who, DEFAULT_LABELS)
            for aid in (1, 2, 3):
                s.open(aid)
                assert (s.reject() if who == "bob" and aid in differ else s.accept_all()).ok
                assert s.done().ok
            st.end_session(s.session_id)
    return db


def test_versions_that_agree_export_once_without_adjudication_and_only_those_that_differ_are_named(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(team(tmp_path / "one.db", differ={2})), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "1 article(s)" in err and "(#2)" in err and "(ann, bob)" in err and not out.exists()
    agreed = team(tmp_path / "agreed.db", differ=set())
    assert main(["export", "--db", str(agreed), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["text"][:2] for x in lines] == ["甲市", "丙区", "戊县"]
    assert all(json.loads(x)["spans"] == [{"start": 0, "end": 2, "label": "LOC", "text": json.loads(x)["text"][:2]}]
               for x in lines)
    assert main(["export", "--db", str(agreed), "-o", str(tmp_path / "ann.jsonl"), "--layer", "ann"]) == 0
    assert out.read_bytes() == (tmp_path / "ann.jsonl").read_bytes()  # ann's version, which is bob's
