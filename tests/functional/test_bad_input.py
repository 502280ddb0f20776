"""Issue 10, item 6: every bad input in one matrix.

Each case runs a real command line on a copy of one database and must end
with exit code 2, an ``error:`` message (no traceback) that says what is
wrong, and the database's bytes as they were (no -wal or -shm left either).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

TEXT = "某市经济开发区与某科技公司签约，总投资5亿元。\n"
CASES: dict[str, tuple[Callable[[Path, Path], list], str, Callable | None]] = {}


def case(name: str, says: str, setup: Callable | None = None):  # noqa: ANN201
    """Register ``fn(tmp, db) -> argv`` whose error message must contain ``says``;
    ``setup(monkeypatch)`` makes the machine's fault (a full disk) before it runs."""
    def register(fn):  # noqa: ANN001, ANN202
        CASES[name] = (fn, says, setup)
        return fn
    return register


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def jsonl(tmp: Path, *records: object, name: str = "in.jsonl") -> Path:
    return write(tmp / name, "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                                     for r in records))


def labels(tmp: Path, data: object) -> Path:
    return write(tmp / "labels.json", data if isinstance(data, str) else json.dumps(data))


# -- import ------------------------------------------------------------------------------
case("import: missing path", "no such file")(lambda t, db: ["import", t / "nope.txt", "--db", db])
case("import: empty file", "empty file")(lambda t, db: ["import", write(t / "e.txt", ""), "--db", db])
case("import: binary file", "binary")(lambda t, db: ["import", write(t / "b.txt", b"\x00\x01PK\x03\x04" * 20),
                                                     "--db", db])
case("import: UTF-16", "UTF-16")(lambda t, db: ["import", write(t / "u.txt", TEXT.encode("utf-16")), "--db", db])
case("import: undecodable bytes", "in.txt")(lambda t, db: ["import", write(t / "in.txt", bytes(range(0x80, 0x100)) * 8),
                                                           "--db", db])
case("import: over --max-mb", "MB")(lambda t, db: ["import", write(t / "big.txt", TEXT * 200), "--max-mb", "0.001",
                                                   "--db", db])
case("import: broken JSONL line", "in.jsonl:2")(lambda t, db: ["import", jsonl(t, {"text": TEXT}, '{"text": '),
                                                               "--db", db])
case("import: JSONL line not an object", "in.jsonl:1")(lambda t, db: ["import", jsonl(t, [TEXT]), "--db", db])
case("import: JSONL text not a string", "in.jsonl:1")(lambda t, db: ["import", jsonl(t, {"text": 5}), "--db", db])
case("import: lone surrogate in JSONL text", "in.jsonl:1")(
    lambda t, db: ["import", write(t / "in.jsonl", '{"text": "招商\\ud800引资"}\n'), "--db", db])
case("import: lone surrogate in JSONL meta", "lone surrogate")(
    lambda t, db: ["import", write(t / "in.jsonl", '{"text": "招商引资", "meta": {"s": "\\udc80"}}\n'), "--db", db])
_GB = "某市经济开发区与科技公司签约，总投资五亿元，建设新能源项目。\n"
_BIG5 = "某市經濟開發區與科技公司簽約，總投資五億元，建設新能源項目。\n"
case("import: a file mixing GB18030 and Big5", "mixes")(
    lambda t, db: ["import", write(t / "mixed.txt", _GB.encode("gb18030") * 2 + _BIG5.encode("big5")), "--db", db])
case("import: a JSONL line not in the file's encoding", "line 2")(
    lambda t, db: ["import", write(t / "in.jsonl", json.dumps({"text": TEXT}, ensure_ascii=False).encode() + b"\n"
                                   + b'{"text": "\xff\xfe\xfd"}\n'), "--db", db])
case("import: meta not an object", "in.jsonl:1")(lambda t, db: ["import", jsonl(t, {"text": TEXT, "meta": "x"}),
                                                                 "--db", db])


def _bad_name_dir(t: Path, db: Path) -> list:
    d = t / "corpus"
    d.mkdir()
    write(d / "good.txt", TEXT)
    write(Path(os.fsdecode(bytes(d) + b"/\xff\xfe.txt")), "另一篇。\n")
    return ["import", d, "--db", db]


case("import: non-UTF-8 file name in a directory", "not valid UTF-8")(_bad_name_dir)


def _gold(spans: object) -> Callable[[Path, Path], list]:
    return lambda t, db: ["import", jsonl(t, {"text": "另一篇文章。"}, {"text": TEXT, "spans": spans}), "--as-gold",
                          "--db", db]


for _name, _spans, _says in [
    ("spans an object", {"a": {"start": 0, "end": 2, "label": "LOC"}}, "in.jsonl:2"),
    ("float offset", [{"start": 0.0, "end": 2, "label": "LOC"}], "integer offset"),
    ("string offset", [{"start": "0", "end": 2, "label": "LOC"}], "integer offset"),
    ("label null", [{"start": 0, "end": 2, "label": None}], "not one of"),
    ("unknown label", [{"start": 0, "end": 2, "label": "CITY"}], "not one of"),
    ("overlap", [{"start": 0, "end": 3, "label": "LOC"}, {"start": 2, "end": 5, "label": "ORG"}], "overlap"),
    ("outside the text", [{"start": 0, "end": 500, "label": "LOC"}], "outside"),
    ("span not an object", [[0, 2, "LOC"]], "not an object"),
]:
    case(f"import --as-gold: {_name}", _says)(_gold(_spans))

case("import: a missing path that looks like markup", "[/]no[bold]pe.txt")(
    lambda t, db: ["import", t / "[/]no[bold]pe.txt", "--db", db])


def _full_disk(monkeypatch) -> None:  # noqa: ANN001
    from test_disk_full import cap_growth

    cap_growth(monkeypatch, spare=20)


def _big_corpus(t: Path, db: Path) -> list:
    d = t / "corpus"
    d.mkdir()
    for i in range(40):
        write(d / f"{i}.txt", f"第{i}篇：" + "开发区签约项目投资。" * 400 + "\n")
    return ["import", d, "--db", db, "--no-suggest"]


case("import: the disk fills up", "disk full", setup=_full_disk)(_big_corpus)
case("import: --db is not SQLite", "not an SQLite database")(
    lambda t, db: ["import", write(t / "a.txt", TEXT), "--db", write(t / "notes.db", "just text\n" * 50)])


# -- export and sessions -------------------------------------------------------------------
case("export: --output is the database", "is the database")(lambda t, db: ["export", "--db", db, "--output", db])
case("export: --output is the -wal", "is the database")(
    lambda t, db: ["export", "--db", db, "--output", f"{db}-wal"])
case("export: --output is the -shm", "is the database")(
    lambda t, db: ["export", "--db", db, "--output", f"{db}-shm"])
case("sessions: --output is the -wal", "is the database")(
    lambda t, db: ["sessions", "--db", db, "--export", "s1", "--output", f"{db}-wal"])
case("export: --output through a symlink", "is the database")(
    lambda t, db: (t.joinpath("out.jsonl").symlink_to(db), ["export", "--db", db, "--output", t / "out.jsonl"])[1])
case("export: --output in a missing folder", "does not exist")(
    lambda t, db: ["export", "--db", db, "--output", t / "no" / "x.jsonl"])
case("export: --scheme without conll", "--scheme")(lambda t, db: ["export", "--db", db, "--scheme", "bmes"])
case("sessions: --output is the database", "is the database")(
    lambda t, db: ["sessions", "--db", db, "--export", "s1", "--output", db])
case("sessions: unknown session", "no session")(lambda t, db: ["sessions", "--db", db, "--export", "nope"])

# -- databases that are not ours --------------------------------------------------------------
for _cmd in (["stats"], ["export"], ["sessions"], ["eval", "GOLD", "--db"]):
    def _zero(t: Path, db: Path, cmd: list = _cmd) -> list:
        gold = jsonl(t, {"text": TEXT, "spans": []}, name="gold.jsonl")
        z = write(t / "zero.db", b"")
        return [gold if c == "GOLD" else c for c in cmd] + ([z] if cmd[-1] == "--db" else ["--db", z])
    case(f"{_cmd[0]}: 0-byte database file", "empty file")(_zero)


def _foreign(t: Path, db: Path) -> list:
    f = t / "other_app.db"
    conn = sqlite3.connect(f)
    conn.executescript("CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES ('schema_version', '1');"
                       "CREATE TABLE articles(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO articles VALUES (1, 'x');")
    conn.close()
    return ["stats", "--db", f]


case("stats: another application's database with meta and articles", "not a zs_tui one")(_foreign)
case("review: another application's database", "not a zs_tui one")(
    lambda t, db: ["review", "--db", _foreign(t, db)[-1]])
case("import: into another application's database", "not a zs_tui one")(
    lambda t, db: ["import", write(t / "a.txt", TEXT), "--db", _foreign(t, db)[-1]])

# -- review ---------------------------------------------------------------------------------
case("review: labels.json a list of strings", "expected")(
    lambda t, db: ["review", "--db", db, "--labels", labels(t, ["PER", "ORG"])])
case("review: labels.json a number", "expected")(lambda t, db: ["review", "--db", db, "--labels", labels(t, 5)])
case("review: labels of strings", "expected")(
    lambda t, db: ["review", "--db", db, "--labels", labels(t, {"labels": ["PER"]})])
case("review: label colour invalid", "not a colour")(
    lambda t, db: ["review", "--db", db, "--labels", labels(t, {"labels": [{"name": "PER", "color": "reddish"}]})])
case("review: label name with ESC", "control characters")(
    lambda t, db: ["review", "--db", db, "--labels", labels(t, {"labels": [{"name": "P\x1b[2JER"}]})])
case("review: label help not a string", "must be a string")(
    lambda t, db: ["review", "--db", db, "--labels", labels(t, {"labels": [{"name": "PER", "help": 3}]})])
case("review: labels not JSON", "expected")(lambda t, db: ["review", "--db", db, "--labels", labels(t, "{")])
case("review: keys file not an object", "expected an object")(
    lambda t, db: ["review", "--db", db, "--keys", write(t / "k.json", "[1]")])
case("review: --annotator with a lone surrogate", "--annotator")(
    lambda t, db: ["review", "--db", db, "--annotator", os.fsdecode(b"ann\xff")])
case("review: --annotator with ESC", "--annotator")(
    lambda t, db: ["review", "--db", db, "--annotator", "ann\x1b]0;x\x07"])

# -- eval and replay -----------------------------------------------------------------------
for _name, _rec in [("text not a string", {"text": 3, "spans": []}),
                    ("spans not a list", {"text": TEXT, "spans": {"a": 1}}),
                    ("float offsets", {"text": TEXT, "spans": [{"start": 0.5, "end": 2, "label": "LOC"}]}),
                    ("label not a string", {"text": TEXT, "spans": [{"start": 0, "end": 2, "label": 7}]}),
                    ("a list, not an object", [TEXT])]:
    case(f"eval: gold {_name}", "gold.jsonl:1")(
        lambda t, db, r=_rec: ["eval", jsonl(t, r, name="gold.jsonl"), "--db", db])
_GOOD_GOLD = json.dumps({"text": TEXT, "spans": [{"start": 0, "end": 2, "label": "LOC"}]}, ensure_ascii=False)
# The bad record is the second, on the file's line 3: the message names the line, as import does.
case("eval: gold bad record after a blank line", "gold.jsonl:3")(
    lambda t, db: ["eval", write(t / "gold.jsonl", _GOOD_GOLD + "\n\n" + '{"text": 3, "spans": []}\n'), "--db", db])
case("eval: gold broken JSON line", "gold.jsonl:2")(
    lambda t, db: ["eval", write(t / "gold.jsonl", _GOOD_GOLD + '\n{"text": \n'), "--db", db])
case("eval: gold line not UTF-8", "gold.jsonl:2")(
    lambda t, db: ["eval", write(t / "gold.jsonl", _GOOD_GOLD.encode() + b"\n" + TEXT.encode("gb18030")), "--db", db])
case("eval: gold file missing", "cannot read gold")(lambda t, db: ["eval", t / "nope.jsonl", "--db", db])
case("eval: gold with no records", "no gold records")(
    lambda t, db: ["eval", write(t / "gold.jsonl", "\n\n"), "--db", db])
case("replay: broken session file", "s.jsonl:1")(
    lambda t, db: ["replay", write(t / "s.jsonl", "{not json\n"), "--into", db])
case("replay: --into the source database", "--into")(lambda t, db: ["replay", "s1", "--db", db, "--into", db])


# -- the matrix ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    from zs_tui.cli import main
    from zs_tui.storage import Store

    d = tmp_path_factory.mktemp("pristine")
    src = write(d / "a.txt", TEXT)
    assert main(["import", str(src), "--db", str(d / "p.db"), "--no-suggest"]) == 0
    with Store(d / "p.db") as st:
        st.start_session("alice", "test", session_id="s1")
    return d / "p.db"


def state(folder: Path) -> dict[str, str]:
    """Every file in the folder (databases, -wal/-shm, outputs) with its hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*")) if not p.is_symlink()}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_exits_2_with_a_message_and_changes_nothing(cli, pristine, tmp_path, name, monkeypatch):
    fn, says, setup = CASES[name]
    db = tmp_path / "annotations.db"
    shutil.copy(pristine, db)
    argv = fn(tmp_path, db)
    before = state(tmp_path)
    if setup is not None:
        setup(monkeypatch)
    code, out, err = cli(*argv)
    assert code == 2, (out, err)
    assert err.startswith("error:") or "\nerror:" in err, err
    assert "Traceback" not in err + out
    assert says in err, err
    assert state(tmp_path) == before  # the database, its companions, every input: as they were


def test_the_matrix_counts():
    """The closing note of issue 10 quotes this count."""
    assert len(CASES) >= 64
