"""The export's fast path (issue 14 item 5): spans read a column at a time
and cut out of the JSON arrays SQLite wrote, conll blocks built in slots, the
layer and status of each article worked out by a join.  Whatever a database
holds, the files are the bytes the general path (span tuples escaped one by
one, tagged run by run) writes, and each article shows the version a reader
of the database sees."""
from __future__ import annotations

import io
import json
import random
import sqlite3
import threading
from contextlib import closing

import pytest
from adjudication_data import ORG
from conll_reference import random_spans, reference_tags
from review_data import SUGGESTIONS, seed_store

from zs_tui.export import write_gold
from zs_tui.export.conll import conll_block, token
from zs_tui.ingest.inputs import make_article
from zs_tui.labels import DEFAULT_LABELS
from zs_tui.prodigy_hash import prodigy_hashes
from zs_tui.review.adjudication import AdjudicationSession
from zs_tui.review.session import ReviewSession
from zs_tui.safety import to_json
from zs_tui.storage import Store

FORMATS = ["jsonl", "doccano", "conll"]

# (text, spans): each a way the arrays SQLite writes could be cut wrongly,
# or a character the conll slots cannot hold (then the general path writes it).
AWKWARD = [
    ("沪企在徐州签约 5亿元\n", [(0, 1, "LOC"), (3, 5, "LOC"), (8, 11, "MONEY")]),
    ("卡尔·马克思 et José 在 20°C 的 «徐州»", [(0, 6, "PER"), (10, 14, "PER"), (17, 21, "X°")]),
    # the input hash's ASCII escapes are made from SQLite's JSON string: a
    # Latin-1 character next to a text's own backslash and "x", "\xb7" as "·" would be escaped
    ("路径C:\\xb7与·点à", [(0, 2, "LOC"), (8, 9, "DOT")]),
    ("百分之%s与%d和{},{\"start\"}", [(0, 5, "A%s"), (6, 8, "B"), (9, 21, "C")]),
    ('他说"徐州"\\很好 tab\there\r回车', [(3, 5, "LOC"), (2, 8, "Q"), (10, 17, "TAB")]),  # overlapping too
    ('引号"在内"的文章', [(2, 6, "QUOTE")]),
    ("反斜杠标签", [(0, 3, "A\\B"), (3, 5, 'Q"')]),
    ("机构与标签，逗号", [(0, 2, "机构"), (3, 5, "A,B"), (6, 8, "with space")]),
    ("全角\u3000空格和表情😀在内", [(0, 2, "LOC"), (3, 5, "LOC"), (6, 8, "EMO")]),
    # the task hash's ASCII escapes are made from the spans' JSON whole: in a span's text and label
    ("表情😀与é在内", [(0, 3, "EMO😀"), (4, 5, "é")]),
    ("控制\x01字符\x9b[2J和DEL\x7f", [(0, 2, "LOC"), (3, 5, "CTL")]),
    # DEL is ASCII, but the task hash's form escapes it: in a span's text and label
    ("删除符\x7f在内", [(2, 4, "D\x7fL")]),
    ("终端\x9b[2J序列", [(0, 2, "LOC"), (2, 5, "CSI")]),
    ("挨着挨着挨着", [(0, 2, "A"), (2, 4, "B"), (4, 6, "A")]),  # spans touching, at both ends
    ("同一起点的两个", [(0, 3, "A"), (0, 2, "B")]),  # overlapping, stored in the wrong order
    ("一字", [(0, 1, "S"), (1, 2, "S")]),
    ("没有实体的文章。", []),
    ("\n 开头是换行和空格", [(2, 4, "LOC")]),
    # the pages come as JSON arrays joined by NUL: a NUL, a quote, a backslash anywhere
    ("空\x00字符\x00与\"引号\"和\\u0000", [(0, 2, "NUL"), (4, 6, 'Q"\x00'), (7, 9, "B\\")]),
    (":冒号,逗号\",\"开头", [(0, 3, "A"), (3, 6, "B"), (6, 10, "C")]),  # what the pieces are cut at
    # every character a JSON string escapes, written as SQLite escaped it or as Python does
    ("".join(map(chr, range(32))) + '"\\/\u2028\u2029\ufeff\uffff末尾', [(39, 41, "END")]),
]


