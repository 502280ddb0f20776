"""Names found by their ending: COMPANY, ORG, PROJECT, EVENT and zones (LOC).

A name is an ending from ``suffixes.json`` plus the words before it, walked
back token by token until punctuation, a stop word, a function word (by
jieba's POS tag), a number or an already-found MONEY/DATE span.  A name
whose words before the ending are all generic (重大项目, 该公司, 高新区) is
not a name.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import resources
from .lexicon import Lexicon
from .segment import Token, jieba_entries
from .tokens import EVERYDAY_FREQ, ORDINAL, STOP_TAGS, is_han
from .types import RULE, SUPPORTED, Candidate

if TYPE_CHECKING:
    from .analysis import Analysis

SCOPE_PREFIXES = ("全国", "全省", "全市", "全区", "全县", "全州")
# Endings after which a name stem is exactly two characters (towns, streets).
SHORT_STEM = {"镇": 2, "乡": 2, "街道": 2}
OPEN_BRACKETS = "(（"
CLOSE_BRACKETS = ")）"
# Tags of words that make a name proper rather than generic: place and
# person names, organisation names, abbreviations, foreign words, and nz,
# which also marks words jieba's dictionary does not know (coined names).
PROPER_TAGS = {"nz", "ns", "nr", "nrt", "nrfg", "nt", "j", "eng", "g", "ng"}
LEAD_TAGS = {"v", "vd", "vi", "ad", "vg"}
# Tags of a preposition, conjunction or particle glued onto a word.
FUNCTION_TAGS = {"p", "c", "u", "uj", "ul"}
# Measure words after a number (400吨, 340亩) never open a name.
MEASURE_TAGS = {"m", "q", "mq"}
# Tags of a word that may open a coined name (众城, 宏图): nouns, names.
COINED_TAGS = {"n", "nz", "nr", "nrt", "nrfg", "ns", "j", "nt"}
# Verbal nouns (研讨, 生产) may stand inside a name but do not start one.
LEAD_ONLY_TAGS = {"vn"}
# What follows a meeting's name in news: 在说明会上, 推介会期间.
EVENT_AFTER = ("上", "期间", "现场", "开幕", "闭幕")
DESCRIBER = re.compile(r"(?:重要|最大|主要|知名|领先|一流|核心|关键|先进|典型|唯一|首要|最具[\u4e00-\u9fff]{1,3})的$")
# A park (not a 项目) is a place when something is held there or someone visits it.
PARK_ENDINGS = {"产业园", "产业基地", "生产基地", "基地", "科技园", "产业园区"}
HELD_AT = ("举行", "举办", "召开", "开幕", "隆重举行")
PLACE_VERB = re.compile(r"(?:在|于|考察了?|参观了?|走进|来到|走访了?|位于|入驻|落户|落地|依托)(?:[^,，。;；:：、]{2,30}、)*$")
# 园区项目13个 / 产业园(高新区): a park counted as where projects go, or
# glossed with its zone, is a place.
PARK_AS_PLACE = re.compile(r"项目\s*\d+\s*个|[(（][\u4e00-\u9fff]{2,10}(?:区|园)[)）]")
# 项目9个, 项目3项, 项目多: a count of projects follows, so the words before 项目 say what kind they are.
# Only a count: 3个月 (a time) and 多次/多年 (how often, how long) leave the name alone.
COUNTED_PROJECTS = re.compile(r"\s*(?:\d+\s*[个项](?!月)|[一二三四五六七八九十两]+[个项](?!月)|最多|居多|多达"
                              r"|多(?=[,，。;；、\s]|$))")
TRIP = re.compile(r"(?:赴|前往|到|去)(?:[^,，。;；:：、]{0,10}、)*$")
# Event words that name no event on their own after a place: 赴X招商活动.
GENERIC_EVENTS = {"招商活动", "系列活动", "行动", "推介活动", "对接活动", "洽谈活动", "交流活动"}
# 首场, 第三次, 一场: meetings counted (届 is part of a name, 场/次 are not).
COUNTED = re.compile(r"(?:首|第[一二三四五六七八九十百\d]+|[一二三四五六七八九十两\d]+)[场次]")
YEAR_OR_ORDINAL = re.compile(r"\d{4}年?$|" + ORDINAL + r"$|首届$")
YEAR_BEFORE = re.compile(r"(?<!\d)\d{4}年?$")
# One-character prepositions and verbs that jieba glues onto a name's first word.
GLUED = set("据占着著在于对向从与和经由被把将赴到让使给为跟同及至自随")
# 年产5万吨, 100MW, 20万平方米: a capacity opening a project's name.
CAPACITY_UNITS = ("吨", "千瓦", "兆瓦", "吉瓦", "MW", "GW", "GWh", "MWh", "万片", "片", "台", "套", "辆", "件", "平方米", "头", "只", "张", "条")
CAPACITY = re.compile(r"(?:年产|年处理|年加工)?\d+(?:\.\d+)?(?:万|亿)?(?:" + "|".join(CAPACITY_UNITS) + ")$")
# What a capacity can end with: before a word that is none, the search (at each step of a name's walk) is not tried.
CAPACITY_LAST = frozenset(u[-1] for u in CAPACITY_UNITS)
# A code name (G60, A3): letters then digits.
CODE = re.compile(r"[A-Za-z]+\d+$")
QUOTES = {"“": "”", '"': '"', "‘": "’", "「": "」", "『": "』"}
# Closing quote -> its opening quote, for a quoted part inside a name.
CLOSE_QUOTES = {"”": "“", "」": "「", "』": "『"}
MAX_QUOTED = 12


class SuffixNames:
    labels = frozenset({"COMPANY", "ORG", "PROJECT", "EVENT", "LOC"})

    def __init__(self) -> None:
        cfg = resources.suffix_config()
        self.rules: dict[str, dict] = {k: v for k, v in cfg.items() if isinstance(v, dict) and "endings" in v}
        self.generic = set(cfg["generic_stems"])
        self.stop = resources.word_set("stopwords.txt")
        self.known = jieba_entries()
        self.lead_trim = resources.word_set("lead_trim.txt")
        self.places = resources.places()
        self.hold_verbs = set(cfg["event_hold_verbs"])
        self.title_words = resources.word_set("titles.txt") - {"代表", "委员", "专家", "干部", "常委"}
        self.countries = resources.word_set("countries.txt")
        zones = [e for e in self.rules["LOC"]["endings"] if e.endswith("区") or e.endswith("园")]
        # the longest zone name opening a stem: 2-6 characters and a zone ending
        self.zone_prefix = re.compile("^[\u4e00-\u9fff]{2,6}?(?:" + "|".join(sorted(zones, key=len, reverse=True)) + ")")
        self.company_endings = tuple(self.rules["COMPANY"]["endings"])
        self.industries = resources.industry_words()
        self.titles = re.compile("|".join(sorted(map(re.escape, resources.word_set("titles.txt")), key=len, reverse=True)))
        by_ending: dict[str, list[str]] = {}
        for label, rule in self.rules.items():
            for e in rule["endings"]:
                by_ending.setdefault(e, []).append(label)
        self.by_ending = by_ending
        # The longest ending at each position, found by the lexicons' automaton in one
        # pass (an alternation of every ending, searched again from each match, was
        # a third of this rule's time).
        self.endings = Lexicon({e: ("", "suffix") for e in by_ending})

    def find(self, a: Analysis) -> list[Candidate]:
        s, tokens, tok_at, ends, blocked = a.s, a.tokens, a.tok_at, a.ends, a.blocked
        out: list[Candidate] = []
        for hit in self.endings.find(s):
            es, ee = hit.start, hit.end
            ending = s[es:ee]
            # The ending must close a word: 集团 in 集团化 or 项目 in 项目部 does
            # not; 区委 in 区委书记 does (a title may follow an organisation).
            if ee < len(s) and ee not in ends and is_han(s[ee]) and not self.titles.match(s, ee) \
                    and not (s.startswith(EVENT_AFTER, ee) and "EVENT" in self.by_ending[ending]):
                continue
            for label in self.by_ending[ending]:
                c = self._name(s, tokens, tok_at, blocked, es, ee, label)
                if c and c.label == "PROJECT" and ending == "项目":
                    c = self._listed_item(s, tokens, tok_at, blocked, c)
                if c:
                    out.append(c)
        return out

    def _listed_item(self, s: str, tokens: list[Token], tok_at: list[int], blocked: list[bool], c: Candidate) -> Candidate:
        """A…项目、B…项目: an item of a list of projects runs back to the separator,
        even over words that would end a name elsewhere (a measure word, an unknown one)."""
        sep = s.rfind("、", max(0, c.start - 16), c.start)
        if sep < 2 or not s.endswith("项目", 0, sep) or c.start - sep <= 1:
            return c
        gap = range(sep + 1, c.start)
        if any(not is_han(s[i]) or blocked[i] for i in gap) \
                or any(tokens[tok_at[i]].tag in FUNCTION_TAGS or tokens[tok_at[i]].tag in LEAD_TAGS for i in gap):
            return c
        return Candidate(sep + 1, c.end, c.label, c.source, c.priority)

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
            stem = s[a:es]
            if stem[0] in self.stop or self._everyday(stem):
                return None  # 在他乡, 专业镇: a word, not a town's name
            return Candidate(a, ee, label, "suffix", SUPPORTED)
        if quoted := self._quoted(s, es, ee, label):
            return quoted
        t_end = tokens[tok_at[es]]
        if t_end.start < es and s[t_end.start:ee] in self.by_ending:
            return None  # part of a longer ending: 有限公司 is not 有限 + 公司
        start = es
        words: list[tuple[str, str]] = []  # (text, tag), right to left
        soft_stop = False  # the walk ended on a verb rather than punctuation or 的
        while start > 0:
            ch = s[start - 1]
            if blocked[start - 1]:
                # a named meeting holds its year (2024年重点项目建设推进会)
                if label == "EVENT" and (y := YEAR_BEFORE.search(s, max(0, start - 6), start)):
                    words.append((y.group(), "year"))
                    start = y.start()
                break
            if label == "EVENT" and ch in CLOSE_QUOTES:
                # 梅州招商引资推进“百千万工程”专场推介会: a quoted part inside a
                # meeting's name; kept only if more of the name stands before it
                open_at = s.rfind(CLOSE_QUOTES[ch], max(0, start - 2 - MAX_QUOTED), start - 1)
                inner = s[open_at + 1 : start - 1] if open_at >= 0 else ""
                if open_at < 0 or len(inner) < 2 or not all(is_han(c) for c in inner) or es - open_at > rule["max_len"]:
                    break
                words.append((s[open_at:start], "quoted"))
                start = open_at
                continue
            if label == "PROJECT" and ch in CAPACITY_LAST and (cap := CAPACITY.search(s, max(0, start - 14), start)) \
                    and not blocked[cap.start()]:
                # 5万吨玻纤拉丝项目, 华润某地100MW农光互补项目: the capacity is part of the name
                words.append((cap.group(), "capacity"))
                start = cap.start()
                continue
            if label == "PROJECT" and ch.isdecimal() and (code := CODE.search(s, max(0, start - 8), start)) \
                    and not (code.start() > 0 and s[code.start() - 1].isascii() and s[code.start() - 1].isalnum()):
                words.append((code.group(), "eng"))  # G60科创园项目: a code name opens the name
                start = code.start()
                continue
            if label == "PROJECT" and ch in "-－" and words and start >= 3 and is_han(s[start - 2]) and is_han(s[start]):
                # 甲电子-乙高科产业基地: two partners joined by a hyphen name one project
                words.append((ch, "x"))
                start -= 1
                continue
            if label == "EVENT" and ch in "·・" and words and start >= 3 and self._place_before(s, tokens, tok_at, start - 1):
                # 2019中国·某市第二届投资洽谈会: places joined by a dot open the meeting's name
                words.append((ch, "x"))
                start -= 1
                continue
            if ch in CLOSE_BRACKETS:
                open_at = max(s.rfind(b, max(0, start - 12), start - 1) for b in OPEN_BRACKETS)
                inner = s[open_at + 1 : start - 1] if open_at >= 0 else ""
                if open_at < 0 or not inner or not all(is_han(c) or c in "·・、" for c in inner) or es - open_at > rule["max_len"]:
                    break
                words.append((s[open_at:start], "bracket"))
                start = open_at
                continue
            t = tokens[tok_at[start - 1]]
            piece = s[t.start : start]
            right = words[-1][1] if words else ""
            if ee - t.start > rule["max_len"]:
                break
            if t.tag == "nz" and len(piece) > 1 and self.known.get(piece[0], (0, ""))[1] in FUNCTION_TAGS:
                # jieba glued a preposition to the name's first word (从区/招商中心)
                words.append((piece[1:], "x"))
                start = t.start + 1
                break
            if (len(piece) == 1 and is_han(piece) and right in PROPER_TAGS and piece not in self.stop
                    and t.tag not in MEASURE_TAGS and (t.start == 0 or not is_han(s[t.start - 1]))):
                # a name's first character, split off by jieba: 。普/达特科技
                words.append((piece, "nz"))
                start = t.start
                break
            if piece in self.title_words and t.start == start - len(piece) \
                    or label == "EVENT" and piece in self.hold_verbs:
                # 董事长/罗振山系行业协会: a person's title is never inside a name;
                # 参加/X洽谈会: the verb that holds an event is never inside it
                break
            if label == "EVENT" and right == "quoted" and t.tag in LEAD_TAGS and len(piece) == 2:
                # 推进“百千万工程”专场推介会: the verb taking a quoted theme is inside the name
                words.append((piece, t.tag))
                start = t.start
                continue
            if label == "EVENT" and piece == "集中" and s.startswith(("签约", "开工"), start):
                words.append((piece, "d"))  # X市重点项目集中签约仪式: 集中 is part of the ceremony's name
                start = t.start
                continue
            if (t.tag in LEAD_TAGS or t.tag in LEAD_ONLY_TAGS) and label in ("PROJECT", "COMPANY") and self._where_before(s, tokens, tok_at, t.start):
                break  # 在某市/建设X项目: the verb after where it happens opens no name
            if self._allowed(piece, t, label):
                # A verb inside a name sits between proper parts (晟达菲尔,
                # 众城降解); any other verb ends the name.
                # 健康食品制造及X产业园: a verb ending the first of two conjuncts is a noun there
                if t.tag in LEAD_TAGS and not self._proper_left(tokens, tok_at, t.start) \
                        and not self._coined_left(s, tokens, tok_at, t.start) and not (label == "PROJECT" and words and words[-1][0] == "及") \
                        and not (t.start > 0 and s[t.start - 1] in CLOSE_BRACKETS):  # 某某(临沂)包装产业园: the name runs on before its bracket
                    soft_stop = True
                    break
                words.append((piece, t.tag))
                start = t.start
                continue
            if label == "PROJECT" and piece in ("及", "及其") and words and right not in LEAD_TAGS:
                words.append((piece, "c"))  # one project: 光伏电池及金刚线切片项目
                start = t.start
                continue
            break
        words.reverse()
        if any(w in ("及", "及其") for w, _ in words) and soft_stop:
            # 拟上市总部及生产基地项目: the first conjunct is cut; keep the second
            k = max(i for i, (w, _) in enumerate(words) if w in ("及", "及其"))
            start += sum(len(w) for w, _ in words[: k + 1])
            words = words[k + 1 :]
        # A word jieba did not know may have swallowed a lead word (更多大/项目).
        if words and words[0][1] in ("nz", "n"):
            # 全力支持/项目: a lead word glued to a verb by jieba's dictionary
            w = words[0][0]
            lead = next((w[:n] for n in range(len(w) - 1, 0, -1)
                         if (w[:n] in self.lead_trim or w[:n] in self.stop) and (n >= 2 or words[0][1] == "nz")), "")
            if lead:
                start += len(lead)
                rest = w[len(lead):]
                words[0] = (rest, self.known.get(rest, (0, "x" if len(rest) == 1 else "nz"))[1])
        # A name does not start with a verb or a generic word: 抓好项目, 重大项目.
        # “落英银杏 缤纷郯城”推介会: a quoted slogan in front is no part of the name either;
        # A capacity opening it is part of it (年产8万吨电解铜箔项目, as capacity + product is in a list of projects).
        while words and (words[0][1] in LEAD_TAGS or words[0][1] in LEAD_ONLY_TAGS or words[0][0] in self.lead_trim
                         or words[0][1] == "quoted"
                         or (words[0][0] in self.generic and label != "EVENT")):
            start += len(words.pop(0)[0])
        if words and words[0][1] == "bracket":
            return None
        texts = [w for w, _ in words]
        # a year or an ordinal distinguishes a meeting (2022年推进会, 第三届博览会)
        # so does a fair it is held at (省茶博会项目说明会)
        has_scope = label == "EVENT" and bool(texts) and (texts[0] in SCOPE_PREFIXES or bool(YEAR_OR_ORDINAL.match(texts[0]))
                                                         or any(f in "".join(texts) for f in ("博会", "洽会", "交会")))
        # a capacity says which project it is (年产5万吨再生铝项目), as a proper name does
        proper = any(tag in PROPER_TAGS or tag in ("bracket", "quoted", "capacity") for _, tag in words) or has_scope
        if not proper and label in ("PROJECT", "COMPANY") and words:
            # Coined names are often ordinary words (宏图, 万达): the first word
            # of the name counts when it is a noun that says nothing generic.
            w, tag = words[0]
            # an attribute word (微型, 新型) opens a name long enough to be specific
            proper = ((tag in ("n", "nz", "a") or tag == "b" and len(words) >= 4 and words[1][1] in ("n", "nz")) and len(w) >= 2 and w not in self.generic
                      and w not in self.lead_trim and w not in self.industries)
        if not proper or all(w in self.generic or w in self.stop for w in texts) and not has_scope:
            return None
        if label == "PROJECT" and words and words[-1][0].endswith(("产业", "行业", "领域")):
            return None  # 高新技术产业项目: a category of projects
        if label == "PROJECT" and ending in PARK_ENDINGS and words and all(tag == "ns" for _, tag in words) \
                and self._place_context(s, start, ee):
            return Candidate(start, ee, "LOC", "suffix", RULE)  # 入驻云岭产业园: a park named by its place
        if label == "PROJECT" and all(tag == "ns" or w in self.generic for w, tag in words) \
                or label == "COMPANY" and all(w in self.generic for w, tag in words if tag != "ns") \
                and any(w in self.generic for w, _ in words):
            # 海州区招商引资项目, 全市重点企业集团: a place and generic words. A place
            # alone before 集团/银行 names a firm (江苏银行, 吴中集团).
            return None
        if words and words[-1][0] in ("及", "及其") or words and words[0][0] in ("及", "及其"):
            return None
        start = self._unglue(s, start, es)
        if label == "ORG" and s[start] == "各":
            return None  # 各县区政府: every body of a kind, no one body
        if label == "COMPANY":
            if s[start - 1 : start] == "的" and not any(tag in PROPER_TAGS for _, tag in words) \
                    and "一家" in s[max(0, start - 30) : start]:
                return None  # 是一家…的专业型投资集团: what the firm is, not its name
            country = next((s[start:start + n] for n in range(5, 1, -1) if s[start:start + n] in self.countries), "")
            if country and es - start - len(country) >= 2 and "有限" not in ending:
                start += len(country)  # 德国 + 巴斯夫集团: the country says where the firm is from
        if label == "PROJECT":
            stem = s[start:es]
            if ending.endswith("项目") and COUNTED_PROJECTS.match(s, ee) and s[start - 1 : start] not in ("、", "和", "及"):
                return None  # 工业项目9个, 服务业项目多: projects counted by kind; the last of a list (A、B项目2项) is a name
            if ending == "项目" and (any(stem.endswith(e) for e in PARK_ENDINGS) and PARK_AS_PLACE.match(s, es)
                                    or self._firm_then_generic(stem)):
                return None  # 园区项目13个: projects counted by park; X有限公司合作项目: the firm's, unnamed
            if sum(len(w) for w, _ in words if w not in self.generic and w not in self.lead_trim) < 2:
                return None  # 在连投资项目: a one-character abbreviation and generic words
            if ending not in ("项目",) and DESCRIBER.search(s, max(0, start - 6), start):
                return None  # 中国重要的硅材料生产基地: what a place is, not a project
            start = self._after_zone(s, start, es)
            if ending in PARK_ENDINGS and self._place_context(s, start, ee):
                return Candidate(start, ee, "LOC", "suffix", RULE)  # 在X产业园举行, 考察了X基地: a place
        if label == "EVENT" and ending.startswith(("签约", "开工")) and s[start:es].endswith("项目"):
            return None  # X项目签约仪式: the project's ceremony; the project is the name
        if label == "EVENT" and COUNTED.search(s, start, es):
            return None  # 2023年首场大型招商推介会: a count of meetings describes one, it is no name
        if label == "EVENT" and ending in GENERIC_EVENTS and TRIP.search(s, max(s.rfind(c, 0, start) for c in ",，。;；:：\n") + 1, start) \
                and all(tag == "ns" for _, tag in words) and words:
            return None  # 赴意大利招商活动: a trip to a place, no named event
        if len(s[start:es]) < rule["min_stem"]:
            return None
        return Candidate(start, ee, label, "suffix", RULE)

    def _firm_then_generic(self, stem: str) -> bool:
        """A firm's legal name followed only by generic words (X股份有限公司合作)."""
        for e in ("有限公司", "有限责任公司", "集团", ")", "）"):
            k = stem.rfind(e)
            if k > 0:
                rest = stem[k + len(e):]
                return bool(rest) and rest in self.generic or rest == ""
        return False

    def _place_context(self, s: str, start: int, ee: int) -> bool:
        """Something happens at the park or someone visits it: 在X举行, 考察了X、Y."""
        if s.startswith(HELD_AT, ee) or PARK_AS_PLACE.match(s, ee):
            return True
        clause_start = max(s.rfind(c, 0, start) for c in ",，。;；:：\n") + 1
        return bool(PLACE_VERB.search(s, clause_start, start))

    def _after_zone(self, s: str, start: int, es: int) -> int:
        """A zone or district that only says where a project is gets its own
        LOC (临港新区 + 海翼无人机研发综合体项目); the project starts after it."""
        stem = s[start:es]
        for m in self.zone_prefix.finditer(stem):
            cut = m.end()
            rest = stem[cut:]
            if len(rest) >= 4 and not any(e in rest for e in self.company_endings) and cut >= 3:
                return start + cut
            break
        return start

    def _unglue(self, s: str, start: int, es: int) -> int:
        """A one-character preposition or verb jieba glued onto the place
        that opens a name (据/湖南省发展改革委, 占/株洲开发区, 着/驻…)."""
        if s[start] not in GLUED or es - start < 3:
            return start
        rest = s[start + 1 : es]
        if any(rest[:n] in self.places for n in range(2, min(len(rest), 8) + 1)) or rest[0] in ("驻", "省", "市"):
            return start + 1
        return start

    def _everyday(self, word: str) -> bool:
        """A frequent dictionary word that is not a name (专业, 特色)."""
        freq, tag = self.known.get(word, (0, "ns"))
        return tag not in PROPER_TAGS and freq >= EVERYDAY_FREQ

    def _coined_left(self, s: str, tokens: list[Token], tok_at: list[int], i: int) -> bool:
        """A noun opening the name right before the verb: 的众城/降解/新材料项目.

        The noun must itself follow a hard boundary (punctuation, 的, a stop
        word), so that 加快/建设 in running text never becomes part of a name.
        """
        if i == 0:
            return False
        p = tokens[tok_at[i - 1]]
        if p.tag not in COINED_TAGS or len(p.word) < 2 or p.word in self.generic or p.word in self.stop \
                or p.word in self.lead_trim or p.word in self.industries:
            return False
        if p.start == 0 or not is_han(s[p.start - 1]):
            return True
        before = tokens[tok_at[p.start - 1]]
        return before.word in self.stop or before.tag in ("uj", "p")

    def _place_before(self, s: str, tokens: list[Token], tok_at: list[int], i: int) -> bool:
        """A place name ends right before position ``i``."""
        t = tokens[tok_at[i - 1]]
        return t.end == i and (t.tag == "ns" or s[t.start:i] in self.places)

    def _where_before(self, s: str, tokens: list[Token], tok_at: list[int], i: int) -> bool:
        """在/于 + a place right before position ``i``: where something is done."""
        if i < 3 or not self._place_before(s, tokens, tok_at, i):
            return False
        t = tokens[tok_at[i - 1]]
        return t.start > 0 and s[t.start - 1] in "在于"

    def _proper_left(self, tokens: list[Token], tok_at: list[int], i: int) -> bool:
        if i == 0:
            return False
        t = tokens[tok_at[i - 1]]
        return t.tag in PROPER_TAGS

    def _quoted(self, s: str, es: int, ee: int, label: str) -> Candidate | None:
        """A quoted name that ends with the ending is the name: “百日会战”."""
        if label != "EVENT" or ee >= len(s) or s[ee] not in QUOTES.values():
            return None
        for open_q, close_q in QUOTES.items():
            if s[ee] != close_q:
                continue
            a = s.rfind(open_q, max(0, es - 40), es)
            if a >= 0 and (open_q != close_q or s.count(close_q, 0, a) % 2 == 0):
                inner = s[a + 1 : ee]
                if 2 <= len(inner) <= 40 and "\n" not in inner and not any(q in inner for q in QUOTES):
                    return Candidate(a + 1, ee, label, "quoted", RULE)
        return None

    def _allowed(self, piece: str, t: Token, label: str) -> bool:
        if not piece or piece in self.stop:
            return False
        if piece in SCOPE_PREFIXES:
            return label == "EVENT"
        if all(c.isdigit() for c in piece):
            return label == "EVENT" and len(piece) == 4  # a year in an event name
        if not all(is_han(c) or c.isascii() and c.isalnum() for c in piece):
            return False
        if t.tag in STOP_TAGS and not (label == "EVENT" and (t.tag == "m" or t.tag == "f" and len(piece) >= 2)) and not (t.tag == "q" and len(piece) > 1):
            return False
        return True
