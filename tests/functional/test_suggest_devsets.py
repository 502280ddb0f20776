"""The two dev sets (copies in tests/data/): a floor under the figures the
suggester reaches, and no dev-set name in its lexicons or rules.

The held-out set (24 articles from other sites) is what counts, so nothing
read off a dev article may be written into the suggester: the floors guard
against regressions, the name check against tuning by listing.
"""
import ast
import json
from pathlib import Path

import pytest

from zs_tui.cli import main
from zs_tui.suggest.simplify import to_simplified

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
SUGGEST_DATA = ROOT / "zs_tui" / "data" / "suggest"
RULE_SOURCE = ROOT / "zs_tui" / "suggest"
# Strict micro F1 a little under what the suggester reaches (0.967 seeds,
# 0.944 web when this was written): a drop below is a regression.
FLOORS = {"seeds": 0.95, "web": 0.92}
NAME_LABELS = ("PER", "ORG", "COMPANY", "PROJECT", "EVENT")


def dev_set(name):
    if name == "seeds":
        return DATA / "gold_seeds.jsonl", sorted((ROOT / "seeds").glob("*.txt"))
    return DATA / "gold_web.jsonl", sorted((DATA / "web").glob("*.txt"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_strict_micro_f1_stays_above_the_floor(name, capsys):
    gold, paths = dev_set(name)
    assert paths and len(paths) == sum(1 for _ in gold.open(encoding="utf-8"))
    assert main(["eval", "--json", str(gold), *map(str, paths)]) == 0
    res = json.loads(capsys.readouterr().out)
    assert not res.get("missing_articles")
    assert res["micro"][2] >= FLOORS[name], res["micro"]


def test_the_copies_are_the_shared_dev_sets_when_they_are_beside_the_repo():
    shared = ROOT.parent / "shared"
    if not (shared / "gold" / "web.jsonl").exists():
        pytest.skip("no ../shared beside this checkout")
    assert (DATA / "gold_web.jsonl").read_bytes() == (shared / "gold" / "web.jsonl").read_bytes()
    for p in (shared / "web").glob("*.txt"):
        assert (DATA / "web" / p.name).read_bytes() == p.read_bytes(), p.name


def gold_names(path):
    out = set()
    for line in path.open(encoding="utf-8"):
        g = json.loads(line)
        for s in g["spans"]:
            if s["label"] in NAME_LABELS:
                name = to_simplified(g["text"][s["start"]:s["end"]]).replace(" ", "")
                if len(name) >= 2:
                    out.add(name)
    return out


def data_entries():
    """Every entry of every lexicon and rule data file, Simplified."""
    out = set()
    for p in SUGGEST_DATA.iterdir():
        text = p.read_text(encoding="utf-8")
        if p.suffix == ".json":
            def walk(v):
                if isinstance(v, str):
                    out.add(v)
                elif isinstance(v, dict):
                    for x in v.values():
                        walk(x)
                elif isinstance(v, list):
                    for x in v:
                        walk(x)
            walk(json.loads(text))
        else:
            for line in text.splitlines():
                if not line.lstrip().startswith("#"):
                    out.update(line.replace("\t", " ").split())
    return {to_simplified(e) for e in out}


def code_strings():
    """String literals of the rule source that are not docstrings."""
    out = []
    for p in RULE_SOURCE.glob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        out += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]
    return out


@pytest.mark.parametrize("name", ["seeds", "web"])
def test_no_dev_set_name_is_a_lexicon_entry(name):
    leaked = sorted(gold_names(dev_set(name)[0]) & data_entries() - GUIDELINE_EXAMPLES)
    assert not leaked, f"names from the {name} dev set in zs_tui/data/suggest/: {leaked}"


@pytest.mark.parametrize("name", ["seeds", "web"])
def test_no_dev_set_name_is_written_into_a_rule(name):
    strings = code_strings()
    leaked = sorted(n for n in gold_names(dev_set(name)[0]) if any(n in to_simplified(s) for s in strings))
    assert not leaked, f"names from the {name} dev set in rule code: {leaked}"


@pytest.mark.parametrize("gold", ["gold_web.jsonl", "gold_seeds.jsonl"])
def test_no_dev_set_name_is_even_cited_in_the_rule_source(gold):
    """Comments and docstrings give examples of the rules; the dev sets'
    names are not among them, so that no rule is argued from them (the
    seeds' check once read only lexicons and rule strings: five seed names
    stood in comments, in Simplified where the seed is Traditional)."""
    text = to_simplified("".join(p.read_text(encoding="utf-8") for p in RULE_SOURCE.glob("*.py")))
    leaked = sorted(n for n in gold_names(DATA / gold) if n in text and n not in GUIDELINE_EXAMPLES)
    assert not leaked, f"dev-set names of {gold} cited in zs_tui/suggest/: {leaked}"


# Names GUIDELINES.md itself uses as examples of its rules (also in the seeds).
# 招商月 is also an EVENT ending: the guideline's example of a named campaign.
GUIDELINE_EXAMPLES = {"百日会战", "招商月"}
