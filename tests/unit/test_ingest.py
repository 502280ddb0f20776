"""Reading input: encodings, scripts, JSONL, and what is refused."""
import json

import pytest

from zs_tui.ingest.clean import CharMap, clean_text
from zs_tui.ingest.decode import DecodeError, decode_bytes, looks_binary
from zs_tui.ingest.inputs import find_files, make_article, read_inputs
from zs_tui.ingest.script_detect import detect_script

SIMP = "徐州市铜山区举行招商引资项目集中签约仪式,总投资50亿元的新能源项目落户经济开发区。"
TRAD = "徐州市銅山區舉行招商引資項目集中簽約儀式,總投資50億元的新能源項目落戶經濟開發區。"


def test_each_encoding_is_decoded_and_named():
    assert decode_bytes(SIMP.encode("utf-8")) == (SIMP, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + SIMP.encode("utf-8")) == (SIMP, "utf-8-sig")
    assert decode_bytes((SIMP * 3).encode("gb18030")) == (SIMP * 3, "gb18030")
    assert decode_bytes((TRAD * 3).encode("big5")) == (TRAD * 3, "big5")


@pytest.mark.parametrize(
    "text",
    [
        "招商",  # two characters: both legacy codecs decode these bytes
        "鄭州",
        "項目簽約儀式在臺北舉行",
        "蘇州工業園區今年引進外資項目三十個。",
        "苏州工业园区今年引进外资项目三十个。",
    ],
)
def test_short_legacy_texts_round_trip(text):
    for enc in ("gb18030", "big5"):
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            continue  # simplified forms have no Big5 code
        # the text comes back right (for two characters both codecs may claim it)
        assert decode_bytes(data)[0] == text, enc


def test_seed_articles_in_legacy_encodings(seeds_dir):
    """Real articles, saved as a GB18030 or Big5 site would serve them."""
    for f in sorted(seeds_dir.glob("*.txt")):
        text = clean_text(f.read_text("utf-8"))[0]
        assert decode_bytes(text.encode("gb18030")) == (text, "gb18030"), f.name
        try:
            data = text.encode("big5")
        except UnicodeEncodeError:
            continue
        assert decode_bytes(data) == (text, "big5"), f.name


def test_undecodable_and_binary_bytes():
    with pytest.raises(DecodeError, match="not valid UTF-8, GB18030 or Big5"):
        decode_bytes(b"\xff\xfe\xfa\xfb\x80\x81" * 10)
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_bytes(b"\xef\xbb\xbf" + "招商".encode("gb18030"))
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert looks_binary(bytes(range(32)) * 10)
    assert not looks_binary(SIMP.encode("utf-8"))
    assert not looks_binary(TRAD.encode("big5"))


def test_script_detection():
    assert detect_script(SIMP) == "simplified"
    assert detect_script(TRAD) == "traditional"
    assert detect_script(SIMP + TRAD) == "mixed"
    assert detect_script("2023 ABC") == "none"
    # one quoted traditional name in a simplified article does not make it mixed
    assert detect_script(SIMP * 5 + "「臺灣」") == "simplified"


def test_script_counts_the_same_in_a_small_and_a_large_import(seeds_dir):
    # A small import counts characters one by one, a large one with regexes
    # built after the first half million characters: an article must get the
    # same script either way.
    from zs_tui.ingest.script_detect import _count_by_character, _count_by_regex

    texts = [f.read_text("utf-8") for f in sorted(seeds_dir.glob("*.txt"))]
    texts += [SIMP, TRAD, SIMP + TRAD, "2023 ABC", "", "𠀀㐷㑇豈" + TRAD[:3], SIMP * 9 + TRAD]
    for text in texts:
        assert _count_by_regex(text) == _count_by_character(text), text[:20]
    assert _count_by_character(SIMP + TRAD)[0] > 0 and _count_by_character(SIMP + TRAD)[1] > 0


def test_seed_scripts(seeds_dir):
    items, problems = read_inputs([str(seeds_dir)])
    assert not problems
    got = {i.article.source.rsplit("/", 1)[-1][:3]: i.article.script for i in items}
    assert got == {"000": "simplified", "001": "traditional", "002": "simplified",
                   "003": "simplified", "004": "traditional"}


