"""The committed reference export: the same database exports the same bytes.

Two databases are built the way a user would get them: the frozen corpus
(tests/fixtures/corpus.jsonl, three seed articles with the suggestions they
had when frozen, so a new suggester changes nothing here) plus one recorded
review session each, re-applied with ``zs-tui replay``.  Each is exported in
every format, and the bytes must equal those committed under
tests/fixtures/reference_export/ (written by the code before the library /
click refactor of issue 9).  Regenerate, after a deliberate format change,
with ``.venv/bin/python tests/functional/test_reference_export.py`` and review the diff.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures"
REFERENCE = FIXTURES / "reference_export"
SESSIONS = ("several_articles", "undo_and_edits")
FORMATS = {  # file suffix -> export options
    "jsonl": ["--format", "jsonl"],
    "doccano.jsonl": ["--format", "doccano"],
    "bio.conll": ["--format", "conll", "--scheme", "bio"],
    "bmes.conll": ["--format", "conll", "--scheme", "bmes"],
}


def build(where: Path) -> dict[str, bytes]:
    """Every reference file's name -> the bytes exported today."""
    from zs_tui.cli import main
    from zs_tui.sessions.testing import load_corpus
    from zs_tui.storage import Store

    got: dict[str, bytes] = {}
    for name in SESSIONS:
        db = where / f"{name}.db"
        with Store(db) as st:
            load_corpus(st, FIXTURES / "corpus.jsonl")
        assert main(["replay", str(FIXTURES / f"{name}.session.jsonl"), "--into", str(db)]) == 0
        for suffix, opts in FORMATS.items():
            out = where / f"{name}.{suffix}"
            assert main(["export", "--db", str(db), "--status", "any", *opts, "--output", str(out)]) == 0
            got[out.name] = out.read_bytes()
    return got


# What a replay cannot reproduce: it records the session under a new random
# id, at the time it runs (meta.session and meta.reviewed_at of the articles it
# marked done).  Every other byte - texts, spans, offsets, labels, sources,
# annotators, Prodigy hashes (computed from text and spans only) - must match.
_VARYING = re.compile(rb'"session": "[0-9a-f]+", "reviewed_at": "[0-9T:.+-]+"')


def normalised(data: bytes) -> bytes:
    return _VARYING.sub(b'"session": "<replay id>", "reviewed_at": "<replay time>"', data)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, bytes]:
    return build(tmp_path_factory.mktemp("reference"))


@pytest.mark.parametrize("name", [f"{s}.{f}" for s in SESSIONS for f in FORMATS])
def test_the_export_equals_the_committed_reference(exported, name):
    want = (REFERENCE / name).read_bytes()
    assert normalised(exported[name]) == want, f"{name} differs from {REFERENCE / name}"


def test_only_the_replay_fields_were_normalised(exported):
    # The reference is not vacuous: articles done in the session carry a real
    # session id and time (replaced above), every other one none at all.
    metas = [json.loads(line)["meta"] for line in exported["several_articles.jsonl"].splitlines()]
    done = [m for m in metas if m["annotator"]]
    assert len(done) == 2 and all(m["session"] and m["reviewed_at"] for m in done)
    assert [m["session"] for m in metas if not m["annotator"]] == [None]
    assert b"<replay" not in b"".join(exported.values())
    spans = sum(len(json.loads(line)["spans"]) for line in exported["several_articles.jsonl"].splitlines())
    assert spans > 100


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    REFERENCE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in build(Path(tmp)).items():
            (REFERENCE / name).write_bytes(normalised(data))
            print(f"wrote {REFERENCE / name} ({len(data)} bytes)")