def awkward_db(path):
    with Store(path) as st:
        for k, (text, spans) in enumerate(AWKWARD):
            art = make_article(text, f"awk/{k}.txt", "utf-8")
            assert art.clean == text, k
            flat = [sp for sp in spans if not any(o[0] < sp[1] and sp[0] < o[1] for o in spans if o != sp)]
            aid = st.add_article(art, status="done", gold_spans=[{"start": s, "end": e, "label": lab}
                                                                  for s, e, lab in flat])
            with st.transaction():  # an older database may hold overlapping accepted spans
                for s, e, lab in spans:
                    if (s, e, lab) not in flat:
                        st.conn.execute(
                            "INSERT INTO spans(article_id, start, \"end\", label, text, origin, state, updated_at)"
                            " VALUES (?,?,?,?,?,'gold','accepted','t')", (aid, s, e, lab, text[s:e]))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_fast_path_writes_the_bytes_of_the_general_path(cli, tmp_path, fmt):
    db = awkward_db(tmp_path / "awk.db")
    extra = ["--scheme", "bmes"] if fmt == "conll" else []
    out = tmp_path / f"out.{fmt}"
    assert cli("export", "--db", db, "--format", fmt, "-o", out, *extra)[0] == 0
    general = io.StringIO()
    with Store(db) as st:
        write_gold(st.iter_gold(), general, fmt, "bmes" if extra else "bio")  # spans as sorted tuples
        # a page of one article: each article's text on its own, the way SQLite escaped it or not
        for page in (1, 2):
            raw = io.BytesIO()
            fp = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            rows = st.iter_gold(page=page, span_columns=True, span_texts=fmt == "jsonl", ahead=True,
                                text_json=fmt != "conll")
            write_gold(rows, fp, fmt, "bmes" if extra else "bio", utf8=fp.buffer)
            fp.flush()
            assert raw.getvalue().decode("utf-8") == general.getvalue(), page
    assert out.read_text("utf-8") == general.getvalue()
    if fmt != "conll":
        lines = out.read_text("utf-8").split("\n")[:-1]  # a JSON line may hold U+2028, which splitlines cuts at
        assert len(lines) == len(AWKWARD)
        for line, (text, spans) in zip(lines, AWKWARD):
            rec = json.loads(line)
            assert line == to_json(rec) and rec["text"] == text and "\x9b" not in line
            got = [(s["start"], s["end"], s["label"]) for s in rec["spans"]] if fmt == "jsonl" else \
                [tuple(s) for s in rec["label"]]
            assert got == sorted(spans)
            if fmt == "jsonl":
                assert all(s["text"] == text[s["start"]:s["end"]] for s in rec["spans"])
                assert (rec["_input_hash"], rec["_task_hash"]) == prodigy_hashes(rec)


