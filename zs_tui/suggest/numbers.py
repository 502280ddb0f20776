"""MONEY and DATE: number grammar, Arabic and Chinese numerals, ranges.

Boundary rules from GUIDELINES.md: approximators (近, 约, 超, 逾) and
comparators (以上, 左右) stay outside MONEY; 总投资 is never inside; DATE
needs a number with a calendar unit (no durations such as 4个月, no bare
今年); a range is one span; a clock time right after a date joins it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .types import NUMBER, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

CN_DIGIT = "零〇一二两三四五六七八九十百千"
NUM = rf"(?:\d+(?:[.,，]\d+)*|[{CN_DIGIT}]+(?:点[{CN_DIGIT}]+)?)"
RANGE = r"\s*(?:[~～〜\-－—–至到])\s*"
MAG = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)"
CURRENCY = r"(?:元人民币|元|美元|欧元|日元|港元|港币|英镑|韩元|卢布|新加坡元|澳元|加元|瑞士法郎|人民币)"

ARABIC = r"\d+(?:[.,，]\d+)*"
CN_NUM = rf"[{CN_DIGIT}]+(?:点[{CN_DIGIT}]+)?"
MONEY = re.compile(
    rf"(?<![\d.{CN_DIGIT}])"
    rf"(?:{ARABIC}(?:{RANGE}{ARABIC})?(?:多|余)?{MAG}?{CURRENCY}"
    # A one-character Chinese numeral before 元 is a word, not money
    # (三元前驱体, 一元化): Chinese numerals need a magnitude or two digits.
    rf"|{CN_NUM}(?:{RANGE}{CN_NUM})?(?:多|余)?{MAG}{CURRENCY}"
    rf"|[{CN_DIGIT}]{{2,}}(?:{RANGE}[{CN_DIGIT}]+)?(?:多|余)?{CURRENCY})"
)
# 百亿元 / 千亿元: a bare magnitude word is a number here.
MONEY_BARE = re.compile(rf"(?<![\d{CN_DIGIT}])(?:百|千|数十|数百|几十|上百|上千)(?:万亿|亿|万){CURRENCY}")

D = r"\d{1,2}"
CN = r"[一二三四五六七八九十]{1,3}"
YEAR = r"(?:\d{4}|[一二三四五六七八九〇零]{4})年(?:度)?"
MONTH = rf"(?:{D}|{CN})月(?:份)?"
DAY = rf"(?:{D}|{CN})(?:日|号)"
# A bare 初七 after punctuation is a lunar day (the news around 春节).
LUNAR = rf"(?:大年初[一二三四五六七八九十]{{1,2}}|(?<![\u4e00-\u9fff])初[一二三四五六七八九十](?![\u4e00-\u9fff]?[级中年])|正月(?:初|十|廿)[一二三四五六七八九十]|腊月(?:初|十|二十|廿)?[一二三四五六七八九十]?)"
QUARTER = r"(?:第?[一二三四1-4]季度)"
HALF = r"(?:上旬|中旬|下旬|初|底|中|末)"
DAYPART = r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上|晚间|夜间)"
CLOCK = rf"(?:\s?{DAYPART}?(?:\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?|(?:{D}|{CN})[点时](?:(?:{D}|{CN})分|半)?))"
REL = r"(?:今年|去年|明年|前年|当年|同年|次年)"

_CORE = rf"(?:{LUNAR}|{YEAR}(?:{MONTH}(?:{DAY}|{HALF})?|{QUARTER})?|{MONTH}(?:{DAY}|{HALF})?|{QUARTER})"
_TAIL = rf"(?:{YEAR}(?:{MONTH}(?:{DAY})?)?|{MONTH}(?:{DAY}|{HALF})?|{DAY}|{D}(?=月)|{QUARTER})"
DATE = re.compile(
    rf"(?<![\d{CN_DIGIT}个])(?:{REL})?"
    rf"(?:{_CORE}|{D}[—\-–~～至到]{D}月(?:份)?)"
    rf"(?:{RANGE}{_TAIL})?"
    rf"(?:{DAYPART})?(?:{CLOCK})?"
)
# A day of month alone is a date only with a time of day: "11日下午5点".
DAY_TIME = re.compile(rf"(?<![\d月{CN_DIGIT}个]){DAY}{DAYPART}?{CLOCK}")


def find_money(s: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in MONEY.finditer(s)]
    spans += [(m.start(), m.end()) for m in MONEY_BARE.finditer(s)]
    return spans


def find_dates(s: str) -> list[tuple[int, int]]:
    out = []
    for m in DATE.finditer(s):
        a, b = m.start(), m.end()
        # "4个月" durations never reach here (个 before 月 breaks MONTH);
        # drop a trailing daypart with no clock after it only if nothing else.
        while b > a and s[b - 1].isspace():
            b -= 1
        out.append((a, b))
    out += [(m.start(), m.end()) for m in DAY_TIME.finditer(s)]
    return out


class Numbers:
    """MONEY and DATE: the ranges the analysis found by number grammar."""

    labels = frozenset({"MONEY", "DATE"})

    def find(self, a: "Analysis") -> list[Candidate]:
        return [Candidate(x, y, "MONEY", "number", NUMBER) for x, y in a.money] + \
            [Candidate(x, y, "DATE", "number", NUMBER) for x, y in a.dates]
