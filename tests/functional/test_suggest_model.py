"""The trained layer: a CRF trained on reviewed articles changes what is suggested on unseen ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zs_tui.suggest import Suggester
from zs_tui.suggest.model import (
    MODEL,
    RULES,
    ModelError,
    Policy,
    SpanModel,
    bies_to_spans,
    combine,
    db_model_path,
    default_model,
    default_model_path,
    model_for_db,
)
from zs_tui.suggest.train import GoldDoc, train_model

# Names ending in 智谷 ("intelligence valley" parks), a kind of project no rule
# knows: reviewers mark them PROJECT.  Written for this test, in no dev set.
TRAIN_NAMES = ["星河智谷", "云帆智谷", "金穗智谷", "海棠智谷", "松涛智谷", "银杏智谷", "紫荆智谷", "明湖智谷"]
TEMPLATES = [
    "签约仪式上,{n}与三家企业签订合作协议。",
    "{n}位于开发区东侧,占地300亩,总投资12亿元。",
    "记者走进{n},看到一片繁忙景象。",
    "{n}的建设进展顺利,预计明年投入使用。",
]
UNSEEN = "据介绍,蓝湾智谷与青禾智谷已完成主体建设,两家企业将入驻蓝湾智谷。"
UNSEEN_GOLD = {(4, 8, "PROJECT"), (9, 13, "PROJECT"), (28, 32, "PROJECT")}


PAIR = "{n}与{m}签署战略合作协议。"  # two names joined: each is one span


def _reviewed_articles() -> list[dict]:
    out = []
    for i, name in enumerate(TRAIN_NAMES):
        text, spans = "", []
        for k in range(len(TEMPLATES)):
            t = TEMPLATES[(i + k) % len(TEMPLATES)]
            a = len(text) + t.index("{n}")
            spans.append({"start": a, "end": a + len(name), "label": "PROJECT"})
            text += t.format(n=name)
        other = TRAIN_NAMES[(i + 1) % len(TRAIN_NAMES)]
        a = len(text)
        spans += [{"start": a, "end": a + len(name), "label": "PROJECT"},
                  {"start": a + len(name) + 1, "end": a + len(name) + 1 + len(other), "label": "PROJECT"}]
        text += PAIR.format(n=name, m=other)
        out.append({"source": f"reviewed_{i}.txt", "text": text, "spans": spans})
    return out


def _labelled(spans: list[dict]) -> set[tuple[int, int, str]]:
    return {(d["start"], d["end"], d["label"]) for d in spans}


def test_unseen_text_matches_the_gold_spans():
    assert {UNSEEN[a:b] for a, b, _ in UNSEEN_GOLD} == {"蓝湾智谷", "青禾智谷"}
    for r in _reviewed_articles():
        assert all(r["text"][s["start"]:s["end"]] in TRAIN_NAMES for s in r["spans"])


def test_model_trained_on_reviewed_articles_suggests_unseen_names_as_the_gold_says():
    docs = [GoldDoc(r["source"], r["text"], r["spans"]) for r in _reviewed_articles()]
    res = train_model(docs, {"PROJECT", "LOC"}, folds=2)
    assert res.policy.source_for("PROJECT") != RULES  # cross-validation saw the model find what the rules miss
    model = SpanModel(res.data)
    before = _labelled(Suggester(model=None).suggest(UNSEEN))
    after = _labelled(Suggester(model=model).suggest(UNSEEN))
    assert not before & UNSEEN_GOLD  # the rules alone miss them
    assert UNSEEN_GOLD <= after  # names the model never saw, found by what reviewers taught
    # today's lexicon-only learning cannot: the names are new
    accepted = {(d["text"][s["start"]:s["end"]], s["label"]): 1 for d in _reviewed_articles() for s in d["spans"]}
    assert not _labelled(Suggester(accepted, model=None).suggest(UNSEEN)) & UNSEEN_GOLD


def test_training_is_deterministic():
    docs = [GoldDoc(r["source"], r["text"], r["spans"]) for r in _reviewed_articles()[:3]]
    assert train_model(docs, {"PROJECT"}, folds=0).data == train_model(docs, {"PROJECT"}, folds=0).data


def test_cli_train_db_then_suggest_db_uses_what_the_database_taught(cli, tmp_path):
    gold = tmp_path / "reviewed.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _reviewed_articles()), encoding="utf-8")
    db = tmp_path / "a.db"
    assert cli("import", "--as-gold", gold, "--db", db)[0] == 0
    unseen = tmp_path / "unseen.txt"
    unseen.write_text(UNSEEN, encoding="utf-8")
    code, out, _ = cli("suggest", "--db", db, unseen)
    assert code == 0 and not _labelled(json.loads(out)["spans"]) & UNSEEN_GOLD  # the lexicon alone: no
    code, out, err = cli("train", "--db", db, "--folds", "2")
    assert code == 0, err
    assert db_model_path(db).exists() and f"model written to {db_model_path(db)}" in out
    assert "chosen: PROJECT: the model" in out  # the decision printed, from the database's own figures
    code, out, _ = cli("suggest", "--db", db, unseen)
    assert code == 0 and UNSEEN_GOLD <= _labelled(json.loads(out)["spans"])
    # the model belongs to that database: without --db the shipped suggester is unchanged
    code, out, _ = cli("suggest", unseen)
    assert code == 0 and not _labelled(json.loads(out)["spans"]) & UNSEEN_GOLD


def test_resuggest_and_import_use_the_model_after_training(cli, tmp_path):
    gold = tmp_path / "reviewed.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _reviewed_articles()), encoding="utf-8")
    db = tmp_path / "a.db"
    unseen = tmp_path / "unseen.txt"
    unseen.write_text(UNSEEN, encoding="utf-8")
    assert cli("import", "--as-gold", gold, "--db", db)[0] == 0
    assert cli("import", unseen, "--db", db)[0] == 0
    assert "nothing to do" in cli("resuggest", "--db", db)[1]
    assert cli("train", "--db", db, "--folds", "2")[0] == 0
    code, out, _ = cli("resuggest", "--db", db)
    assert code == 0 and "resuggested 1 article(s)" in out
    from zs_tui.storage import Store

    # and an article imported now is suggested with the database's model too
    later = tmp_path / "later.txt"
    later.write_text("会上," + UNSEEN, encoding="utf-8")
    assert cli("import", later, "--db", db)[0] == 0
    with Store(db, create=False) as store:
        todo = [a for a in store.article_ids() if store.article(a).status != "done"]
        assert len(todo) == 2
        assert UNSEEN_GOLD <= _labelled(store.suggestions(todo[0]))
        assert {(a + 3, b + 3, lab) for a, b, lab in UNSEEN_GOLD} <= _labelled(store.suggestions(todo[1]))


def test_train_refuses_bad_input(cli, tmp_path):
    code, _, err = cli("train", "--db", tmp_path / "none.db")
    assert code == 2 and "no database" in err and not (tmp_path / "none.db").exists()
    code, _, err = cli("train", "--folds", "-1")
    assert code == 2
    code, _, err = cli("train", "--output", tmp_path / "no" / "such" / "m.crf", "--folds", "0")
    assert code == 2 and "does not exist" in err


def test_damaged_database_model_falls_back_to_the_shipped_one(tmp_path, capsys):
    db = tmp_path / "a.db"
    db_model_path(db).write_bytes(b"not a model")
    assert model_for_db(db) is default_model()
    assert "not a zs_tui model file" in capsys.readouterr().err
    with pytest.raises(ModelError):
        SpanModel(b"ZSCRF1\n{}\n")  # other features


def test_shipped_model_is_small_and_loads():
    path = default_model_path()
    assert path.exists() and path.stat().st_size < 20_000_000
    model = default_model()
    assert model is not None and set(model.policy.winner) >= {"LOC", "MONEY", "DATE", "PER"}
    assert Suggester().version.startswith(Suggester(model=None).version + "+crf.")


def test_combine_keeps_the_winner_and_fills_gaps_with_the_other():
    rules = [{"start": 0, "end": 4, "label": "LOC", "source": "places"},
             {"start": 10, "end": 14, "label": "ORG", "source": "suffix"}]
    model = [{"start": 0, "end": 6, "label": "COMPANY", "source": MODEL},
             {"start": 10, "end": 12, "label": "ORG", "source": MODEL},
             {"start": 20, "end": 23, "label": "PER", "source": MODEL}]
    rules_first = combine(rules, model, Policy({"LOC": RULES, "ORG": RULES, "COMPANY": RULES, "PER": RULES}, fill=True))
    assert _labelled(rules_first) == {(0, 4, "LOC"), (10, 14, "ORG"), (20, 23, "PER")}
    company_model = combine(rules, model, Policy({"COMPANY": MODEL, "PER": MODEL}, fill=False))
    assert _labelled(company_model) == {(0, 6, "COMPANY"), (10, 14, "ORG"), (20, 23, "PER")}
    assert _labelled(combine(rules, model, Policy({}, fill=False))) == _labelled(rules)


def test_tags_to_spans_reads_stray_inside_tags_as_openings():
    assert bies_to_spans(["B-LOC", "I-LOC", "O", "I-PER", "I-PER", "B-ORG", "B-ORG", "I-LOC"]) == [
        (0, 2, "LOC"), (3, 5, "PER"), (5, 6, "ORG"), (6, 7, "ORG"), (7, 8, "LOC")]


def test_model_spans_survive_worker_processes(seeds_dir: Path):
    from zs_tui.suggest import suggest_texts

    texts = [p.read_text("utf-8") for p in sorted(seeds_dir.glob("*.txt"))][:4]
    sug = Suggester()
    assert suggest_texts(sug, texts, jobs=2) == [sug.suggest(t) for t in texts]


def test_background_retraining_writes_the_database_model_and_loads_it(cli, tmp_path):
    import time

    from zs_tui.suggest.retrain import Retrainer

    gold = tmp_path / "reviewed.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _reviewed_articles()), encoding="utf-8")
    db = tmp_path / "a.db"
    assert cli("import", "--as-gold", gold, "--db", db)[0] == 0
    r = Retrainer(db, folds=2)  # the database's cross-validation decides; 2 folds keep the test short
    assert r.command()[-2:] == ["--folds", "2"]
    r.request()
    r.request()  # a second article done meanwhile: one more run afterwards, not two at once
    assert r.running
    deadline = time.monotonic() + 600
    model = None
    while model is None and time.monotonic() < deadline:
        time.sleep(0.5)
        model = r.poll()
    assert model is not None and db_model_path(db).exists()
    assert r.running  # the run asked for meanwhile
    r.wait(600)
    assert r.poll() is not None and not r.running
    sug = Suggester(model=None)
    sug.use_model(model)
    assert UNSEEN_GOLD <= _labelled(sug.suggest(UNSEEN)) and sug.version.endswith(model.tag)


def test_a_model_emitting_a_label_outside_the_set_is_refused_like_a_rule(tmp_path, capsys):
    """The start-up label check covers the model too: a model trained on gold
    with a label the set lacks is refused by name, and a database's such model
    is passed over for the shipped one with a warning."""
    from zs_tui.suggest.model import write_model
    from zs_tui.suggest.rules import RuleLabelError

    docs = [GoldDoc(r["source"], r["text"], [{**s, "label": "PARK"} for s in r["spans"]])
            for r in _reviewed_articles()[:3]]
    res = train_model(docs, {"PARK"}, folds=0)
    with pytest.raises(RuleLabelError, match="emits PARK"):
        Suggester(model=SpanModel(res.data, "park.crf"))
    with pytest.raises(RuleLabelError, match="emits PARK"):
        Suggester(model=None).use_model(SpanModel(res.data))
    db = tmp_path / "a.db"
    write_model(db_model_path(db), res.data)
    chosen = model_for_db(db)
    assert chosen is None or "PARK" not in chosen.labels
    assert "labels not in the label set (PARK)" in capsys.readouterr().err


def test_the_per_label_decision_follows_the_cross_validated_figures():
    """The model is used for a label only where cross-validation shows a gain
    over the rules alone: filling their gaps, or alone, whichever scores best;
    the rules keep ties and every label where the model is worse."""
    from zs_tui.suggest.model import FILL
    from zs_tui.suggest.train import decide

    rules = {"PROJECT": 0.60, "LOC": 0.90, "MONEY": 0.95, "EVENT": 0.70}
    fill = {"PROJECT": 0.72, "LOC": 0.88, "MONEY": 0.95, "EVENT": 0.74}
    model = {"PROJECT": 0.65, "LOC": 0.80, "MONEY": 0.95, "EVENT": 0.80}
    assert decide(rules, rules, fill, model) == {"PROJECT": FILL, "LOC": RULES, "MONEY": RULES, "EVENT": MODEL}
    # nothing better than the rules anywhere: the model changes nothing
    assert set(decide(rules, rules, {k: v - 0.01 for k, v in rules.items()}, rules).values()) == {RULES}


def test_fill_for_one_label_adds_only_that_labels_model_spans_in_the_rules_gaps():
    from zs_tui.suggest.model import FILL

    rules = [{"start": 0, "end": 4, "label": "LOC", "source": "places"}]
    model = [{"start": 2, "end": 6, "label": "PROJECT", "source": MODEL},  # overlaps a rule span: dropped
             {"start": 8, "end": 12, "label": "PROJECT", "source": MODEL},  # in a gap: added
             {"start": 14, "end": 16, "label": "LOC", "source": MODEL}]  # LOC keeps the rules alone
    got = combine(rules, model, Policy({"PROJECT": FILL, "LOC": RULES}, fill=False))
    assert _labelled(got) == {(0, 4, "LOC"), (8, 12, "PROJECT")}


def test_a_database_model_without_cross_validated_gain_is_off(tmp_path):
    """Trained on reviewed articles whose gold the rules already get right, the
    database's cross-validation shows no gain: the model is off, so the
    suggestions are the rules' exactly."""
    text = "总投资12亿元的项目于2024年3月5日签约。"
    rules_spans = Suggester(model=None).suggest(text)
    assert rules_spans  # MONEY and DATE: the rules get them
    docs = [GoldDoc(f"db:{i}", text, [{k: s[k] for k in ("start", "end", "label")} for s in rules_spans])
            for i in range(4)]
    res = train_model(docs, {"MONEY", "DATE"}, folds=2)
    assert res.tried and not res.policy.uses_model
    assert Suggester(model=SpanModel(res.data)).suggest(text) == rules_spans
