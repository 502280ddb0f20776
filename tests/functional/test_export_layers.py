"""`zs-tui export --layer` (issue 12 item 4): a database with one annotator
exports the same bytes as before layers; with several, a layer is picked
(the adjudicated one by default, else an error listing the layers)."""
from __future__ import annotations

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
