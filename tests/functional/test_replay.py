"""`zs-tui replay`: a recorded session re-applied onto another database, or refused whole."""
import sqlite3

from zs_tui.storage import Store


def dump(db):
    """Every row of the database, to show that a refused replay wrote nothing."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def state_by_sha(db):
    """Per article text: status and every span (rejected included), without ids."""
    with Store(db) as st:
        return {
            st.article(aid).sha256: (st.article(aid).status,
                                     sorted((s.start, s.end, s.label, s.state, s.origin) for s in st.spans(aid)))
            for aid in st.article_ids()
        }


def export_session(cli, db, sid, path):
    assert cli("sessions", "--db", db, "--export", sid, "--output", path)[0] == 0
    return path


def test_replay_from_a_session_file_reproduces_the_review(cli, reviewed_db, reversed_db, tmp_path):
    src, sid = reviewed_db
    path = export_session(cli, src, sid, tmp_path / "s.jsonl")
    with Store(src) as st:
        recorded = list(st.events(sid))
        touched = {e["article_id"] for e in recorded}
        src_ids = {st.article(a).sha256: {s.id for s in st.spans(a)} for a in touched}
    with Store(reversed_db) as st:  # the seeds in another order: other article and span ids
        other_ids = {sha: {s.id for s in st.spans(st.article_by_sha(sha).id)} for sha in src_ids}
    assert src_ids != other_ids

    code, out, err = cli("replay", path, "--into", reversed_db)
    assert code == 0, err
    assert f"replayed {len(recorded)} event(s) on 2 article(s) of session {sid}" in out
    assert state_by_sha(reversed_db) == state_by_sha(src)

    with Store(reversed_db) as st:
        (new,) = st.sessions()
        replayed = list(st.events(new["id"]))
    assert new["app_version"].endswith(f"replay:{sid}") and new["annotator"] == "alice" and new["ended_at"]
    assert [(e["action"], e["annotator"]) for e in replayed] == [(e["action"], e["annotator"]) for e in recorded]
    # undo and redo point at the replayed twin of the event they pointed at
    old_by_id, new_by_id = {e["id"]: e for e in recorded}, {e["id"]: e for e in replayed}
    for old, twin in zip(recorded, replayed):
        assert (old["ref_event"] is None) == (twin["ref_event"] is None)
        if twin["ref_event"] is not None:
            assert new_by_id[twin["ref_event"]]["action"] == old_by_id[old["ref_event"]]["action"]
            assert twin["ref_event"] < twin["id"]


def test_replay_by_session_id_from_the_source_database(cli, reviewed_db, reversed_db):
    src, sid = reviewed_db
    code, out, err = cli("replay", sid, "--db", src, "--into", reversed_db)
    assert code == 0, err
    assert state_by_sha(reversed_db) == state_by_sha(src)
    code, _, err = cli("replay", sid, "--db", src, "--into", reversed_db)
    assert code != 0 and f"session {sid} was already replayed into" in err


def test_a_diverging_span_is_reported_and_nothing_is_written(cli, reviewed_db, reversed_db):
    src, sid = reviewed_db
    with Store(src) as st:
        first = next(st.events(sid))
        span = first["before"]["spans"][0]
        sha = st.article(first["article_id"]).sha256
    who = first["annotator"]
    with Store(reversed_db) as st:  # the same annotator already rejected, in OTHER.db, what the session accepts first
        aid = st.article_by_sha(sha).id
        target = next(s for s in st.spans(aid, layer=who) if (s.start, s.end) == (span["start"], span["end"]))
        st.record(st.start_session(who, "t"), who, aid, "reject",
                  [(target.as_dict(), {**target.as_dict(), "state": "rejected"})])
    before = dump(reversed_db)
    code, _, err = cli("replay", sid, "--db", src, "--into", reversed_db)
    assert code == 1
    assert f"event {first['id']} ({first['action']})" in err
    assert f"expected pending {span['label']} [{span['start']}, {span['end']})" in err
    assert "has rejected" in err and "nothing was replayed" in err
    assert dump(reversed_db) == before


def test_other_text_names_the_article_and_nothing_is_written(cli, reviewed_db, tmp_path, seeds_dir):
    src, sid = reviewed_db
    with Store(src) as st:
        aid = next(st.events(sid))["article_id"]
        source = st.article(aid).source
    seeds = sorted(seeds_dir.glob("*.txt"))
    edited = tmp_path / "edited" / next(p.name for p in seeds if p.as_posix() == source)
    edited.parent.mkdir()
    edited.write_text(open(source, encoding="utf-8").read().replace("招商", "招 商", 1) + "补记。\n", "utf-8")
    other = tmp_path / "other.db"
    assert cli("import", *[edited if p.name == edited.name else p for p in seeds], "--db", other)[0] == 0
    before = dump(other)
    code, _, err = cli("replay", sid, "--db", src, "--into", other)
    assert code == 1
    assert f"no article in {other} has the text of article #{aid}" in err
    assert f"article #{aid} there, {edited.as_posix()}, has other text" in err
    assert dump(other) == before


def test_refused_targets(cli, reviewed_db, tmp_path):
    src, sid = reviewed_db
    code, _, err = cli("replay", sid, "--db", src, "--into", src)
    assert code != 0 and "--into is the database the session comes from" in err
    code, _, err = cli("replay", sid, "--db", src, "--into", tmp_path / "none.db")
    assert code != 0 and "no database at" in err and not (tmp_path / "none.db").exists()
    code, _, err = cli("replay", "nope", "--db", src, "--into", src)
    assert code != 0 and "neither a session file nor a session id" in err
    path = export_session(cli, src, sid, tmp_path / "s.jsonl")
    code, _, err = cli("replay", path, "--into", src)  # the file, back into the database it came from
    assert code == 1 and f"already holds session {sid}" in err


def test_malformed_session_file_is_refused_with_file_and_line(cli, reviewed_db, reversed_db, tmp_path):
    src, sid = reviewed_db
    lines = export_session(cli, src, sid, tmp_path / "s.jsonl").read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines[:3] + [lines[3][:40]] + lines[4:]) + "\n", "utf-8")
    before = dump(reversed_db)
    code, _, err = cli("replay", bad, "--into", reversed_db)
    assert code == 2 and f"{bad}:4: broken JSON" in err
    assert dump(reversed_db) == before


def test_a_diverging_status_is_reported(cli, reviewed_db, reversed_db):
    src, sid = reviewed_db
    with Store(src) as st:
        skip = next(e for e in st.events(sid) if e["action"] == "skip")
        sha = st.article(skip["article_id"]).sha256
    who = skip["annotator"]
    with Store(reversed_db) as st:  # the same annotator finished that article already in OTHER.db
        aid = st.article_by_sha(sha).id
        st.record(st.start_session(who, "t"), who, aid, "done", [], ("todo", "done"))
    before = dump(reversed_db)
    code, _, err = cli("replay", sid, "--db", src, "--into", reversed_db)
    assert code == 1 and "the session found the article todo" in err and "has it done" in err
    assert dump(reversed_db) == before