def test_article_keeps_raw_clean_map_and_hash(tmp_path):
    raw = "南京金基控股(集團(tuán))有限公司\r\n簽約 項目\r\n"
    f = tmp_path / "a.txt"
    f.write_bytes(raw.encode("utf-8"))
    (item,), problems = read_inputs([str(f)])
    art = item.article
    assert not problems
    assert art.raw == raw  # raw kept verbatim, CR included
    assert art.clean == "南京金基控股(集團)有限公司\n簽約項目\n"
    cmap = CharMap.from_json(art.char_map)
    assert all(art.raw[cmap.to_raw(i)] == ch for i, ch in enumerate(art.clean))
    assert art.source == f.as_posix() and art.encoding == "utf-8" and art.script == "traditional"
    # the hash is of the clean text: the same article with LF endings is the same article
    assert make_article(raw.replace("\r\n", "\n"), "b.txt", "utf-8").sha256 == art.sha256


def test_jsonl_records_keep_meta_and_report_broken_lines(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": SIMP, "meta": {"source": "x/1.html", "site": "s"}}, ensure_ascii=False)
                 + "\n{broken\n" + json.dumps({"text": TRAD}, ensure_ascii=False) + "\n", "utf-8")
    items, problems = read_inputs([str(f)])
    assert [i.article.source for i in items] == ["x/1.html", f"{f}:3"]
    assert items[0].article.meta["site"] == "s"
    assert len(problems) == 1 and str(problems[0]).startswith(f"{f}:2:")


def test_jsonl_line_separator_inside_a_record(tmp_path):
    """JSON allows U+2028 / U+0085 raw in a string; they are not line breaks."""
    lines = [json.dumps({"text": "招商\u2028引资项目"}, ensure_ascii=False),
             json.dumps({"text": "签约\x85仪式"}, ensure_ascii=False),
             "{broken"]
    f = tmp_path / "a.jsonl"
    f.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    items, problems = read_inputs([str(f)])
    assert [i.article.clean for i in items] == ["招商\u2028引资项目", "签约\x85仪式"]
    assert [str(p).split(": ")[0] for p in problems] == [f"{f}:3"]


def test_jsonl_non_object_and_empty_text_lines(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('["招商"]\n{"text": "  "}\n{"meta": {}}\n\n{"text": "招商引资"}\n', "utf-8")
    items, problems = read_inputs([str(f)])
    assert [i.article.clean for i in items] == ["招商引资"]
    assert [str(p).rsplit(":", 1)[0].split(f"{f}:")[1] for p in problems] == ["1", "2", "3"]


def test_jsonl_in_legacy_encoding(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes((json.dumps({"text": TRAD}, ensure_ascii=False) + "\n").encode("big5"))
    (item,), problems = read_inputs([str(f)])
    assert not problems and item.article.clean == TRAD and item.article.encoding == "big5"


def test_directories_are_read_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(SIMP, "utf-8")
    (tmp_path / "a" / "y.TXT").write_text(TRAD, "utf-8")
    (tmp_path / "a" / "notes.md").write_text("not an article", "utf-8")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "z.txt").write_text("hidden", "utf-8")
    items, problems = read_inputs([str(tmp_path / "a")])
    assert not problems
    assert sorted(i.article.script for i in items) == ["simplified", "traditional"]


def test_directory_files_in_path_order_links_to_files_read_linked_folders_not_entered(tmp_path):
    root = tmp_path / "corpus"
    (root / "b" / "c").mkdir(parents=True)
    (root / "b-x").mkdir()
    for rel in ("b/c/1.txt", "b/2.jsonl", "b-x/3.txt", "a.txt", "b/.hidden.txt"):
        (root / rel).write_text(SIMP, "utf-8")
    (root / "folder.txt").mkdir()  # a folder, whatever its name: entered, not read
    (root / "folder.txt" / "4.txt").write_text(TRAD, "utf-8")
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "loop").symlink_to(root)  # entering it would read everything again, forever
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    files, problems = find_files([str(root)])
    assert not problems
    # ordered by path components, as the article ids then are ("b/..." before "b-x/...")
    assert [f.relative_to(root).as_posix() for f in files] == [
        "a.txt", "b/2.jsonl", "b/c/1.txt", "b-x/3.txt", "folder.txt/4.txt", "link.txt"]


def test_missing_path_and_empty_directory_are_fatal(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "readme.md").write_text("x", "utf-8")
    files, problems = find_files([str(tmp_path / "nope"), str(tmp_path / "d")])
    assert files == []
    assert [(p.fatal, p.reason) for p in problems] == [
        (True, "no such file or directory"),
        (True, "directory holds no .txt or .jsonl articles"),
    ]


