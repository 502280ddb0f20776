"""Names found by their ending: COMPANY, ORG, PROJECT, EVENT and zones (LOC).

A name is an ending from ``suffixes.json`` plus the words before it, walked
back token by token until punctuation, a stop word, a function word (by
jieba's POS tag), a number or an already-found MONEY/DATE span.  A name
whose words before the ending are all generic (重大项目, 该公司, 高新区) is
not a name.
"""
from __future__ import annotations

import re

from . import resources
from .segment import Token
from .tokens import STOP_TAGS, is_han
from .types import Candidate

SCOPE_PREFIXES = ("全国", "全省", "全市", "全区", "全县", "全州")
# Endings after which a name stem is exactly two characters (towns, streets).
SHORT_STEM = {"镇": 2, "乡": 2, "街道": 2}
OPEN_BRACKETS = "(（"
CLOSE_BRACKETS = ")）"


class SuffixNames:
    def __init__(self) -> None:
        cfg = resources.suffix_config()
        self.rules: dict[str, dict] = {k: v for k, v in cfg.items() if not k.startswith("_") and k != "generic_stems"}
        self.generic = set(cfg["generic_stems"])
        self.stop = resources.word_set("stopwords.txt")
        by_ending: dict[str, list[str]] = {}
        for label, rule in self.rules.items():
            for e in rule["endings"]:
                by_ending.setdefault(e, []).append(label)
        self.by_ending = by_ending
        alts = sorted(by_ending, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(e) for e in alts))

    def find(self, s: str, tokens: list[Token], tok_at: list[int], ends: set[int], blocked: list[bool]) -> list[Candidate]:
        out: list[Candidate] = []
        pos = 0
        while True:
            m = self.pattern.search(s, pos)
            if not m:
                break
            pos = m.start() + 1
            es, ee = m.start(), m.end()
            # The ending must close a word: 集团 in 集团化 or 项目 in 项目部 does not.
            if ee < len(s) and ee not in ends and is_han(s[ee]):
                continue
            for label in self.by_ending[m.group()]:
                c = self._name(s, tokens, tok_at, blocked, es, ee, label)
                if c:
                    out.append(c)
        return out

    def _name(self, s: str, tokens: list[Token], tok_at: list[int], blocked: list[bool],
              es: int, ee: int, label: str) -> Candidate | None:
        rule = self.rules[label]
        ending = s[es:ee]
        if ending in SHORT_STEM and label == "LOC":
            n = SHORT_STEM[ending]
            a = es - n
            if a < 0 or not all(is_han(c) for c in s[a:es]) or s[a:es] in self.generic or s[a:es] in self.stop:
                return None
            if a > 0 and tok_at[a] == tok_at[a - 1] and tokens[tok_at[a]].start < a:
                return None  # the stem starts mid-word
            return Candidate(a, ee, label, "suffix", 2)
        start = es
        words: list[str] = []
        while start > 0:
            ch = s[start - 1]
            if blocked[start - 1]:
                break
            if ch in CLOSE_BRACKETS:
                open_at = max(s.rfind(b, max(0, start - 12), start - 1) for b in OPEN_BRACKETS)
                inner = s[open_at + 1 : start - 1] if open_at >= 0 else ""
                if open_at < 0 or not inner or not all(is_han(c) for c in inner) or es - open_at > rule["max_len"]:
                    break
                words.append(s[open_at:start])
                start = open_at
                continue
            t = tokens[tok_at[start - 1]]
            piece = s[t.start : start]
            if not self._allowed(piece, t, label, start == es):
                break
            if ee - t.start > rule["max_len"]:
                break
            words.append(piece)
            start = t.start
        words.reverse()
        stem = s[start:es]
        if len(stem) < rule["min_stem"]:
            return None
        # Scope words (全省) belong to event names only.
        while words and words[0] in self.generic and label != "EVENT":
            start += len(words.pop(0))
        if not words or all(w in self.generic or w in self.stop for w in words):
            if not (label == "EVENT" and len(words) >= 2 and words[0] in SCOPE_PREFIXES):
                return None
        if len(s[start:es]) < rule["min_stem"]:
            return None
        return Candidate(start, ee, label, "suffix", 3)

    def _allowed(self, piece: str, t: Token, label: str, first: bool) -> bool:
        if not piece or piece in self.stop:
            return False
        if piece in SCOPE_PREFIXES:
            return label == "EVENT"
        if all(c.isdigit() for c in piece):
            return label == "EVENT" and len(piece) == 4  # a year in an event name
        if not all(is_han(c) or c.isascii() and c.isalnum() for c in piece):
            return False
        if t.tag in STOP_TAGS or (t.tag == "v" and len(piece) == 1):
            return False
        return True
