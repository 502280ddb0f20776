"""EVENT names that endings alone miss.

- joined events: ``X暨Y推进会`` / ``X推介暨“Y”品牌推广活动``: 暨 ("and also")
  only ever joins two parts of one named event, so the name runs from the
  verb that holds it (举办, 召开) across 暨 to the event word after it;
- quoted campaigns: ``“两比两争”专项活动``: a quoted name right before
  专项活动/系列活动/行动 names the campaign (a quoted slogan elsewhere,
  一号工程 or “走出去”活动, is not an entity).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .tokens import ORDINAL, is_han
from .types import RULE, SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

MAX_SIDE = 24
# Event words a joined name may end with, beyond the EVENT endings.
JOINED_ENDS = ("活动", "仪式", "典礼", "会")
HARD_STOP = set(",，。;；:：!！?？\n、()（）《》")
# An opening quote before a joined name opens the name (举办了“X暨Y会”).
OPEN_QUOTES = set("“「『")
QUOTED_CAMPAIGN = re.compile(
    r"[“\"]([^”\"\n]{2,12})[”\"](?=(?:[“\"][^”\"\n]{2,12}[”\"])*(?:(?:专项|系列|主题)活动|行动))"
)


# Named campaigns in quotes: a count of days (“百日冲刺”, “百日会战”) or a
# theme year (“营商环境提升年”); other quoted slogans are not entities.
QUOTED_NAMED = re.compile(r"[“\"]((?:百日|千日|百天)[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{3,10}(?<![今明去前当同次])年)[”\"]")
# Short forms of fairs: X博会 / X洽会 / X交会, with an ordinal or year (第七届中博会).
SHORT_FAIR = re.compile(r"[\u4e00-\u9fff]{1,2}(?:博会|洽会|交会)")
FAIR_PREFIX = re.compile(r"(?:" + ORDINAL + r"|首届|(?<!\d)\d{4}年?)$")
FULL_MEETING = re.compile(ORDINAL + r"([\u4e00-\u9fff]{2})[\u4e00-\u9fff]{2,8}?(?:洽谈会|博览会|交易会|恳谈会|交流会|合作会)")
NUMBERED_FAIR = re.compile(r"(?<![一二三四五六七八九十百第])[一二三四五六七八九十百]{2,4}(?:博会|洽会|交会)$")
FAIR_PREFIX_FAR = re.compile(ORDINAL + r"[\u4e00-\u9fff]{2,8}$")
FAIR_LEAD = set("在于的和与及、,，。;；:：“”\"(（)） \n参加办举届赴到")


class Events:
    labels = frozenset({"EVENT"})

    def __init__(self) -> None:
        endings = resources.suffix_config()["EVENT"]["endings"]
        self.endings = sorted({*endings, *JOINED_ENDS}, key=len, reverse=True)
        self.hold_verbs = tuple(resources.suffix_config()["event_hold_verbs"])

    def find(self, a: Analysis) -> list[Candidate]:
        s = a.s
        out = [Candidate(m.start(1), m.end(1), "EVENT", "quoted", RULE) for m in QUOTED_CAMPAIGN.finditer(s)]
        out += [Candidate(m.start(1), m.end(1), "EVENT", "quoted", RULE) for m in QUOTED_NAMED.finditer(s)
                if not any(c.isdigit() for c in m.group(1))]
        out += self._short_fairs(s, a.starts)
        out += self._short_meetings(s)
        for m in re.finditer("暨", s):
            c = self._joined(s, m.start())
            if c:
                out.append(c)
        return out

    def _joined(self, s: str, j: int) -> Candidate | None:
        end = self._right_end(s, j + 1)
        start = self._left_start(s, j)
        if end is None or start is None or j - start < 2:
            return None
        return Candidate(start, end, "EVENT", "joined", RULE)

    def _right_end(self, s: str, i: int) -> int | None:
        best = None
        for k in range(i, min(len(s), i + MAX_SIDE)):
            if s[k] in HARD_STOP or s[k] in "在于的":
                break
            for e in self.endings:
                if s.startswith(e, k) and not (k + len(e) < len(s) and is_han(s[k + len(e)]) and e == "会"):
                    best = k + len(e)
                    break
        return best

    def _left_start(self, s: str, j: int) -> int | None:
        a = j
        while a > 0 and j - a < MAX_SIDE and s[a - 1] not in HARD_STOP and s[a - 1] not in OPEN_QUOTES and not s[a - 1].isspace():
            # the verb that holds the event (举办/召开) or a preposition ends it
            if s.endswith(self.hold_verbs, 0, a) or s[a - 1] in "在于的":
                break
            a -= 1
        return a if a < j else None

    def _short_meetings(self, s: str) -> list[Candidate]:
        """第十八届鲁台经贸洽谈会 ... 本次鲁台会: a meeting with an ordinal is
        also called by its first two characters and 会, with or without the
        ordinal; only stems the article spelled out in full count."""
        stems = {m.group(1) for m in FULL_MEETING.finditer(s)}
        out = []
        for stem in stems:
            for m in re.finditer(re.escape(stem) + "会", s):
                a = m.start()
                if pre := FAIR_PREFIX.search(s, max(0, a - 6), a):
                    a = pre.start()
                out.append(Candidate(a, m.end(), "EVENT", "short", SUPPORTED))
        return out

    def _short_fairs(self, s: str, starts: set[int]) -> list[Candidate]:
        out = []
        for m in SHORT_FAIR.finditer(s):
            a = m.start()
            if m.end() - a == 4 and (s[a] in FAIR_LEAD or a not in starts or a > 0 and is_han(s[a - 1])):
                a += 1  # 参加/农博会, 省/农洽会: the stem is one character
            if num := NUMBERED_FAIR.search(s, max(0, m.end() - 6), m.end()):
                a = num.start()  # 十八洽会: the 18th fair called by its number
            elif pre := FAIR_PREFIX.search(s, max(0, a - 6), a):
                a = pre.start()  # 第七届中博会, 2024年农博会
            elif pre := FAIR_PREFIX_FAR.search(s, max(0, a - 18), a):
                a = pre.start()  # 第二十三届中国农加工投洽会: the ordinal opens a longer stem
            out.append(Candidate(a, m.end(), "EVENT", "fair", SUPPORTED))
        return out
