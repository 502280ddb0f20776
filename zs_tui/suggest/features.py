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

from functools import lru_cache
from typing import Any

from . import resources
from .segment import Token

# Bumped when the features change: a model trained on other features is refused.
FEATURES_VERSION = "1"


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


@lru_cache(maxsize=None)
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
        "industries": resources.word_set("industries.txt") | resources.word_set("industry_products.txt"),
        "endings": endings,
        "max_ending": max((len(e) for e in endings), default=0),
    }


def _token_features(tok: Token, prev: Token | None, nxt: Token | None) -> list[str]:
    """What every character of ``tok`` shares."""
    lists = _lists()
    w = tok.word
    feats = ["wt=" + tok.tag, "wl=" + str(min(len(w), 5))]
    if len(w) >= 2:
        feats.append("w=" + w)
    feats.append("pw=" + (prev.word if prev else "^"))
    feats.append("nw=" + (nxt.word if nxt else "$"))
    feats.append("pt=" + (prev.tag if prev else "^"))
    feats.append("nt=" + (nxt.tag if nxt else "$"))
    if w in lists["titles"]:
        feats.append("L=title")
    if prev is not None and prev.word in lists["titles"]:
        feats.append("L=after_title")
    if w in lists["industries"]:
        feats.append("L=industry")
    for n in range(min(len(w), lists["max_ending"]), 0, -1):
        lab = lists["endings"].get(w[-n:])
        if lab:
            feats.append("L=end_" + lab)
            break
    if nxt is not None:
        lab = lists["endings"].get(nxt.word)
        if lab:
            feats.append("L=next_end_" + lab)
    return feats


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
    for k, tok in enumerate(tokens):
        shared = _token_features(tok, tokens[k - 1] if k else None, tokens[k + 1] if k + 1 < len(tokens) else None)
        length = tok.end - tok.start
        for i in range(tok.start, min(tok.end, n)):
            word_feats[i] = shared
            if length == 1:
                word_pos[i] = "S"
            elif i == tok.start:
                word_pos[i] = "B"
            elif i == tok.end - 1:
                word_pos[i] = "E"
            else:
                word_pos[i] = "M"
    # Column by column (one comprehension per feature), then zipped into rows:
    # about twice as fast as building each character's list in a loop.
    p1, p2, m1, m2 = pad[3:n + 3], pad[4:n + 4], pad[1:n + 1], pad[0:n]
    r0, rm1, rp1 = rpad[2:n + 2], rpad[1:n + 1], rpad[3:n + 3]
    cols = [
        ["c=" + x for x in s],
        ["c-1=" + x for x in m1],
        ["c+1=" + x for x in p1],
        ["c-2=" + x for x in m2],
        ["c+2=" + x for x in p2],
        ["b-1=" + x + y for x, y in zip(m1, s)],
        ["b+1=" + x + y for x, y in zip(s, p1)],
        ["b-2=" + x + y for x, y in zip(m2, m1)],
        ["b+2=" + x + y for x, y in zip(p1, p2)],
        ["k=" + x + y + z for x, y, z in zip(cls[1:n + 1], cls[2:n + 2], cls[3:n + 3])],
        ["wp=" + x for x in word_pos],
        ["r=" + x for x in r0],
        ["r-1=" + x for x in rm1],
        ["r+1=" + x for x in rp1],
        ["rwp=" + x + y for x, y in zip(r0, word_pos)],
    ]
    out = [list(row) for row in zip(*cols)]
    for i, (f, c, wp, shared) in enumerate(zip(out, s, word_pos, word_feats)):
        if c in surnames and (wp == "B" or wp == "S"):
            f.append("L=surname")
        f.extend(shared)
    return out
