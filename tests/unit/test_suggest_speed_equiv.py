"""Speed-ups of the suggester's hot path change no span: each fast path is
compared, exactly, with the plain algorithm it replaced on every text of
both dev sets."""
import json
from pathlib import Path

import pytest

from zs_tui.suggest.lexicon import builtin_lexicon
from zs_tui.suggest.simplify import to_simplified

DATA = Path(__file__).parents[1] / "data"


def dev_texts():
    out = []
    for name in ("gold_seeds.jsonl", "gold_web.jsonl"):
        out += [json.loads(line)["text"] for line in (DATA / name).open(encoding="utf-8")]
    return out


def plain_longest_match(entries, s):
    """The longest entry starting at each position, tried by every length
    from the longest down (the lexicon matcher before its lengths were
    sorted once per first character)."""
    lengths = {}
    for text in entries:
        lengths.setdefault(text[0], set()).add(len(text))
    out = []
    for i, ch in enumerate(s):
        for n in sorted(lengths.get(ch, ()), reverse=True):
            if i + n <= len(s) and s[i:i + n] in entries:
                out.append((i, i + n, entries[s[i:i + n]][0]))
                break
    return out


@pytest.fixture(scope="module")
def lex():
    return builtin_lexicon()


@pytest.mark.parametrize("k", range(len(dev_texts())))
def test_the_lexicon_matcher_finds_what_the_plain_search_finds(lex, k):
    s = to_simplified(dev_texts()[k])
    fast = [(c.start, c.end, c.label) for c in lex.find(s)]
    assert fast == plain_longest_match(lex.entries, s)
    assert fast  # every dev article names a place or a fair


def test_an_entry_learned_later_is_matched_longest_first():
    from zs_tui.suggest.lexicon import Lexicon

    lex = Lexicon({"青川": ("LOC", "t")})
    lex.add("青川县恒远集团", "COMPANY", "learned")
    assert [(c.start, c.end) for c in lex.find("在青川县恒远集团投资")] == [(1, 8)]
