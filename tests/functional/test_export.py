"""`zs-tui export`: the three formats, which articles and spans, determinism, bad output."""
import json
import os

import pytest
from conll_reference import random_spans, reference_tags

from zs_tui.export.conll import PLACEHOLDERS
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store

# 沪 is a one-character LOC, 徐州 two characters, 5亿元 three; a space and a
# newline sit where a careless writer would drop them.
SMALL = "沪企在徐州签约 5亿元\n"
SMALL_SPANS = [(0, 1, "LOC"), (3, 5, "LOC"), (8, 11, "MONEY")]


def add_done(st, text, spans, annotator="alice", pending=(), source=None):
    """An article with accepted ``spans`` (and ``pending`` suggestions), marked done by ``annotator``."""
    art = make_article(text, source or f"{text[:4]}.txt", "utf-8")
    aid = st.add_article(art, [{"start": s, "end": e, "label": lab} for s, e, lab in [*spans, *pending]], "t")
    sid = st.start_session(annotator, "test")
    for span in st.spans(aid):
        if (span.start, span.end, span.label) in spans:
            st.record(sid, annotator, aid, "accept", [(span.as_dict(), {**span.as_dict(), "state": "accepted"})])
    st.record(sid, annotator, aid, "done", [], (st.article(aid).status, "done"))
    return aid, sid


def export(cli, db, *args):
    code, out, err = cli("export", "--db", db, *args)
    assert code == 0, err
    return out


def records(text):
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def small_db(db_path):
    with Store(db_path) as st:
        add_done(st, SMALL, SMALL_SPANS)
    return db_path


# -- formats ------------------------------------------------------------------------

@pytest.mark.parametrize("scheme, tags", [
    ("bmes", ["S-LOC", "O", "O", "B-LOC", "E-LOC", "O", "O", "O", "B-MONEY", "M-MONEY", "E-MONEY", "O"]),
    ("bio", ["B-LOC", "O", "O", "B-LOC", "I-LOC", "O", "O", "O", "B-MONEY", "I-MONEY", "I-MONEY", "O"]),
])
def test_conll_tags_one_line_per_character(cli, small_db, scheme, tags):
    out = export(cli, small_db, "--format", "conll", "--scheme", scheme)
    assert out.endswith("\n\n")  # a blank line ends the article
    lines = out.split("\n\n")[0].split("\n")
    assert [line.split(" ")[1] for line in lines] == tags
    assert [line.split(" ")[0] for line in lines] == ["沪", "企", "在", "徐", "州", "签", "约", "<SP>",
                                                      "5", "亿", "元", "<NL>"]


@pytest.mark.parametrize("scheme", ["bio", "bmes"])
def test_conll_block_tags_every_character_as_the_scheme_says(scheme):
    """Spans touching each other, at both ends of the text, of every length:
    each character's tag is what the scheme's definition gives, character
    by character (the block is built run by run for speed)."""
    import random

    from zs_tui.export.conll import conll_block

    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice("徐州签约 \t\n亿元ab") for _ in range(rng.randint(0, 30)))
        spans = random_spans(rng, text, ["LOC", "MONEY"])
        want = reference_tags(text, spans, scheme)
        lines = conll_block(text, rng.sample(spans, len(spans)), scheme).split("\n")
        assert lines[-2:] == ["", ""] and len(lines) == len(text) + 2
        assert [line.rsplit(" ", 1)[1] for line in lines[:-2]] == want


def test_conll_placeholders_keep_every_position(cli, db_path):
    text = "Zone A\tB\u3000C\u00a0D <SP> E\n第二行\n"
    with Store(db_path) as st:
        add_done(st, text, [(0, 4, "LOC")])
        add_done(st, SMALL, SMALL_SPANS)
    out = export(cli, db_path, "--format", "conll")
    blocks = out.split("\n\n")
    assert blocks[2:] == [""]  # two articles, each closed by a blank line
    back = {v: k for k, v in PLACEHOLDERS.items()}
    tokens = [line.rsplit(" ", 1)[0] for line in blocks[0].split("\n")]
    assert len(tokens) == len(text)
    assert all(t and not any(c.isspace() for c in t) for t in tokens)
    rebuilt = "".join(back.get(t) or (chr(int(t[3:-1], 16)) if t.startswith("<U+") else t) for t in tokens)
    assert rebuilt == text
    assert tokens[text.index("\u3000")] == "<U+3000>" and tokens[text.index("\u00a0")] == "<U+00A0>"


