"""Media outlets (ORG) where news names them: source lines and datelines.

- ``来源:江南日报``, ``稿源:X网``: the outlet a page credits;
- ``X网讯`` / ``X报讯`` at the head of a story (``本报讯`` is generic);
- ``X社合肥6月20日电``: a news agency's dateline; ``X网长兴10月29日消息``,
  ``【X2016年06月21日讯】``: an outlet's;
- ``X网-Y日报`` / ``X网 | 首页`` / ``X日报-Y网武汉3月2日讯``: a site's name
  heading a line, and its channel (``X网-湖南频道``).

Only names with a media ending count, so page furniture with an empty or
other source (``来源:浏览人次``) gives nothing.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .types import RULE, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

MEDIA_END = r"(?:日报|晚报|早报|商报|时报|法制报|报社|报|新闻网|网|通讯社|社|电视台|广播电视台|广播电台|融媒体中心|融媒|客户端|杂志|周刊)"
HAN = r"[\u4e00-\u9fff]"
SOURCE = re.compile(rf"(?:来源|稿源|出处|转自|转载自|来自)\s*[:：]\s*({HAN}{{1,10}}?{MEDIA_END})(?={HAN}*?(?:[\s|｜/,，。;；)）\-—]|$))")
LEAD = re.compile(rf"(?:^|(?<=[\n。\s|｜]))({HAN}{{2,8}}?(?:日报|晚报|报|网))讯")
# X网消息 / X网11月29日讯 / X网9月4日某地消息: an outlet opening a story line.
LEAD_DATED = re.compile(rf"(?:^|(?<=\n))({HAN}{{2,8}}?(?:日报|晚报|报|网))(?:\d{{1,2}}月\d{{1,2}}日(?:{HAN}{{2,4}}?)?)?(?:讯|消息)")
# X网长兴10月29日消息: the place the story is filed from stands between the outlet and the date.
LEAD_PLACED = re.compile(rf"(?:^|(?<=[\n\-—]))({HAN}{{2,8}}?(?:日报|晚报|报|网|台))(?:{HAN}{{2,4}}?)(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日(?:讯|消息|电)")
# 【X2016年06月21日讯】: an outlet's dateline in brackets, whatever its name ends with.
BRACKETED = re.compile(rf"(?<=[【\[])({HAN}{{2,8}}?)(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日(?:讯|电)[】\]]")
# (X导报记者 A 通讯员 B): the outlet a byline names; 本报记者 is generic.
BYLINE = re.compile(rf"(?:^|(?<=[\n(（]))({HAN}{{2,8}}?(?:日报|晚报|导报|商报|时报|报|网))(?:见习)?记者")
DATELINE = re.compile(rf"(?:^|(?<=[\n。\s|｜(（]))({HAN}{{1,4}}社)(?:{HAN}{{2,6}})?\d{{1,2}}月\d{{1,2}}日(?:电|讯)")
# A site's name heading a line before a separator: 中国X网-X日报, X网 | 首页.
SITE = re.compile(rf"(?:^|(?<=\n)|(?<=[:：]))({HAN}{{2,8}}?(?:日报|新闻网|网))(?=\s*[-—_|｜>])")
# X网-湖南频道: the site's channel after its name.
CHANNEL = re.compile(rf"(?<=网[-—])({HAN}{{2,6}}频道)")
GENERIC = ("本报", "本网", "我报", "本社", "该报", "该网")


class Media:
    labels = frozenset({"ORG"})

    def find(self, a: Analysis) -> list[Candidate]:
        s = a.s
        out = []
        for pattern in (SOURCE, LEAD, LEAD_DATED, LEAD_PLACED, BRACKETED, BYLINE, DATELINE, SITE, CHANNEL):
            for m in pattern.finditer(s):
                name = m.group(1)
                if name in GENERIC or name.startswith(GENERIC):
                    continue
                # the source's name is all of the run up to the break: 来源:江南日报社 is not 江南日报
                end = m.end(1)
                if pattern is SOURCE:
                    while end < len(s) and "\u4e00" <= s[end] <= "\u9fff":
                        end += 1
                    if not re.search(MEDIA_END + "$", s[m.start(1):end]):
                        continue
                out.append(Candidate(m.start(1), end, "ORG", "media", RULE))
        return out
