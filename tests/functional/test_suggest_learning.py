"""The learning loop: what a reviewer decides on one article changes the next."""
import json

from zs_tui.cli import main
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store
from zs_tui.suggest import SUGGESTER_VERSION, Suggester

# Written for these tests. "星澜科创" is a coined firm name no rule knows.
ARTICLE_A = "上午,星澜科创负责人到访,双方围绕汽车零部件展开交流。"
ARTICLE_B = "下午,星澜科创再次來訪,洽谈汽车零部件合作。"


def _pairs(spans):
    return {(s["text"], s["label"]) for s in spans}


def _review_a(store: Store, aid: int) -> None:
    """The reviewer rejects the INDUSTRY suggestion and adds the firm by hand."""
    sid = store.start_session("ann", "test")
    ind = next(s.as_dict() for s in store.spans(aid) if s.label == "INDUSTRY")
    assert ind["text"] == "汽车零部件"
    store.record(sid, "ann", aid, "reject", [(ind, {**ind, "state": "rejected"})])
    a = ARTICLE_A.index("星澜科创")
    store.record(sid, "ann", aid, "add", [(None, {"start": a, "end": a + 4, "label": "COMPANY"})])


def test_untaught_suggester_misses_the_firm_and_offers_the_industry():
    spans = _pairs(Suggester().suggest(ARTICLE_B))
    assert ("星澜科创", "COMPANY") not in spans
    assert ("汽车零部件", "INDUSTRY") in spans


def test_article_b_learns_from_the_review_of_article_a(db_path):
    with Store(db_path) as store:
        sug = Suggester.from_store(store)
        aid = store.add_article(make_article(ARTICLE_A, "a.txt", "utf-8"), sug.suggest(ARTICLE_A), SUGGESTER_VERSION)
        _review_a(store, aid)
        taught = Suggester.from_store(store)
    spans = taught.suggest(ARTICLE_B)
    firm = [s for s in spans if s["label"] == "COMPANY"]
    assert [(s["text"], s["source"]) for s in firm] == [("星澜科创", "learned")]
    assert ("汽车零部件", "INDUSTRY") not in _pairs(spans)


def test_import_stores_learned_suggestions_as_learned(capsys, tmp_path, db_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    assert main(["import", "--db", str(db_path), str(tmp_path / "a.txt")]) == 0
    with Store(db_path) as store:
        _review_a(store, store.article_ids()[0])
    assert main(["import", "--db", str(db_path), str(tmp_path / "b.txt")]) == 0
    with Store(db_path) as store:
        b = store.article_ids()[-1]
        spans = store.spans(b)
    assert [(s.text, s.label, s.origin) for s in spans if s.label == "COMPANY"] == [("星澜科创", "COMPANY", "learned")]
    assert not [s for s in spans if s.label == "INDUSTRY"]


def test_suggest_with_db_uses_what_was_taught(capsys, tmp_path, db_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    main(["import", "--db", str(db_path), str(tmp_path / "a.txt")])
    with Store(db_path) as store:
        _review_a(store, store.article_ids()[0])
    capsys.readouterr()
    assert main(["suggest", "--db", str(db_path), str(tmp_path / "b.txt")]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert ("星澜科创", "COMPANY") in _pairs(rec["spans"])


def test_resuggest_refreshes_stale_articles_and_keeps_decided_spans(capsys, tmp_path, db_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    main(["import", "--db", str(db_path), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    with Store(db_path) as store:
        a, b = store.article_ids()
        _review_a(store, a)
        # Pretend both were suggested by an older suggester.
        for aid in (a, b):
            art = store.article(aid)
            store.set_meta(aid, {**art.meta, "suggester_version": "0.old"})
        before_a = {(s.start, s.end, s.label, s.state) for s in store.spans(a) if s.state != "pending"}
        assert store.articles_needing_suggestions(SUGGESTER_VERSION) == [a, b]
    capsys.readouterr()
    assert main(["resuggest", "--db", str(db_path)]) == 0
    assert "resuggested 2 article(s)" in capsys.readouterr().out
    with Store(db_path) as store:
        after_a = {(s.start, s.end, s.label, s.state) for s in store.spans(a) if s.state != "pending"}
        b_spans = {(s.text, s.label, s.origin) for s in store.spans(b)}
        assert store.articles_needing_suggestions(SUGGESTER_VERSION) == []
    assert after_a == before_a  # the reviewer's decisions are untouched
    assert ("星澜科创", "COMPANY", "learned") in b_spans  # B now benefits from A's review
    assert not [x for x in b_spans if x[1] == "INDUSTRY"]
    capsys.readouterr()
    assert main(["resuggest", "--db", str(db_path)]) == 0
    assert "nothing to do" in capsys.readouterr().out
