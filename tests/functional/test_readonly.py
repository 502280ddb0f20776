"""Issue 10, items 3 and 4: a database the user may not write.

stats, export, sessions and eval --db read it as it is (nothing is created
beside it, not even the WAL index); review and import refuse it with a
message.  The commands run as a user who cannot write the folder: as root
that takes ``setpriv`` to the nobody user, since root writes anywhere.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store

TEXT = "某市经济开发区与某科技公司签约，总投资5亿元。\n"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
pytestmark = pytest.mark.skipif(sys.platform == "win32" or (ROOT and not shutil.which("setpriv")),
                                reason="needs a user who cannot write the folder")


def as_reader(*args: object) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "zs_tui.cli", *map(str, args)]
    if ROOT:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    env = {**os.environ, "HOME": "/tmp"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])


def listing(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def ro_folder():
    folder = Path(tempfile.mkdtemp(prefix="zs_ro_", dir="/tmp"))
    db = folder / "annotations.db"
    with Store(db) as st:
        aid = st.add_article(make_article(TEXT, "a.txt", "utf-8"), [{"start": 0, "end": 2, "label": "LOC"}], "t")
        sid = st.start_session("alice", "test", session_id="s1")
        span = st.spans(aid)[0]
        st.record(sid, "alice", aid, "accept", [(span.as_dict(), {**span.as_dict(), "state": "accepted"})],
                  ("todo", "in_progress"))
        st.record(sid, "alice", aid, "done", [], ("in_progress", "done"))
    (folder / "gold.jsonl").write_text(json.dumps({"text": TEXT, "spans": [{"start": 0, "end": 2, "label": "LOC"}]},
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "new.txt").write_text("另一篇文章。\n", encoding="utf-8")
    mode = stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(mode)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize("args, expect", [
    (["stats"], "1 article(s)"),
    (["stats", "--json"], '"articles": 1'),
    (["export"], '"label": "LOC"'),
    (["export", "--format", "conll"], "B-LOC"),
    (["sessions"], "s1"),
    (["sessions", "--export", "s1"], '"type": "session"'),
    (["eval", "GOLD"], "LOC"),
])
def test_read_only_commands_work_and_write_nothing(ro_folder, args, expect):
    db = ro_folder / "annotations.db"
    before = listing(ro_folder)
    argv = [ro_folder / "gold.jsonl" if a == "GOLD" else a for a in args]
    res = as_reader(*argv, "--db", db)
    assert res.returncode == 0, res.stderr
    assert expect in res.stdout
    assert "Traceback" not in res.stderr
    assert listing(ro_folder) == before


@pytest.mark.parametrize("args, says", [
    (["review"], "read-only"),
    (["import", "NEW"], "nothing imported"),
])
def test_writing_commands_refuse_a_read_only_database(ro_folder, args, says):
    db = ro_folder / "annotations.db"
    before = listing(ro_folder)
    res = as_reader(*[ro_folder / "new.txt" if a == "NEW" else a for a in args], "--db", db)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert says in res.stderr and "Traceback" not in res.stderr
    assert listing(ro_folder) == before
