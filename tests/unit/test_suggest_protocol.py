"""The rule protocol: one analysis, one RULES list, labels checked at start-up."""
import pytest

from zs_tui.labels import LABEL_NAMES
from zs_tui.suggest.analysis import Analysis
from zs_tui.suggest.rules import RULES, RuleLabelError, build_rules, check_labels
from zs_tui.suggest.types import Candidate


class _Misspelt:
    labels = frozenset({"COMPNAY"})

    def find(self, a):
        return [Candidate(0, 2, "COMPNAY", "test")]


def test_a_rule_emitting_a_label_outside_the_label_set_is_refused_at_start_up(monkeypatch):
    monkeypatch.setattr("zs_tui.suggest.rules.RULES", [*RULES, _Misspelt])
    with pytest.raises(RuleLabelError, match="_Misspelt emits COMPNAY"):
        build_rules(LABEL_NAMES)


def test_a_custom_label_set_without_a_rule_s_labels_is_refused_by_name():
    with pytest.raises(RuleLabelError, match="Numbers emits DATE, MONEY"):
        check_labels(((r.__name__, r.labels) for r in RULES), [n for n in LABEL_NAMES if n not in ("MONEY", "DATE")])


def test_every_rule_emits_only_the_labels_it_declares():
    text = ("2024年5月8日,记者王建国报道:甘肃省天水市人民政府与深圳华强电子有限公司签约,总投资20亿元的"
            "天水电子元器件产业园项目落户天水经济技术开发区,涉及集成电路、电子信息等产业;"
            "“春风行动”专项活动暨招商推介会同日举行,副市长李明远出席。")
    a = Analysis.of(text)
    seen = set()
    for rule in build_rules(LABEL_NAMES):
        for c in rule.find(a):
            assert c.label in rule.labels, (type(rule).__name__, c)
            assert a.s[c.start:c.end]
            seen.add(c.label)
    assert seen == set(LABEL_NAMES)


def test_the_analysis_keeps_offsets_of_traditional_text():
    a = Analysis.of("開封市商務局與企業簽約1億元")
    assert len(a.s) == len(a.clean) and a.s.startswith("开封市商务局")
    assert a.money == [(11, 14)] and all(a.blocked[11:14]) and not any(a.blocked[:11])
