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
# 260亿129万5千元, 36亿5千元, 1亿2000万元: one amount written in several magnitudes.
COMPOUND = rf"{ARABIC}亿(?:{ARABIC}万(?:{ARABIC}千)?|{ARABIC}千)"
# The currency may also open the amount: 新台币260亿元, 人民币5000万元.
CURRENCY_FIRST = r"(?:(?:新台币|人民币|港币|台币)(?=\d))?"
MONEY = re.compile(
    rf"(?<![\d.{CN_DIGIT}]){CURRENCY_FIRST}"
    rf"(?:{COMPOUND}{CURRENCY}"
    # 5亿元~10亿元: a range with the unit on both ends is one amount
    rf"|{ARABIC}{MAG}?{CURRENCY}{RANGE}{ARABIC}(?:多|余)?{MAG}?(?:多|余)?{CURRENCY}"
    # a space may stand between the number and its unit (总投资 50 亿元)
    rf"|{ARABIC}(?:{RANGE}{ARABIC})?(?:多|余)?(?: ?{MAG})?(?:多|余)?{CURRENCY}"
    # A one-character Chinese numeral before 元 is a word, not money
    # (三元前驱体, 一元化): Chinese numerals need a magnitude or two digits.
    rf"|{CN_NUM}(?:{RANGE}{CN_NUM})?(?:多|余)?{MAG}{CURRENCY}"
    rf"|[{CN_DIGIT}]{{2,}}(?:{RANGE}[{CN_DIGIT}]+)?(?:多|余)?{CURRENCY})"
)
# An amount in 万/亿 without 元 is money when the words before it count
# money (总投资115亿, 签约额15亿, 到位资金8.2亿); not a size class (50亿级,
# 5亿以上项目) nor a quantity (60万平方米, 3000万件), which the unit after
# the number tells.
MONEY_WORDS = (r"(?:总投资|投资总额|投资额|投资规模|计划投资|投资|签约额|签约总额|签约金额|合同额|合同金额|成交额|金额|"
               r"到位资金|资金|融资|引资|产值|营收|营业收入|销售额|税收|总额)")
MONEY_NO_YUAN = re.compile(
    rf"{MONEY_WORDS}(?:额|总额)?(?:达到|达|为|约|近|超过|超|逾|共|计|累计|合计|总计|均在|在|了|)*\s*"
    rf"({ARABIC}(?:{RANGE}{ARABIC})?(?:多|余)?{MAG}|{CN_NUM}(?:多|余)?{MAG})"
    rf"(?![\d{CN_DIGIT}万亿千百元美欧日港英韩卢新澳加瑞人级个项家吨件平方米亩千瓦度头只台套倍户名条批])"
    rf"(?!以上(?:的)?(?:大)?项目)"
)
# 百亿元 / 千亿元: a bare magnitude word is a number here.
MONEY_BARE = re.compile(rf"(?<![\d{CN_DIGIT}])(?:百|千|数十|数百|几十|上百|上千)(?:万亿|亿|万){CURRENCY}")

D = r"\d{1,2}"
CN = r"[一二三四五六七八九十]{1,3}"
YEAR = r"(?:\d{4}|[一二三四五六七八九〇零]{4})年(?:度)?"
MONTH = rf"(?:{D}|{CN})月(?:份)?"
DAY = rf"(?:{D}|{CN})(?:日|号)"
# A bare 初七 after punctuation is a lunar day (the news around 春节).
LUNAR = r"(?:大年初[一二三四五六七八九十]{1,2}|(?<![\u4e00-\u9fff])初[一二三四五六七八九十](?![\u4e00-\u9fff]?[级中年])|正月(?:初|十|廿)[一二三四五六七八九十]|腊月(?:初|十|二十|廿)?[一二三四五六七八九十]?)"
QUARTER = r"(?:第?[一二三四1-4]季度)"
HALF = r"(?:上旬|中旬|下旬|初|底|中|末)"
DAYPART = r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上|晚间|夜间)"
CLOCK = rf"(?:\s?{DAYPART}?(?:\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?|(?:{D}|{CN})[点时](?:(?:{D}|{CN})分|半)?))"
REL = r"(?:今年|去年|明年|前年|当年|同年|次年)"

