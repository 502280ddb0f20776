"""`zs-tui suggest`: JSON lines, offsets into the clean text, Traditional input, processes."""
import json

from zs_tui.cli import main
from zs_tui.ingest.clean import clean_text
from zs_tui.suggest import Suggester, suggest_texts

SIMP = ("2023年9月12日上午,南宁市人民政府与广西柳工机械股份有限公司签约,"
        "总投资12亿元的柳工智能装备产业园项目落户南宁经济技术开发区。(记者 黄丽华)")
# The same article in Traditional script, scraped with pinyin glosses.
TRAD_RAW = ("2023年9月12日上午,南寧市人民政府與廣西柳工機械股份有限公司簽(qiān)約,"
            "總投資12億元的柳工智能裝備產業園項(xiàng)目落戶南寧經濟技術開發區。(記者 黃麗華)")


def _suggest(capsys, *paths):
    assert main(["suggest", *map(str, paths)]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_json_line_per_article_with_offsets_into_the_clean_text(capsys, tmp_path):
    p = tmp_path / "simp.txt"
    p.write_text(SIMP, encoding="utf-8")
    [rec] = _suggest(capsys, p)
    clean, _ = clean_text(SIMP)
    assert rec["text"] == clean and rec["meta"]["source"].endswith("simp.txt")
    spans = rec["spans"]
    assert spans == sorted(spans, key=lambda s: s["start"])
    assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:]))
    for s in spans:
        assert set(s) == {"start", "end", "label", "text", "source"}
        assert clean[s["start"]:s["end"]] == s["text"]
    got = {(s["text"], s["label"]) for s in spans}
    assert {("2023年9月12日上午", "DATE"), ("南宁市人民政府", "ORG"), ("广西柳工机械股份有限公司", "COMPANY"),
            ("12亿元", "MONEY"), ("柳工智能装备产业园项目", "PROJECT"), ("南宁经济技术开发区", "LOC"),
            ("黄丽华", "PER")} <= got


def test_traditional_file_with_glosses_gets_the_same_spans(capsys, tmp_path):
    (tmp_path / "s.txt").write_text(SIMP, encoding="utf-8")
    (tmp_path / "t.txt").write_text(TRAD_RAW, encoding="utf-8")
    simp, trad = _suggest(capsys, tmp_path / "s.txt", tmp_path / "t.txt")
    assert "(qiān)" not in trad["text"] and len(trad["text"]) == len(simp["text"])
    assert [(s["start"], s["end"], s["label"]) for s in trad["spans"]] == \
           [(s["start"], s["end"], s["label"]) for s in simp["spans"]]
    texts = {(s["text"], s["label"]) for s in trad["spans"]}
    assert ("廣西柳工機械股份有限公司", "COMPANY") in texts and ("黃麗華", "PER") in texts


def test_several_processes_give_the_same_suggestions():
    texts = [SIMP, SIMP.replace("南宁", "昆明"), "今年3月,杭州市商务局组织企业赴德国考察。"] * 3
    sug = Suggester()
    assert suggest_texts(sug, texts, jobs=2) == suggest_texts(sug, texts, jobs=1)


def test_unreadable_path_is_reported(capsys, tmp_path):
    assert main(["suggest", str(tmp_path / "missing.txt")]) != 0
