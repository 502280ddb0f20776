"""Reading input: encodings, scripts, and what is refused."""
import json

from zs_tui.decode import decode_bytes
from zs_tui.ingest import read_inputs
from zs_tui.script import detect_script

SIMP = "徐州市铜山区举行招商引资项目集中签约仪式,总投资50亿元的新能源项目落户经济开发区。"
TRAD = "徐州市銅山區舉行招商引資項目集中簽約儀式,總投資50億元的新能源項目落戶經濟開發區。"


def test_each_encoding_is_decoded_and_named():
    assert decode_bytes(SIMP.encode("utf-8")) == (SIMP, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + SIMP.encode("utf-8")) == (SIMP, "utf-8-sig")
    assert decode_bytes((SIMP * 3).encode("gb18030")) == (SIMP * 3, "gb18030")
    assert decode_bytes((TRAD * 3).encode("big5")) == (TRAD * 3, "big5")


def test_script_detection():
    assert detect_script(SIMP) == "simplified"
    assert detect_script(TRAD) == "traditional"
    assert detect_script(SIMP + TRAD) == "mixed"
    assert detect_script("2023 ABC") == "none"


def test_jsonl_records_keep_meta_and_report_broken_lines(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": SIMP, "meta": {"source": "x/1.html", "site": "s"}}, ensure_ascii=False)
                 + "\n{broken\n" + json.dumps({"text": TRAD}, ensure_ascii=False) + "\n", "utf-8")
    items, problems = read_inputs([str(f)])
    assert [i.article.source for i in items] == ["x/1.html", f"{f}:3"]
    assert items[0].article.meta["site"] == "s"
    assert len(problems) == 1 and str(problems[0]).startswith(f"{f}:2:")


def test_directories_are_read_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(SIMP, "utf-8")
    (tmp_path / "a" / "y.txt").write_text(TRAD, "utf-8")
    (tmp_path / "a" / "notes.md").write_text("not an article", "utf-8")
    items, problems = read_inputs([str(tmp_path / "a")])
    assert not problems
    assert sorted(i.article.script for i in items) == ["simplified", "traditional"]
