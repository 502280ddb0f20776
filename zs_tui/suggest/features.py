"""Character features for the trained layer (model.py).

One list of feature strings per character of the Simplified copy: the
character window, jieba's segmentation (the tokens the rules already
computed: position of the character in its word, the word, its tag and its
neighbours), the suggester's word lists (titles, surnames, industry words,
name endings) and the rules' final spans (B/I/E/S of their label).  No
feature names a word taken from the dev sets: the lists are those the
rules use, and everything else is read off the text itself.

Built for speed: the model runs on every suggestion, so the per-character
work is string concatenation only, every lookup is made once per token.
"""
from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from . import resources
from .segment import Token

# Bumped when the features change: a model trained on other features is refused.
FEATURES_VERSION = "2"


def _char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "h"
    if ch.isdigit() or ch in "零〇一二三四五六七八九十百千万亿两":
        return "d"
    if ch.isascii() and ch.isalpha():
        return "a"
    if ch == "\n":
        return "n"
    if ch.isspace():
        return "s"
    return "p"


@lru_cache(maxsize=4096)
def _cls(ch: str) -> str:
    return _char_class(ch)


@cache
def _lists() -> dict[str, Any]:
    sfx = resources.suffix_config()
    endings: dict[str, str] = {}
    for label, conf in sfx.items():
        if isinstance(conf, dict):
            for e in conf.get("endings", []):
                endings.setdefault(e, label)
    return {
        "titles": resources.word_set("titles.txt"),
        "surnames": resources.word_set("surnames.txt"),
        "industries": resources.industry_words(),
        "endings": endings,
        "max_ending": max((len(e) for e in endings), default=0),
    }


# Per-word parts of the token features, built once per distinct word: a
# news corpus repeats its words, and the model runs on every suggestion.
_WORD: dict[tuple[str, str], list[str]] = {}
_PREV: dict[str, list[str]] = {}
_NEXT: dict[str, list[str]] = {}
_CACHE_MAX = 200_000  # words; past it the caches start again (memory stays bounded)


def _word_part(w: str, tag: str) -> list[str]:
    got = _WORD.get((w, tag))
    if got is None:
        lists = _lists()
        got = ["wt=" + tag]
        if len(w) >= 2:
            got.append("w=" + w)
        if w in lists["titles"]:
            got.append("L=title")
        if w in lists["industries"]:
            got.append("L=industry")
        for n in range(min(len(w), lists["max_ending"]), 0, -1):
            lab = lists["endings"].get(w[-n:])
            if lab:
                got.append("L=end_" + lab)
                break
        if len(_WORD) > _CACHE_MAX:
            _WORD.clear()
        _WORD[(w, tag)] = got
    return got


def _prev_part(w: str) -> list[str]:
    got = _PREV.get(w)
    if got is None:
        got = ["pw=" + w]
        if w in _lists()["titles"]:
            got.append("L=after_title")
        if len(_PREV) > _CACHE_MAX:
            _PREV.clear()
        _PREV[w] = got
    return got


def _next_part(w: str) -> list[str]:
    got = _NEXT.get(w)
    if got is None:
        got = ["nw=" + w]
        lab = _lists()["endings"].get(w)
        if lab:
            got.append("L=next_end_" + lab)
        if len(_NEXT) > _CACHE_MAX:
            _NEXT.clear()
        _NEXT[w] = got
    return got


def _token_features(tok: Token, prev: Token | None, nxt: Token | None) -> list[str]:
    """What every character of ``tok`` shares."""
    return (_word_part(tok.word, tok.tag) + (_prev_part(prev.word) if prev else ["pw=^"])
            + (_next_part(nxt.word) if nxt else ["nw=$"]))


def _spans_bies(n: int, spans: list[dict[str, Any]]) -> list[str]:
    tags = ["O"] * n
    for sp in spans:
        a, b, lab = sp["start"], sp["end"], sp["label"]
        if not 0 <= a < b <= n:
            continue
        if b - a == 1:
            tags[a] = "S-" + lab
            continue
        tags[a] = "B-" + lab
        for i in range(a + 1, b - 1):
            tags[i] = "I-" + lab
        tags[b - 1] = "E-" + lab
    return tags


def char_features(s: str, tokens: list[Token], rule_spans: list[dict[str, Any]]) -> list[list[str]]:
    """Feature strings for each character of the Simplified text ``s``.

    ``tokens`` are jieba's tokens of ``s``; ``rule_spans`` the rules' final
    spans (offsets into ``s``, which has the clean text's length).
    """
    n = len(s)
    if n == 0:
        return []
    pad = "\x02\x02" + s + "\x03\x03"
    cls = [_cls(ch) for ch in pad]
    surnames = _lists()["surnames"]
    rules = _spans_bies(n, rule_spans)
    rpad = ["^", "^"] + rules + ["$", "$"]
    word_pos = [""] * n
    word_feats: list[list[str]] = [[]] * n
    last = len(tokens) - 1
    for k, tok in enumerate(tokens):
        a, b = tok.start, min(tok.end, n)
        if a >= b:
            continue
        word_feats[a:b] = [_token_features(tok, tokens[k - 1] if k else None, tokens[k + 1] if k < last else None)] * (b - a)
        if b - a == 1:
            word_pos[a] = "S"
        else:
            word_pos[a:b] = ["B"] + ["M"] * (b - a - 2) + ["E"]
    # Column by column (one comprehension per feature), then zipped into rows:
    # about twice as fast as building each character's list in a loop.
    p1, p2, m1, m2 = pad[3:n + 3], pad[4:n + 4], pad[1:n + 1], pad[0:n]
    r0, rm1 = rpad[2:n + 2], rpad[1:n + 1]
    cols = [
        ["c=" + x for x in s],
        ["c-1=" + x for x in m1],
        ["c+1=" + x for x in p1],
        ["c-2=" + x for x in m2],
        ["c+2=" + x for x in p2],
        ["b-1=" + x + y for x, y in zip(m1, s)],
        ["b+1=" + x + y for x, y in zip(s, p1)],
        ["k=" + x + y + z for x, y, z in zip(cls[1:n + 1], cls[2:n + 2], cls[3:n + 3])],
        ["wp=" + x for x in word_pos],
        ["r=" + x for x in r0],
        ["r-1=" + x for x in rm1],
        ["rwp=" + x + y for x, y in zip(r0, word_pos)],
    ]
    out = [list(row) + shared for row, shared in zip(zip(*cols), word_feats)]
    for i in [i for i, c in enumerate(s) if c in surnames]:
        if word_pos[i] == "B" or word_pos[i] == "S":
            out[i].append("L=surname")
    return out
