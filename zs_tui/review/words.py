"""Word boundaries of an article, for the word keys of the review.

The words are jieba's segmentation of the Simplified copy (the same
tokenizer, with the domain vocabulary, that the suggester loads: one
dictionary in memory), kept to tokens with a letter, digit or Han
character, so that a word key never stops on punctuation or a space.
An article is segmented once (about 5 ms) and cached; loading jieba takes
seconds, so the app calls ``warm_up`` in a worker thread at start, and a
lock keeps that load from running twice.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Words:
    """Words as ``[start, end)`` pairs in text order (they never overlap)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def next_start(self, offset: int) -> int | None:
        k = bisect_right(self.starts, offset)
        return self.starts[k] if k < len(self.starts) else None

    def prev_start(self, offset: int) -> int | None:
        k = bisect_left(self.starts, offset) - 1
        return self.starts[k] if k >= 0 else None

    def next_end(self, end: int) -> int | None:
        """The first word end (exclusive) after ``end``."""
        k = bisect_right(self.ends, end)
        return self.ends[k] if k < len(self.ends) else None

    def prev_end(self, end: int) -> int | None:
        k = bisect_left(self.ends, end) - 1
        return self.ends[k] if k >= 0 else None

    def word_at(self, offset: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.ends[k]:
            return self.starts[k], self.ends[k]
        return None


def warm_up() -> None:
    """Load jieba's dictionary (seconds): call it off the UI thread."""
    with _LOCK:
        from zs_tui.suggest.segment import warm_up as load

        load()


@lru_cache(maxsize=16)
def simplified_of(text: str) -> str:
    """The Simplified copy of ``text`` that the words are cut from and that
    find searches: converted character by character, so every offset of the
    copy is the same offset of ``text``."""
    from zs_tui.suggest.simplify import to_simplified

    return to_simplified(text)


def matches(text: str, query: str) -> list[int]:
    """Where ``query`` occurs in ``text``, Simplified and Traditional matching
    each other (both compared as their Simplified copies)."""
    from zs_tui.suggest.simplify import to_simplified

    hay, needle = simplified_of(text), to_simplified(query)  # a query is not cached: it would push texts out
    out: list[int] = []
    if not needle:
        return out
    i = hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


@lru_cache(maxsize=16)
def words_of(text: str) -> Words:
    """The words of ``text``, computed once per text."""
    from zs_tui.suggest.segment import tokenize

    simplified = simplified_of(text)
    with _LOCK:
        tokens = tokenize(simplified)
    pairs = [(t.start, t.end) for t in tokens if any(c.isalnum() for c in t.word)]
    return Words(tuple(a for a, _ in pairs), tuple(b for _, b in pairs))


# A phrase is a run of text between punctuation, spaces and line ends: an
# item of a list (新能源、新材料、生物经济), a name in brackets, a clause.
# Names keep these inside (a middle dot between the parts of a foreign name).
PHRASE_INNER = set("·•&-_")


def in_phrase(ch: str) -> bool:
    return ch.isalnum() or ch in PHRASE_INNER


def phrase_end(text: str, offset: int) -> int | None:
    """``W``: the last character of the phrase at ``offset``, or of the next
    phrase when ``offset`` already is one's last character (None: no phrase after)."""
    n, i = len(text), offset
    if not (i < n and in_phrase(text[i]) and i + 1 < n and in_phrase(text[i + 1])):
        i += 1  # on a phrase's last character or between phrases: the next phrase
        while i < n and not in_phrase(text[i]):
            i += 1
        if i >= n:
            return None
    while i + 1 < n and in_phrase(text[i + 1]):
        i += 1
    return i


def phrase_start(text: str, offset: int) -> int | None:
    """``B``: the first character of the phrase at ``offset``, or of the
    previous phrase when ``offset`` already is one's first character."""
    i = offset
    if not (0 <= i < len(text) and in_phrase(text[i]) and i > 0 and in_phrase(text[i - 1])):
        i -= 1
        while i >= 0 and not in_phrase(text[i]):
            i -= 1
        if i < 0:
            return None
    while i > 0 and in_phrase(text[i - 1]):
        i -= 1
    return i


def phrase_at(text: str, offset: int) -> tuple[int, int]:
    """``[start, end)`` of the phrase the character at ``offset`` is in (it must be in one)."""
    a = b = offset
    while a > 0 and in_phrase(text[a - 1]):
        a -= 1
    while b < len(text) and in_phrase(text[b]):
        b += 1
    return a, b


# Jump hints (as easymotion and Vimium give them): letters of the home row
# first; the targets nearest the cursor get one letter, the others two.
HINT_LETTERS = "asdfjklghqweruioptyzxcvbnm"
MIN_SINGLES = 8


def hints(targets: list[int], cursor: int) -> dict[str, int]:
    """Hint -> offset for ``targets`` (word starts in view), the nearest the
    cursor first; no hint is the start of another (the farthest targets of a
    full screen get none)."""
    n_letters = len(HINT_LETTERS)
    n = len(targets)
    # at least MIN_SINGLES one-letter hints: a screenful has hundreds of word
    # starts, and the one wanted is most often near the cursor
    singles = n if n <= n_letters else max(MIN_SINGLES, (n_letters * n_letters - n) // (n_letters - 1))
    order = sorted(targets, key=lambda t: (abs(t - cursor), t))[: singles + (n_letters - singles) * n_letters]
    n = len(order)
    labels = list(HINT_LETTERS[:singles])
    labels += [p + q for p in HINT_LETTERS[singles:] for q in HINT_LETTERS][: n - singles]
    return dict(zip(labels, order))