# ISO dates in page headers, with the clock time: 2022-02-22 10:11:02.
ISO = r"(?<![\d-])\d{4}-\d{1,2}-\d{1,2}(?:\s\d{1,2}:\d{2}(?::\d{2})?)?(?![\d-])"
# 今年前三季度, 今年前三个月: the months since the year began, a period
# of the calendar (a bare 前三个月 is a duration).
YEAR_TO_DATE = rf"{REL}前[一二三四两\d](?:个)?季度|{REL}前(?:[一二三四五六七八九十两]{{1,2}}|\d{{1,2}})个月"
# 2019年1-6月份: a year and a range of its months, one span.
YEAR_MONTHS = rf"{YEAR}{D}[—\-–~～至到]{D}月(?:份)?"
_CORE = rf"(?:{ISO}|{YEAR_TO_DATE}|{LUNAR}|{MONTH}{D}{RANGE}{DAY}|{YEAR_MONTHS}|{YEAR}(?:{MONTH}(?:{DAY}|{HALF})?|{QUARTER})?|{MONTH}(?:{DAY}|{HALF})?|{QUARTER})"
_TAIL = rf"(?:{YEAR}(?:{MONTH}(?:{DAY})?)?|{MONTH}(?:{DAY}|{HALF})?|{DAY}|{D}(?=月)|{QUARTER})"
DATE = re.compile(
    rf"(?<![\d{CN_DIGIT}个])(?:{REL})?"
    rf"(?:{_CORE}|{D}[—\-–~～至到]{D}月(?:份)?)"
    rf"(?:{RANGE}{_TAIL})?"
    rf"(?:{DAYPART})?(?:{CLOCK})?"
)
# A day of month alone is a date only with a time of day: "11日下午5点".
DAY_TIME = re.compile(rf"(?<![\d月{CN_DIGIT}个]){DAY}{DAYPART}?{CLOCK}")
# ... or at the head of a clause, where news counts days of the month it
# has named (24日晚, 25日、26日, 20日,): never inside a phrase (每月15日).
DAY_ALONE = re.compile(rf"(?:(?<=[。\n，,、;；:：)）])|^)\d{{1,2}}(?:日|号)(?:{DAYPART}|晚|早|(?=[，,、和及]))")

# ... or right after the subject of a news sentence (高雄市府21日获, 该县
# 5日召开): a day of the month the story is in; not a count (历时3日, 每月
# 15日, 第3日) nor a duration (3日内).
DAY_AFTER_SUBJECT = re.compile(
    r"(?<=[\u4e00-\u9fff)）])(?<![月第每近前后数共约逾时用续仅达历满隔])(?:[12]\d|3[01]|[1-9])日(?=[\u4e00-\u9fff])(?!内|以内|之内|左右|之后|以后|后)"
)


def find_money(s: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in MONEY.finditer(s)]
    spans += [(m.start(), m.end()) for m in MONEY_BARE.finditer(s)]
    taken = {i for a, b in spans for i in range(a, b)}
    spans += [m.span(1) for m in MONEY_NO_YUAN.finditer(s) if m.start(1) not in taken]
    return sorted(spans)


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
    taken = {i for a, b in out for i in range(a, b)}
    out += [(m.start(), m.end()) for m in DAY_ALONE.finditer(s) if m.start() not in taken]
    taken = {i for a, b in out for i in range(a, b)}
    out += [(m.start(), m.end()) for m in DAY_AFTER_SUBJECT.finditer(s) if m.start() not in taken]
    return sorted(out)


class Numbers:
    """MONEY and DATE: the ranges the analysis found by number grammar."""

    labels = frozenset({"MONEY", "DATE"})

    def find(self, a: Analysis) -> list[Candidate]:
        return [Candidate(x, y, "MONEY", "number", NUMBER) for x, y in a.money] + \
            [Candidate(x, y, "DATE", "number", NUMBER) for x, y in a.dates]
