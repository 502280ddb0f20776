"""PER: names after a role or title (主任林远航), and reporter bylines.

A name is two or three Han characters starting with a common surname.
Bylines (记者 X, 通讯员 X Y Z) may list several names whose separating
spaces the clean text removed between CJK characters; the run is split
into names that each start with a surname, preferring three characters.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .segment import Token
from .tokens import EVERYDAY_FREQ, PERSON_TAGS, is_han
from .types import RULE, SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

BYLINE_ROLES = ("见习记者", "特约记者", "记者", "通讯员", "实习生", "撰稿", "作者", "责任编辑", "编辑", "审校", "审核", "校对", "责编")
NAME_FOLLOWERS = ("一行", "以及", "进行", "团队", "一同", "一起", "共同", "分别", "带队", "率队", "率团", "表示", "介绍", "指出", "说", "称", "强调", "认为", "等", "同志", "先生", "女士", "主持", "出席", "参加", "陪同", "会见", "调研", "考察", "到会", "致辞", "讲话", "向")


BYLINE_VERBS = re.compile("报道|报导|摄影|发自|供图|整理")
# Tags of a lone character that can end a name: name parts, unknown words.
ORPHAN_TAGS = PERSON_TAGS | {"nz", "ng", "g", "n"}
# What a person name in running text is often followed by.
SPEAKER_FOLLOWERS = ("表示", "介绍", "指出", "强调", "认为", "说", "一行", "带队", "率队", "率团", "出席", "主持", "致辞",
                     "会见", "讲话", "调研")
GIVEN_NAME_TAGS = PERSON_TAGS | {"ns", "nz"}
LIST_JOINERS = "、和与"
CLAUSE_OPENERS = set(",，。;；:：!！?？\n “”\"、和与")


def tok_index_after(tokens: list[Token], k: int, end: int) -> int:
    while k < len(tokens) and tokens[k].start < end:
        k += 1
    return k


class People:
    labels = frozenset({"PER"})

    def __init__(self) -> None:
        self.surnames = resources.word_set("surnames.txt")
        # surnames.txt lists the most frequent first: the rank settles how a
        # run of glued byline names splits (郑凯郑文典 is 郑凯 + 郑文典).
        self.rank = {w: i for i, w in reversed(list(enumerate(resources.words("surnames.txt"))))}
        self.double = {s for s in self.surnames if len(s) == 2}
        titles = sorted(resources.word_set("titles.txt"), key=len, reverse=True)
        self.titles = re.compile("|".join(map(re.escape, titles)))
        self.bylines = re.compile("(?:" + "|".join(BYLINE_ROLES) + r")[\s:：]*")

    def _surname_len(self, s: str, i: int) -> int:
        if s[i : i + 2] in self.double:
            return 2
        return 1 if s[i : i + 1] in self.surnames else 0

    def find(self, a: Analysis) -> list[Candidate]:
        s, tokens, tok_at, starts = a.s, a.tokens, a.tok_at, a.starts
        out: list[Candidate] = []
        for m in self.bylines.finditer(s):
            out += self._byline(s, m.end())
        for m in self.titles.finditer(s):
            if m.group() in BYLINE_ROLES and len(self._byline(s, m.end())) > 1:
                continue  # glued byline names (王凯王文静) are split by _byline
            if m.start() > 0 and m.start() not in starts and m.end() not in a.ends:
                continue  # 书记 inside a longer word (商会会长 ends one: a title)
            c = self._after_title(s, tokens, tok_at, m.end())
            if c:
                out.append(c)
                out += self._listed_after(s, c.end)
        out += self._speakers(s, tokens)
        return out

    def _speakers(self, s: str, tokens: list[Token]) -> list[Candidate]:
        """A name jieba tags as a person, right before what people do in news
        (李国强表示, 王建国介绍), at a clause start; in a list of such names
        (张晓梅、刘志远等陪同) every name is one."""
        found: list[tuple[int, int]] = []
        k = 0
        while k < len(tokens):
            t = tokens[k]
            start, end = t.start, t.end
            if t.tag not in PERSON_TAGS:
                if not (len(t.word) == 1 and k + 1 < len(tokens) and len(tokens[k + 1].word) <= 2
                        and tokens[k + 1].tag in GIVEN_NAME_TAGS):
                    k += 1
                    continue
                # 刘/志远, 陈/金秀: jieba split surname and given name (the
                # given name may even be a place's short form)
                end = tokens[k + 1].end
            name = s[start:end]
            if (2 <= len(name) <= 3 and all(is_han(c) for c in name) and self._surname_len(s, start)
                    and (start == 0 or s[start - 1] in CLAUSE_OPENERS)):
                found.append((start, end))
            k = tok_index_after(tokens, k, end)
        # Keep a name before a speaker word, and the names listed before it.
        out: list[Candidate] = []
        for a, b in reversed(found):
            speaks = s.startswith(SPEAKER_FOLLOWERS, b) and not s.startswith("等", b) or \
                s.startswith("等", b) and a > 0 and s[a - 1] == "、"
            listed = bool(out) and out[-1].start == b + 1 and s[b] in LIST_JOINERS
            if speaks or listed:
                out.append(Candidate(a, b, "PER", "speaker", SUPPORTED))
        return out[::-1]

    def _byline(self, s: str, i: int) -> list[Candidate]:
        j = i
        while j < len(s) and (is_han(s[j]) or s[j] == " "):
            j += 1
        # 记者A通讯员B C: the next role ends this role's names, and so does
        # what the reporter did (记者李文华报道)
        if nxt := self.bylines.search(s, i, j):
            j = nxt.start()
        if done := BYLINE_VERBS.search(s, i, j):
            j = done.start()
        elif j - i in (3, 4) and s[j - 1] == "摄":
            j -= 1  # 记者王某摄: a photo credit, the name before 摄
        run = s[i:j]
        names: list[Candidate] = []
        pos = i
        for chunk in run.split(" "):
            names += self._split_names(chunk, pos)
            pos += len(chunk) + 1
        return names

    def _split_names(self, chunk: str, offset: int) -> list[Candidate]:
        # best[k]: (cost, partition of chunk[k:] into names) or None. The
        # cost is the rarest surname's rank, so that a common surname opens
        # each name; on a tie three-character names win.
        n = len(chunk)
        best: list[tuple[int, list[tuple[int, int]]] | None] = [None] * (n + 1)
        best[n] = (-1, [])
        for k in range(n - 1, -1, -1):
            if not self._surname_len(chunk, k):
                continue
            cost = self.rank.get(chunk[k : k + self._surname_len(chunk, k)], len(self.rank))
            for size in (3, 2):
                rest = best[k + size] if k + size <= n else None
                if rest is not None:
                    cand = (max(cost, rest[0]), [(k, k + size)] + rest[1])
                    if best[k] is None or cand[0] < best[k][0]:
                        best[k] = cand
        parts = best[0][1] if best[0] else []
        return [Candidate(offset + a, offset + b, "PER", "byline", RULE) for a, b in parts]

    def _after_title(self, s: str, tokens: list[Token], tok_at: list[int], i: int) -> Candidate | None:
        if i >= len(s) or not self._surname_len(s, i):
            return None
        t = tokens[tok_at[i]]
        if t.start == i and 2 <= len(t.word) <= 3 and all(is_han(c) for c in t.word) and t.tag in ("nr", "nz", "nrfg", "nrt"):
            # jieba may cut a name short (李俊/伟主持): a three-character name
            # right before what people do wins over the token.
            credit = s[i + 2 : i + 3] == "摄" and not is_han(s[i + 3 : i + 4] or "。")  # 记者王某摄: a photo credit
            if credit and len(t.word) == 3:
                return Candidate(i, i + 2, "PER", "title", RULE)  # jieba glued 摄 onto the name
            if len(t.word) == 2 and is_han(s[i + 2 : i + 3]) and not self._ends_name(s, i + 2) and not credit \
                    and (self._ends_name(s, i + 3) or self._orphan(tokens, tok_at, i + 2)
                         or self._whole_elsewhere(s, i, i + 3)):
                return Candidate(i, i + 3, "PER", "title", RULE)
            return Candidate(i, t.end, "PER", "title", RULE)
        # jieba split the name: two or three characters up to a boundary.
        for size in (3, 2):
            name = s[i : i + size]
            if len(name) < size or not all(is_han(c) for c in name):
                continue
            if self._everyday(name) or size == 3 and name[-1] == "摄" and not is_han(s[i + 3 : i + 4] or "。"):
                continue  # 负责人/应邀出席; 记者王某摄: a photo credit: an everyday word that opens with a surname
            after = s[i + size : i + size + 2]
            if size == 3 and any(s[i + 2 :].startswith(f) for f in NAME_FOLLOWERS):
                continue
            if i + size == len(s) or not is_han(s[i + size]) or any(s[i + size :].startswith(f) for f in NAME_FOLLOWERS) or after[:1] in "等和与在":
                return Candidate(i, i + size, "PER", "title", SUPPORTED)
        return None

    def _everyday(self, word: str) -> bool:
        from .segment import jieba_entries

        freq, tag = jieba_entries().get(word, (0, "nr"))
        return tag not in PERSON_TAGS and tag not in ("nz", "ns") and freq >= EVERYDAY_FREQ

    def _orphan(self, tokens: list[Token], tok_at: list[int], j: int) -> bool:
        """A character jieba left alone after a two-character name (高盛/琳/进行):
        the name's last character, unless it is a function word."""
        t = tokens[tok_at[j]]
        return t.start == j and t.end == j + 1 and t.tag in ORPHAN_TAGS

    def _whole_elsewhere(self, s: str, a: int, b: int) -> bool:
        """The three characters stand as a name elsewhere in the article
        (董事长罗振山系… but later 罗振山表示): one person, named the same."""
        name = s[a:b]
        p = s.find(name)
        while p >= 0:
            if p != a and (p == 0 or not is_han(s[p - 1]) or s[p - 1] in LIST_JOINERS) and self._ends_name(s, p + len(name)):
                return True
            p = s.find(name, p + 1)
        return False

    def _listed_after(self, s: str, i: int) -> list[Candidate]:
        """Names listed after a title's name: 县领导李俊伟、任会刚、陈召辉."""
        out = []
        while i < len(s) and s[i] == "、" and self._surname_len(s, i + 1):
            for size in (3, 2):
                j = i + 1 + size
                if all(is_han(c) for c in s[i + 1 : j]) and j <= len(s) and self._ends_name(s, j) \
                        and not (size == 3 and self._ends_name(s, j - 1)):
                    out.append(Candidate(i + 1, j, "PER", "title", SUPPORTED))
                    break
            else:
                break
            i = out[-1].end
        return out

    def _ends_name(self, s: str, j: int) -> bool:
        """Can a name end right before position ``j``?"""
        return j >= len(s) or not is_han(s[j]) or s.startswith(NAME_FOLLOWERS, j) or s[j] in "等和与及在"