def test_size_limit(tmp_path):
    big = "招商引资" * (5 * 1024 * 1024 // 12 + 1)  # just over 5 MB of UTF-8
    (tmp_path / "big.txt").write_text(big, "utf-8")
    (tmp_path / "big.jsonl").write_text(json.dumps({"text": big}, ensure_ascii=False) + "\n"
                                        + json.dumps({"text": SIMP}, ensure_ascii=False) + "\n", "utf-8")
    items, problems = read_inputs([str(tmp_path / "big.txt"), str(tmp_path / "big.jsonl")])
    assert [i.article.clean for i in items] == [SIMP]  # the small JSONL record is still read
    assert "is 5.0 MB; articles over 2 MB are refused" in str(problems[0])
    assert str(problems[1]).startswith(f"{tmp_path / 'big.jsonl'}:1: text over 2 MB")
    # the limit can be raised
    items, problems = read_inputs([str(tmp_path / "big.txt")], max_mb=6)
    assert not problems and len(items) == 1


def test_utf8_with_a_bad_byte_says_where(tmp_path):
    good = "第一行招商引资\n第二行签约项目\n".encode()
    f = tmp_path / "a.txt"
    at = len("第一行招商引资\n第二".encode())
    f.write_bytes(good[:at] + b"\xff" + good[at:])  # a stray byte on line 2
    items, (problem,) = read_inputs([str(f)])
    assert items == []
    assert f"not valid UTF-8, GB18030 or Big5 (first bad UTF-8 byte: line 2, byte offset {at})" in str(problem)
    cut = tmp_path / "cut.txt"
    cut.write_bytes(good[:-2])  # cut off in the middle of the last character
    items, (problem,) = read_inputs([str(cut)])
    assert "line 2" in str(problem)


def test_utf16_is_refused_with_advice(tmp_path):
    f = tmp_path / "notepad.txt"
    f.write_bytes(SIMP.encode("utf-16"))  # with BOM, as Windows Notepad saves "Unicode"
    items, (problem,) = read_inputs([str(f)])
    assert items == [] and "UTF-16 text is not supported; save it as UTF-8" in str(problem)


def test_jsonl_with_bom_and_crlf(tmp_path):
    f = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": SIMP}, ensure_ascii=False), "oops", json.dumps({"text": TRAD}, ensure_ascii=False)]
    f.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    items, problems = read_inputs([str(f)])
    assert [i.article.clean for i in items] == [SIMP, TRAD]
    assert {i.article.encoding for i in items} == {"utf-8-sig"}
    assert [str(p).split(": ")[0] for p in problems] == [f"{f}:2"]


def test_jsonl_streams_line_by_line_with_true_line_numbers(tmp_path):
    """Read one line at a time (CRLF, U+2028 inside a string, blank lines), GB18030 too."""
    from zs_tui.ingest.inputs import iter_jsonl

    recs = [{"text": "第一篇\u2028文章。"}, {"text": "第二篇文章。", "meta": {"source": "b"}}]
    for enc in ("utf-8", "gb18030"):
        f = tmp_path / f"{enc}.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) for r in recs]
        f.write_bytes((lines[0] + "\r\n\n" + lines[1] + "\n" + "{broken\n").encode(enc))
        got = list(iter_jsonl(f))
        assert [g.article.raw for g in got[:2]] == [r["text"] for r in recs]
        assert got[1].article.source == "b" and got[0].where == f"{f}:1"
        assert got[1].article.encoding == enc
        assert str(got[2]).startswith(f"{f}:4: broken JSON")


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs a named pipe")
def test_jsonl_from_a_pipe_with_a_line_across_the_encoding_sample(tmp_path):
    """`producer | zs-tui import /dev/stdin`: a pipe cannot seek back after the
    first megabyte read to tell the encoding (it was refused as "not
    seekable"); a line cut by that megabyte is read whole."""
    import os
    import threading

    from zs_tui.ingest.inputs import SAMPLE, iter_jsonl

    first = json.dumps({"text": SIMP}, ensure_ascii=False) + "\n"
    long_text = "长" * (SAMPLE // 3)  # ~1 MB of UTF-8 over the line: crosses the sample's end
    lines = [first, json.dumps({"text": long_text}, ensure_ascii=False) + "\n", first.replace("50", "60")]
    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes("".join(lines).encode("utf-8")))
    writer.start()
    got = list(iter_jsonl(pipe, max_mb=4))
    writer.join()
    assert [g.article.raw for g in got] == [SIMP, long_text, SIMP.replace("50", "60")]
    assert [g.where for g in got] == [f"{pipe}:{n}" for n in (1, 2, 3)]
