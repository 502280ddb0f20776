"""A firm named in full once is often named short later: 恒远精工科技股份有限公司
... 恒远精工; 岚山资本(集团) ... 岚山资本.  So is a meeting: 2019中国·某市第二届
投资洽谈会 ... 投资洽谈会, 某县国际投资贸易洽谈会 ... 国际投资贸易洽谈会.

Short forms are the full name without its legal ending, then without the
words that say what the firm does (科技, 新材料, 投资) and without the place
in front; a form found elsewhere in the article is the same firm. This runs
after the rules, on the COMPANY names they found, like the propagation of
repeated mentions.
"""
from __future__ import annotations

import re
from functools import cache

from . import resources
from .segment import jieba_entries
from .tokens import EVERYDAY_FREQ, ORDINAL, is_han
from .types import WEAK, Candidate

# Words that describe a firm's trade at the end of its core name.
FIRM_WORDS = ("科技", "技术", "实业", "发展", "投资", "控股", "集团", "股份", "电子", "环保", "生态", "环境", "建设", "国际",
              "贸易", "商贸", "物流", "能源", "新能源", "材料", "新材料", "医药", "制药", "生物", "智能", "信息", "网络",
              "数字", "文化", "传媒", "旅游", "置业", "地产", "房地产", "工程", "机械", "装备", "汽车", "食品", "农业",
              "化工", "电气", "光电", "半导体", "通信", "软件", "航空", "服务", "管理", "咨询", "产业", "中国")
LEGAL = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "(集团)", "（集团）", "集团公司", "集团", "公司")
BY_LENGTH = sorted(FIRM_WORDS, key=len, reverse=True)
# What opens a meeting's name without being what it is called short: its
# year, ordinal, and the places (joined by a dot or a dash) it is held for.
EVENT_LEAD = re.compile(r"(?:\d{4}年?|" + ORDINAL + r"|首届|[·・—\-]|[(（][\u4e00-\u9fff]{2,6}[)）])")

PROPER = {"nr", "nrt", "nrfg", "nz", "ns", "nt", "j"}


@cache
def _places() -> dict[str, str]:
    return resources.places()


def forms(name: str) -> list[str]:
    """Short forms of a firm's full name, longest first."""
    core = name
    for e in LEGAL:
        if core.endswith(e) and len(core) > len(e) + 1:
            core = core[: -len(e)]
            break
    else:
        return []
    out = [core]
    place = next((core[:n] for n in range(min(6, len(core) - 2), 1, -1) if core[:n] in _places()), "")
    if place:
        out.append(core[len(place):])
    for base in list(out):
        b = base
        while True:
            w = next((w for w in BY_LENGTH if b.endswith(w) and len(b) - len(w) >= 2), "")
            if not w:
                break
            b = b[: -len(w)]
            out.append(b)
    known = jieba_entries()
    keep = []
    for f in out:
        if f == name or f in keep or f in _places() or len(f) < 2:
            continue
        freq, tag = known.get(f, (0, "nz"))
        if len(f) == 2 and (tag not in PROPER or freq >= EVERYDAY_FREQ):
            continue  # 中航 yes, 发展 no
        keep.append(f)
    return sorted(keep, key=len, reverse=True)


def event_forms(name: str) -> list[str]:
    """Short forms of a meeting's full name: each part joined by 暨 (or after
    the dash that follows its theme), without its year, ordinal and leading
    places; at least three characters before the meeting word, so 推介会
    alone never stands for one meeting."""
    out = []
    for part in re.split("暨", name):
        core = re.split("[—]", part)[-1]
        while True:
            if m := EVENT_LEAD.match(core):
                core = core[m.end():]
                continue
            place = next((core[:n] for n in range(min(6, len(core) - 3), 1, -1) if core[:n] in _places()), "")
            if not place:
                break
            core = core[len(place):]
        word = next((e for e in _event_endings() if core.endswith(e)), "")
        if core != name and word and len(core) - len(word) >= 3 and is_han(core[0]) and core not in out:
            out.append(core)
    return out


@cache
def _event_endings() -> list[str]:
    return sorted(resources.suffix_config()["EVENT"]["endings"], key=len, reverse=True)


def short_forms(kept: list[Candidate], s: str) -> list[Candidate]:
    out = []
    seen: set[str] = set()
    for c in kept:
        if c.label == "EVENT":
            for f in event_forms(s[c.start:c.end]):
                if f not in seen:
                    seen.add(f)
                    out += [Candidate(i, i + len(f), "EVENT", c.source, WEAK)
                            for i in _occurrences(s, f) if not c.start <= i < c.end]
            continue
        if c.label != "COMPANY":
            continue
        for f in forms(s[c.start:c.end]):
            if f in seen:
                continue
            seen.add(f)
            i = s.find(f)
            while i >= 0:
                if not (c.start <= i < c.end):
                    out.append(Candidate(i, i + len(f), "COMPANY", c.source, WEAK))
                i = s.find(f, i + 1)
    return out


def _occurrences(s: str, f: str) -> list[int]:
    out = []
    i = s.find(f)
    while i >= 0:
        out.append(i)
        i = s.find(f, i + 1)
    return out