def test_jsonl_spans_are_char_offsets_into_the_text(cli, small_db):
    (rec,) = records(export(cli, small_db))
    assert list(rec) == ["text", "spans", "meta", "answer", "_input_hash", "_task_hash"]
    assert rec["text"] == SMALL and rec["answer"] == "accept"
    # what spaCy's Doc.char_span(start, end, label) and Prodigy read: offsets slice the text
    assert [(s["start"], s["end"], s["label"]) for s in rec["spans"]] == SMALL_SPANS
    assert all(rec["text"][s["start"]:s["end"]] == s["text"] for s in rec["spans"])
    assert rec["meta"]["sha256"] == make_article(SMALL, "x", "utf-8").sha256


def test_doccano_shape(cli, small_db):
    (rec,) = records(export(cli, small_db, "--format", "doccano"))
    assert rec == {"text": SMALL, "label": [list(s) for s in SMALL_SPANS]}


def test_seed_export_slices_exactly_what_was_accepted(cli, seeds_dir, db_path):
    assert cli("import", seeds_dir, "--db", db_path)[0] == 0
    with Store(db_path) as st:
        sid = st.start_session("alice", "test")
        for aid in st.article_ids()[:2]:
            pend = st.spans(aid)
            st.record(sid, "alice", aid, "accept_all",
                      [(s.as_dict(), {**s.as_dict(), "state": "accepted"}) for s in pend], ("todo", "in_progress"))
            st.record(sid, "alice", aid, "done", [], ("in_progress", "done"))
        clean = {aid: st.article(aid).clean for aid in st.article_ids()}
    recs = records(export(cli, db_path))
    assert len(recs) == 2
    for rec, aid in zip(recs, sorted(clean)[:2]):
        assert rec["text"] == clean[aid]
        assert rec["spans"] and all(clean[aid][s["start"]:s["end"]] == s["text"] for s in rec["spans"])
        assert [s["start"] for s in rec["spans"]] == sorted(s["start"] for s in rec["spans"])


# -- which articles and spans ------------------------------------------------------------

def test_pending_spans_are_never_exported(cli, db_path):
    with Store(db_path) as st:
        aid, sid = add_done(st, SMALL, SMALL_SPANS[:1], pending=SMALL_SPANS[1:])
        assert {s.state for s in st.spans(aid)} == {"accepted", "pending"}
    for status in ("done", "any"):
        (rec,) = records(export(cli, db_path, "--status", status))
        assert [(s["start"], s["end"], s["label"]) for s in rec["spans"]] == SMALL_SPANS[:1]
    conll = export(cli, db_path, "--format", "conll")
    assert "MONEY" not in conll


def test_status_chooses_articles(cli, db_path):
    with Store(db_path) as st:
        add_done(st, SMALL, SMALL_SPANS)
        todo = make_article("徐州铜山招商。", "todo.txt", "utf-8")
        st.add_article(todo, [{"start": 0, "end": 2, "label": "LOC"}], "t")
        skipped = st.add_article(make_article("应县签约。", "skip.txt", "utf-8"), [], "t")
        sid = st.start_session("bob", "test")
        st.record(sid, "bob", skipped, "skip", [], ("todo", "skipped"))
    assert [r["meta"]["source"] for r in records(export(cli, db_path))] == ["沪企在徐.txt"]
    assert [r["meta"]["source"] for r in records(export(cli, db_path, "--status", "skipped"))] == ["skip.txt"]
    anyr = records(export(cli, db_path, "--status", "any"))
    assert [r["meta"]["source"] for r in anyr] == ["沪企在徐.txt", "todo.txt", "skip.txt"]
    assert anyr[1]["spans"] == [] and anyr[1]["meta"]["annotator"] is None


def test_annotator_and_meta_come_from_the_event_that_marked_the_article_done(cli, db_path):
    with Store(db_path) as st:
        a1, _ = add_done(st, SMALL, SMALL_SPANS, annotator="alice")
        a2, bob_sid = add_done(st, "徐州铜山招商。", [(0, 2, "LOC")], annotator="bob")
        # bob takes his done back, carol marks it done in her own layer: it is carol's, not bob's
        done_ev = [e for e in st.events(bob_sid) if e["action"] == "done"][-1]
        st.record(bob_sid, "bob", a2, "undo", [], ("done", "in_progress"), ref_event=done_ev["id"])
        carol = st.start_session("carol", "test")
        last = st.record(carol, "carol", a2, "done", [], ("todo", "done"))
        ev = st.event(last)
    # bob's and carol's layers of article 2 differ in status: each export reads one layer
    assert [r["meta"]["source"] for r in records(export(cli, db_path, "--annotator", "alice", "--layer", "alice"))] \
        == ["沪企在徐.txt"]
    assert records(export(cli, db_path, "--annotator", "bob", "--layer", "bob")) == []
    (rec,) = records(export(cli, db_path, "--annotator", "carol", "--layer", "carol"))
    assert rec["meta"] == {"source": "徐州铜山.txt", "sha256": rec["meta"]["sha256"], "annotator": "carol",
                           "session": carol, "reviewed_at": ev["ts"]}