@pytest.mark.parametrize("scheme", ["bio", "bmes"])
def test_conll_block_is_a_line_per_character_whatever_the_characters(scheme):
    """Every line is the character's token and its tag, for texts of the
    characters the slots write themselves, the placeholders' and the rest."""
    rng = random.Random(11)
    alphabet = "徐州签约 \t\n\r亿元ab<>\u3000\u00a0😀·é\x00\udcf8%"
    labels = ["LOC", "MONEY", "机构", "A B", "X\tY"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        spans = random_spans(rng, text, labels)
        want = reference_tags(text, spans, scheme)
        block = conll_block(text, rng.sample(spans, len(spans)), scheme)
        assert block == "".join(f"{token(c)} {tag}\n" for c, tag in zip(text, want)) + "\n", (text, spans)


# -- whose version: the layer and status picked per article -----------------------------

ANN = sorted((s["start"], s["end"], s["label"]) for s in SUGGESTIONS)


def bob_version(spans):
    """What adjudication_data's bob leaves: the first suggestion rejected, the
    second relabelled ORG, the third a character shorter."""
    (a, b, _), (c, d, _), (e, f, lab), *rest = spans
    return sorted([(c, d, "ORG"), (e, f - 1, lab), *rest])


BOB = bob_version(ANN)
GOLD = [(0, 2, "LOC"), (3, 5, "ORG")]


def mixed_db(path):
    """Article 1: ann and bob differ, carol adjudicated to bob's version; 2:
    ann alone; 3: ann and bob agree; 4: imported as gold, nobody's layer; 5:
    ann started (one span accepted), not done."""
    with seed_store(path, articles=3) as st:
        for aid in (1, 2, 3):
            s = ReviewSession(st, "ann", DEFAULT_LABELS)
            s.open(aid)
            assert s.accept_all().ok and s.done().ok
        s = ReviewSession(st, "bob", DEFAULT_LABELS)
        s.open(1)
        assert s.reject().ok and s.set_label(ORG).ok and s.resize("end", -1).ok
        assert s.accept_all().ok and s.done().ok
        s.open(3)
        assert s.accept_all().ok and s.done().ok
        adj = AdjudicationSession(st, "carol", DEFAULT_LABELS)
        adj.open(1)
        assert adj.take(adj.names.index("bob"), whole=True).ok and adj.done().ok
        st.add_article(make_article("徐州铜山签约。", "gold.txt", "utf-8"), status="done",
                       gold_spans=[{"start": s, "end": e, "label": lab} for s, e, lab in GOLD])
        st.add_article(make_article("应县招商。", "started.txt", "utf-8"), [{"start": 0, "end": 2, "label": "LOC"}], "t")
        s = ReviewSession(st, "ann", DEFAULT_LABELS)
        s.open(5)
        assert s.accept().ok
    return path


def conll_spans(block):
    """(start, end, label) of a BIO block, read back from its tags."""
    spans, tags = [], [line.rsplit(" ", 1)[1] for line in block.split("\n") if line]
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            end = i + 1
            while end < len(tags) and tags[end] == f"I-{tag[2:]}":
                end += 1
            spans.append((i, end, tag[2:]))
    return spans


def seen(cli, db, *args):
    """Per exported article: (source, who marked it done, spans) from the jsonl,
    checked against the doccano and conll files of the same export."""
    jsonl = [json.loads(x) for x in cli("export", "--db", db, *args)[1].splitlines()]
    doccano = [json.loads(x) for x in cli("export", "--db", db, "--format", "doccano", *args)[1].splitlines()]
    conll = cli("export", "--db", db, "--format", "conll", *args)[1].split("\n\n")[:-1]
    got = [(r["meta"]["source"], r["meta"]["annotator"], [(s["start"], s["end"], s["label"]) for s in r["spans"]])
           for r in jsonl]
    assert [[tuple(x) for x in d["label"]] for d in doccano] == [spans for _, _, spans in got]
    assert [conll_spans(block) for block in conll] == [spans for _, _, spans in got]
    return got


def test_each_article_shows_the_version_its_layers_give(cli, tmp_path):
    db = mixed_db(tmp_path / "mixed.db")
    seed, v1, v2 = "000_a3eb56ffbb372eba.txt", "000_a3eb56ffbb372eba_1.txt", "000_a3eb56ffbb372eba_2.txt"
    assert seen(cli, db) == [(seed, "carol", BOB), (v1, "ann", ANN), (v2, "ann", ANN), ("gold.txt", None, GOLD)]
    assert seen(cli, db, "--layer", "bob") == [(seed, "bob", BOB), (v2, "bob", ANN), ("gold.txt", None, GOLD)]
    assert seen(cli, db, "--layer", "ann") == [(seed, "ann", ANN), (v1, "ann", ANN), (v2, "ann", ANN),
                                               ("gold.txt", None, GOLD)]
    assert seen(cli, db, "--layer", "adjudicated") == [(seed, "carol", BOB), ("gold.txt", None, GOLD)]
    assert seen(cli, db, "--status", "in_progress") == [("started.txt", None, [(0, 2, "LOC")])]
    # an article nobody has a layer of exports the same line from a database without layers
    alone = tmp_path / "alone.db"
    with Store(alone) as st:
        st.add_article(make_article("徐州铜山签约。", "gold.txt", "utf-8"), status="done",
                       gold_spans=[{"start": s, "end": e, "label": lab} for s, e, lab in GOLD])
    for fmt in FORMATS:
        mixed = cli("export", "--db", db, "--format", fmt)[1]
        only = cli("export", "--db", alone, "--format", fmt)[1]
        assert mixed.endswith(only) and only


def test_the_rows_read_ahead_by_a_thread_are_the_rows_read_in_turn_and_closing_them_stops_it(tmp_path):
    db = mixed_db(tmp_path / "mixed.db")
    awkward_db(tmp_path / "awk.db")
    for path in (db, tmp_path / "awk.db"):
        with Store(path) as st:
            # the texts cut at NUL as they are, or read as JSON strings (text_json, or a page with a NUL)
            plain = [r["text"] for r in st.iter_gold(status=None, page=3)]
            assert [r["text"] for r in st.iter_gold(status=None, page=3, text_json=True)] == plain
            assert any("\0" in t for t in plain) == (path != db)
            for kw in ({}, {"status": None}, {"layer": "ann"}, {"span_columns": True},
                       {"span_columns": True, "span_texts": False}, {"span_columns": True, "text_json": True}):
                for page in (1, 2, 200):
                    rows = list(st.iter_gold(page=page, **kw))
                    got = list(st.iter_gold(page=page, ahead=True, **kw))
                    assert [r["id"] for r in got] == [r["id"] for r in rows] and rows
                    if kw.get("span_columns"):  # GoldSpans: their columns compared
                        assert [[getattr(r["spans"], c) for c in r["spans"].__slots__] for r in got] == \
                            [[getattr(r["spans"], c) for c in r["spans"].__slots__] for r in rows]
                        for r in got:
                            r["spans"] = rows[0]["spans"]
                        for r in rows:
                            r["spans"] = rows[0]["spans"]
                    assert got == rows
            rows = st.iter_gold(status=None, page=1, ahead=True)
            first = next(rows)
            rows.close()  # a reader that stops early: the thread stops, the read transaction ends
            assert not st.conn.in_transaction
            assert threading.active_count() == 1
            st.set_setting("overlap", 0.5)  # the connection writes again
            assert st.setting("overlap") == 0.5 and first["id"] == 1


def test_an_error_while_reading_ahead_reaches_the_reader_and_stops_the_thread():
    from zs_tui.storage.gold_query import _read_ahead

    def pages():
        yield 1
        yield 2
        raise sqlite3.OperationalError("disk I/O error")

    got = []
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        for p in _read_ahead(pages()):
            got.append(p)
    assert got == [1, 2] and threading.active_count() == 1


def test_the_utf8_check_finds_what_json_safe_escapes_and_nothing_else():
    """A line written as bytes is escaped (through the general path) exactly
    when its text holds DEL, a C1 character or a lone surrogate: not for "·"
    (U+00B7, the same lead byte as C1) nor Hangul (the lead byte of surrogates)."""
    from zs_tui.export.records import _raw_utf8
    from zs_tui.safety import json_raw

    rng = random.Random(5)
    alphabet = ["a", "·", "\x80", "\x9f", "\xa0", "\x7f", "\x9b", "한", "\ud7ff", "\ue000", "中", "é", "\ud800", "\udfff"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert _raw_utf8(text.encode("utf-8", "surrogatepass")) == json_raw(text), repr(text)


class FullDisk(io.FileIO):
    """A file on disk (so that a thread writes it) whose disk fills after ``room`` bytes."""

    def __init__(self, path, room: int) -> None:  # noqa: ANN001
        super().__init__(path, "w+")
        self.room = room

    def write(self, b) -> int:  # noqa: ANN001
        if self.tell() + len(b) > self.room:
            raise OSError(28, "No space left on device")
        return super().write(b)

    def getvalue(self) -> bytes:
        self.flush()
        with open(self.name, "rb") as f:
            return f.read()


def done_articles(path, n: int, sentence: str, times: int, spans=((4, 6),)):  # noqa: ANN001
    """A database of ``n`` done articles, each its number and ``sentence``
    ``times`` over, with LOC gold spans ``spans``."""
    with Store(path) as st:
        for i in range(n):
            st.add_article(make_article(f"第{i}篇：{sentence}" * times, f"{i}.txt", "utf-8"), status="done",
                           gold_spans=[{"start": a, "end": b, "label": "LOC"} for a, b in spans])
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_write_that_fails_in_the_writing_thread_fails_the_export_and_keeps_what_came_before(tmp_path, fmt):
    db = done_articles(tmp_path / "many.db", 400, "徐州铜山与苏州签约，投资五亿元。", 50, spans=((4, 6), (7, 9)))
    with Store(db) as st:
        whole = io.BytesIO()
        fp = io.TextIOWrapper(whole, encoding="utf-8", newline="\n")
        write_gold(st.iter_gold(span_columns=True, span_texts=fmt == "jsonl", text_json=fmt != "conll"), fp, fmt,
                   utf8=fp.buffer)
        fp.flush()
        reference = whole.getvalue()
        assert len(reference) > 3 * (1 << 18)  # several chunks
        full = FullDisk(tmp_path / f"full.{fmt}", len(reference) // 2)
        fp = io.TextIOWrapper(full, encoding="utf-8", newline="\n")
        rows = st.iter_gold(span_columns=True, span_texts=fmt == "jsonl", ahead=True, text_json=fmt != "conll")
        with pytest.raises(OSError, match="No space left"), closing(rows):  # as export_gold closes them
            write_gold(rows, fp, fmt, utf8=fp.buffer)
        assert threading.active_count() == 1 and not st.conn.in_transaction
        written = full.getvalue()
        assert written and reference.startswith(written)  # whole chunks, in order, then nothing


def test_a_disk_that_fills_in_the_last_chunk_fails_the_export_even_while_an_error_is_handled(tmp_path):
    # a caller exporting from inside an except block (a fallback after a first
    # failure) must still hear of a write that failed at the very end
    db = done_articles(tmp_path / "some.db", 60, "苏州签约。", 300)
    with Store(db) as st:
        whole = FullDisk(tmp_path / "whole.jsonl", 1 << 40)
        fp = io.TextIOWrapper(whole, encoding="utf-8", newline="\n")
        write_gold(st.iter_gold(span_columns=True, text_json=True), fp, "jsonl", utf8=fp.buffer)
        size = len(whole.getvalue())
        full = FullDisk(tmp_path / "short.jsonl", size - 10)
        fp = io.TextIOWrapper(full, encoding="utf-8", newline="\n")
        try:
            raise KeyError("handled before")
        except KeyError:
            with pytest.raises(OSError, match="No space left"):
                write_gold(st.iter_gold(span_columns=True, text_json=True), fp, "jsonl", utf8=fp.buffer)


def test_ctrl_c_stops_an_export_into_a_pipe_nobody_reads(tmp_path):
    # `zs-tui export | less`: the pipe is full and its reader waits for a key
    import os
    import signal
    import subprocess
    import sys
    import time

    db = done_articles(tmp_path / "many.db", 300, "徐州铜山与苏州签约。", 400)
    for fmt in ("jsonl", "conll"):
        r, w = os.pipe()
        # Ctrl-C as a terminal delivers it, even when this test runs where
        # SIGINT is ignored (a CI started in the background passes that on)
        proc = subprocess.Popen([sys.executable, "-m", "zs_tui", "export", "--db", str(db), "--format", fmt],
                                stdout=w, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        os.close(w)
        try:
            time.sleep(1.5)  # the pipe (64 KB) is full long before
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=5)
        finally:
            os.close(r)
            proc.kill()
            proc.communicate()
        assert code != 0, fmt


def test_a_text_that_is_not_utf8_in_the_database_is_named_and_nothing_is_exported(cli, tmp_path):
    db = done_articles(tmp_path / "bad.db", 3, "苏州签约。", 1)
    with Store(db) as st:
        st.conn.execute("UPDATE articles SET clean = CAST(x'e5be90ff' || CAST(clean AS BLOB) AS TEXT) WHERE id = 2")
        st.conn.commit()
    for fmt in ("jsonl", "doccano"):
        out = tmp_path / f"out.{fmt}"
        code, _out, err = cli("export", "--db", str(db), "--format", fmt, "-o", str(out))
        assert code == 2 and "article 2" in err and "UTF-8" in err, (fmt, err)
        assert not out.exists()


def test_reviewed_articles_meta_is_the_general_paths_with_each_mark_the_reviewer_set(cli, tmp_path):
    """The meta of a done article is written without json.dumps when it holds
    only the review's strings: an unsure flag, a note, a flag set then
    cleared must come out as the general path writes them."""
    db = tmp_path / "marks.db"
    with seed_store(db, articles=4) as st:
        s = ReviewSession(st, 'a"nn·\\x', DEFAULT_LABELS)  # an annotator's name JSON must escape
        for aid in (1, 2, 3, 4):
            s.open(aid)
            assert s.accept_all().ok
            if aid == 2:
                assert s.toggle_unsure().ok
            if aid == 3:
                assert s.set_note('两处"地名"待核实 \\ à').ok
            if aid == 4:
                assert s.toggle_unsure().ok and s.toggle_unsure().ok  # set, then cleared
            assert s.done().ok
    out = tmp_path / "out.jsonl"
    assert cli("export", "--db", db, "-o", out)[0] == 0
    general = io.StringIO()
    with Store(db) as st:
        write_gold(st.iter_gold(), general, "jsonl")
    assert out.read_text("utf-8") == general.getvalue()
    metas = [json.loads(line)["meta"] for line in general.getvalue().splitlines()]
    assert [m["annotator"] for m in metas] == ['a"nn·\\x'] * 4
    assert [(m.get("unsure"), m.get("note")) for m in metas] == \
        [(None, None), (True, None), (None, '两处"地名"待核实 \\ à'), (None, None)]
