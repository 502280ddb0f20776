"""`zs-tui sessions`: listing, and one session written as a session file (and read back)."""
import json

import pytest

from zs_tui.sessions.session_file import SessionFileError, read_session
from zs_tui.storage import Store


def test_listing_counts_articles_and_actions(cli, reviewed_db):
    db, sid = reviewed_db
    code, out, _ = cli("sessions", "--db", db, "--json")
    assert code == 0
    (s,) = json.loads(out)
    with Store(db) as st:
        events = list(st.events(sid))
    assert s["id"] == sid and s["annotator"] == "alice" and s["ended_at"]
    assert s["actions"] == len(events) and s["articles"] == 2
    code, out, _ = cli("sessions", "--db", db)
    assert code == 0 and sid in out and "alice" in out and str(len(events)) in out


def test_listing_an_empty_database_and_a_missing_one(cli, tmp_path, seeds_dir):
    db = tmp_path / "a.db"
    cli("import", seeds_dir, "--db", db, "--no-suggest")
    code, out, _ = cli("sessions", "--db", db)
    assert code == 0 and "no review session yet" in out
    code, _, err = cli("sessions", "--db", tmp_path / "none.db")
    assert code != 0 and "no database" in err


def test_session_file_holds_the_header_and_every_event_as_stored(cli, reviewed_db, tmp_path):
    db, sid = reviewed_db
    path = tmp_path / "s.jsonl"
    code, out, _ = cli("sessions", "--db", db, "--export", sid, "--output", path)
    assert code == 0 and f"wrote session {sid}" in out
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    with Store(db) as st:
        stored = list(st.events(sid))
        shas = {aid: st.article(aid).sha256 for aid in {e["article_id"] for e in stored}}
        info = st.session(sid)
    assert lines[0] == {"type": "session", "format": 1, "id": sid, "annotator": "alice",
                        "started_at": info["started_at"], "ended_at": info["ended_at"],
                        "app_version": info["app_version"]}
    assert [{k: v for k, v in ev.items() if k not in ("type", "article_sha256")} for ev in lines[1:]] == stored
    assert all(ev["type"] == "event" and ev["article_sha256"] == shas[ev["article_id"]] for ev in lines[1:])
    assert list(lines[1]) == ["type", "id", "session_id", "annotator", "article_id", "article_sha256", "ts",
                              "action", "before", "after", "ref_event"]
    header, events = read_session(path)
    assert header == lines[0] and events == lines[1:]


def test_session_export_to_stdout(cli, reviewed_db):
    db, sid = reviewed_db
    code, out, _ = cli("sessions", "--db", db, "--export", sid)
    assert code == 0
    assert json.loads(out.splitlines()[0])["id"] == sid and len(out.splitlines()) > 5


def test_unknown_session_id_writes_nothing(cli, reviewed_db, tmp_path):
    db, _ = reviewed_db
    path = tmp_path / "s.jsonl"
    code, _, err = cli("sessions", "--db", db, "--export", "nope", "--output", path)
    assert code != 0 and "no session 'nope'" in err
    assert not path.exists()


def test_unwritable_session_output(cli, reviewed_db, tmp_path):
    db, sid = reviewed_db
    code, _, err = cli("sessions", "--db", db, "--export", sid, "--output", tmp_path / "no" / "s.jsonl")
    assert code != 0 and "cannot write" in err and not (tmp_path / "no").exists()


# -- reading a session file -----------------------------------------------------------

def _good_lines(cli, reviewed_db, tmp_path):
    db, sid = reviewed_db
    path = tmp_path / "good.jsonl"
    assert cli("sessions", "--db", db, "--export", sid, "--output", path)[0] == 0
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _spoil(lines, case):
    """(lines to write, line number the error must name, words it must say)."""
    header, e1, e2, *rest = lines
    undo = next(i for i, e in enumerate(lines) if e.get("action") == "undo")
    cases = {
        "broken JSON": ([header, e1, '{"type": "event", "id": ', e2], 3, "broken JSON"),
        "no header": ([e1, e2], 1, "session header"),
        "newer format": ([{**header, "format": 2}, e1], 1, "format 2 is not supported"),
        "missing field": ([header, {k: v for k, v in e1.items() if k != "action"}], 2, "'action'"),
        "other session": ([header, e1, {**e2, "session_id": "elsewhere"}], 3, "belongs to session 'elsewhere'"),
        "bad sha": ([header, {**e1, "article_sha256": "abc"}], 2, "article_sha256"),
        "bad span": ([header, {**e1, "before": {"spans": [{"id": 1}], "status": None}}], 2, "a span in 'before'"),
        "uneven": ([header, {**e1, "after": {"spans": [], "status": None}}], 2, "same number of spans"),
        "out of order": ([header, e2, e1], 3, "out of order"),
        "dangling undo": ([header, lines[undo]], 2, "not earlier in this file"),
        "not an object": ([header, [1, 2]], 2, "expected an event line"),
    }
    return cases[case]


CASES = ["broken JSON", "no header", "newer format", "missing field", "other session", "bad sha",
         "bad span", "uneven", "out of order", "dangling undo", "not an object"]


@pytest.mark.parametrize("case", CASES)
def test_malformed_session_file_names_file_and_line(cli, reviewed_db, tmp_path, case):
    content, line, words = _spoil(_good_lines(cli, reviewed_db, tmp_path), case)
    path = tmp_path / "bad.jsonl"
    path.write_text("".join((c if isinstance(c, str) else json.dumps(c, ensure_ascii=False)) + "\n"
                            for c in content), "utf-8")
    with pytest.raises(SessionFileError, match=rf"bad\.jsonl:{line}: .*{words}"):
        read_session(path)


def test_empty_and_undecodable_session_files(tmp_path):
    empty, binary = tmp_path / "empty.jsonl", tmp_path / "bin.jsonl"
    empty.write_text("\n\n", "utf-8")
    binary.write_bytes(b'{"type": "session"\xff}\n')
    with pytest.raises(SessionFileError, match="empty.jsonl: empty file"):
        read_session(empty)
    with pytest.raises(SessionFileError, match="bin.jsonl: not UTF-8"):
        read_session(binary)