def test_gold_import_has_no_event_so_meta_comes_from_the_import(cli, tmp_path, db_path):
    gold = tmp_path / "gold.jsonl"
    lines = [
        {"text": SMALL, "spans": [{"start": 3, "end": 5, "label": "LOC"}],
         "meta": {"source": "a", "annotator": "dana", "session": "s1", "reviewed_at": "2024-01-01"}},
        {"text": "徐州铜山招商。", "spans": [], "meta": {"source": "b"}},
    ]
    gold.write_text("".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in lines), "utf-8")
    assert cli("import", gold, "--as-gold", "--db", db_path)[0] == 0
    a, b = records(export(cli, db_path))
    assert {k: a["meta"][k] for k in ("annotator", "session", "reviewed_at")} == \
        {"annotator": "dana", "session": "s1", "reviewed_at": "2024-01-01"}
    assert {k: b["meta"][k] for k in ("annotator", "session", "reviewed_at")} == \
        {"annotator": None, "session": None, "reviewed_at": None}
    assert records(export(cli, db_path, "--annotator", "dana")) == []  # no done event to match


# -- Prodigy hashes -------------------------------------------------------------------

def murmur3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3_x86_32 written from Appleby's reference, as a signed int."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h, n = seed, len(data) // 4 * 4

    def scramble(k: int) -> int:
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        return (k * c2) & mask

    for i in range(0, n, 4):
        h ^= scramble(int.from_bytes(data[i:i + 4], "little"))
        h = ((((h << 13) | (h >> 19)) & mask) * 5 + 0xE6546B64) & mask
    if n < len(data):
        h ^= scramble(int.from_bytes(data[n:], "little"))
    h ^= len(data)
    for shift, mult in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):
        h = ((h ^ (h >> shift)) * mult) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def test_reference_murmur_matches_published_vectors():
    assert murmur3_32(b"") == 0
    assert murmur3_32(b"", 1) & 0xFFFFFFFF == 0x514E28B7
    assert murmur3_32(b"The quick brown fox jumps over the lazy dog") & 0xFFFFFFFF == 0x2E4FF723
    assert murmur3_32(b"foo") == -156908512  # the example in mmh3's README (signed)


def test_prodigy_hashes_match_an_independent_computation(cli, small_db):
    (rec,) = records(export(cli, small_db))

    def canon(obj):
        return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")

    input_hash = murmur3_32(canon({"text": rec["text"]}))
    assert rec["_input_hash"] == input_hash
    assert rec["_task_hash"] == murmur3_32(str(input_hash).encode() + canon({"spans": rec["spans"]}))


def test_input_hash_follows_the_text_and_task_hash_the_spans(cli, db_path, tmp_path):
    other = tmp_path / "other.db"
    with Store(db_path) as st:
        add_done(st, SMALL, SMALL_SPANS)
    with Store(other) as st:
        add_done(st, SMALL, SMALL_SPANS[:2])
        add_done(st, "沪企在徐州签约 6亿元\n", SMALL_SPANS)
    (a,) = records(export(cli, db_path))
    fewer, moved = records(export(cli, other))
    assert a["_input_hash"] == fewer["_input_hash"] and a["_task_hash"] != fewer["_task_hash"]
    assert a["_input_hash"] != moved["_input_hash"] and a["_task_hash"] != moved["_task_hash"]
    assert all(-2**31 <= r[k] < 2**31 for r in (a, fewer, moved) for k in ("_input_hash", "_task_hash"))


def test_json_lines_are_the_bytes_to_json_gives_for_awkward_text():
    """The jsonl line is built from escaped pieces for speed: it must be what
    the standard library writes for the record, and its hashes what
    prodigy_hashes computes from that record, whatever the text holds."""
    from zs_tui.export.records import doccano_line, jsonl_line
    from zs_tui.prodigy_hash import prodigy_hashes
    from zs_tui.safety import to_json

    text = '引号"反斜杠\\控制\x01\x1b[0m制表\t换行\n表情😀 é\u2028\u00a0 «徐州» C1\x9b[2J DEL\x7f'

    plain = [(0, 2, "LOC", text[0:2]), (2, 6, 'QUOTE"D', text[2:6]), (9, 13, "CTL", text[9:13]), (22, 24, "表情", text[22:24])]
    # span texts are escaped in one call unless one holds a backslash: both ways
    text += " 路径\\u0000尾"  # a backslash and "u0000": what NUL's escape looks like
    with_backslash = [*plain[:2], (6, 11, "BS", text[6:11]), *plain[3:], (len(text) - 8, len(text), "BS", text[-8:])]
    for meta_row, spans in (({"event": None, "meta": {"annotator": "ann\x1b", "session": None, "reviewed_at": "t"}}, plain),
                            ({"event": {"annotator": "bo\u00efs", "session_id": "s1", "ts": "2026"}, "meta": {}}, with_backslash)):
        row = {"text": text, "spans": spans, "source": "dir/名\"字.txt", "sha256": "ab", **meta_row}
        line = jsonl_line(row)
        rec = json.loads(line)
        task = {"text": text, "spans": [{"start": s, "end": e, "label": lab, "text": t} for s, e, lab, t in spans]}
        assert (rec["_input_hash"], rec["_task_hash"]) == prodigy_hashes(task)
        assert line == to_json(rec) and "\x9b" not in line
        doccano = json.loads(doccano_line(row))
        assert doccano == {"text": text, "label": [[s, e, lab] for s, e, lab, _ in spans]}
        assert doccano_line(row) == to_json(doccano)
    assert json.loads(jsonl_line({**row, "spans": []}))["spans"] == []


# -- determinism and paging -------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "conll"])
def test_the_same_database_gives_the_same_bytes(cli, small_db, tmp_path, fmt):
    a, b = tmp_path / "a.out", tmp_path / "b.out"
    export(cli, small_db, "--format", fmt, "-o", a)
    with Store(small_db) as st:  # activity that changes no gold: a session, a saved position
        st.start_session("eve", "test")
        st.save_position("eve", 1, None)
    export(cli, small_db, "--format", fmt, "-o", b)
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_paging_gives_every_article_once_in_id_order(db_path):
    with Store(db_path) as st:
        for i in range(7):
            add_done(st, f"第{i}篇 徐州签约。", [(3, 5, "LOC")] if i % 2 else [])
        whole = list(st.iter_gold(page=500))
        assert [r["id"] for r in st.iter_gold(page=2)] == [r["id"] for r in whole] == sorted(r["id"] for r in whole)
        assert list(st.iter_gold(page=3)) == whole and len(whole) == 7


# -- output -----------------------------------------------------------------------------

def test_stdout_by_default_with_the_summary_on_stderr(cli, small_db):
    code, out, err = cli("export", "--db", small_db)
    assert code == 0 and len(records(out)) == 1
    assert "exported 1 article(s)" in err and "exported" not in out


@pytest.mark.parametrize("target", ["missing/out.jsonl", "."])
def test_unwritable_output_is_refused_before_anything_is_written(cli, small_db, tmp_path, target):
    code, out, err = cli("export", "--db", small_db, "-o", tmp_path / target)
    assert code != 0 and "cannot write" in err and "nothing was exported" in err
    assert not (tmp_path / "missing").exists()


def test_a_failure_half_way_leaves_the_old_file_and_no_temporary(cli, db_path, tmp_path, monkeypatch):
    with Store(db_path) as st:
        for i in range(3):
            add_done(st, f"第{i}篇 徐州签约。", [(3, 5, "LOC")])
    out = tmp_path / "gold.jsonl"
    out.write_text("previous export\n", "utf-8")
    import zs_tui.export as export_mod

    calls = []

    def disk_full(real):
        def line(row):
            calls.append(row["id"])
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return real(row)
        return line

    # the second article fails, whichever way its line is made
    monkeypatch.setattr(export_mod, "jsonl_line", disk_full(export_mod.jsonl_line))
    monkeypatch.setattr(export_mod, "jsonl_bytes", disk_full(export_mod.jsonl_bytes))
    code, _, err = cli("export", "--db", db_path, "-o", out)
    assert code != 0 and "No space left on device" in err
    assert out.read_text("utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if "gold" in p.name] == ["gold.jsonl"]


def test_a_new_export_file_gets_ordinary_permissions(cli, small_db, tmp_path):
    out = tmp_path / "gold.jsonl"
    export(cli, small_db, "-o", out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_bad_arguments(cli, small_db, tmp_path):
    code, _, err = cli("export", "--db", small_db, "--scheme", "bmes")
    assert code != 0 and "--scheme applies to --format conll only" in err
    code, _, err = cli("export", "--db", tmp_path / "none.db")
    assert code != 0 and "no database" in err and not (tmp_path / "none.db").exists()


def test_a_done_taken_back_is_nobodys_review(cli, db_path):
    with Store(db_path) as st:
        aid, sid = add_done(st, SMALL, SMALL_SPANS, annotator="bob")
        done_ev = [e for e in st.events(sid) if e["action"] == "done"][-1]
        st.record(sid, "bob", aid, "undo", [], ("done", "in_progress"), ref_event=done_ev["id"])
    assert records(export(cli, db_path)) == []
    (rec,) = records(export(cli, db_path, "--status", "any"))
    assert rec["meta"]["annotator"] is None and rec["meta"]["reviewed_at"] is None
    assert records(export(cli, db_path, "--status", "any", "--annotator", "bob")) == []
