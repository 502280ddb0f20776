"""Wrapping the article text into screen lines: CJK widths and punctuation."""
from __future__ import annotations

import pytest
from review_data import SEED_TEXT
from rich.cells import cell_len

from zs_tui.ui.article_view import NO_LINE_START, wrap


@pytest.mark.parametrize("width", [7, 20, 44, 80])
def test_lines_fit_the_width_and_lose_no_character(width):
    lines, line_of = wrap(SEED_TEXT, width)
    assert all(cell_len(SEED_TEXT[a:b]) <= width for a, b in lines)
    # the lines, joined where a line break was, give the text back
    rebuilt = "".join(SEED_TEXT[a:b] + ("\n" if b < len(SEED_TEXT) and SEED_TEXT[b] == "\n" else "")
                      for a, b in lines)
    assert rebuilt == SEED_TEXT
    for k, (a, b) in enumerate(lines):
        assert all(line_of[i] == k for i in range(a, b))


def test_closing_punctuation_never_starts_a_line():
    for width in range(10, 60):
        lines, _ = wrap(SEED_TEXT, width)
        starts = [SEED_TEXT[a] for a, b in lines if b > a]
        assert not any(ch in NO_LINE_START for ch in starts), width


def test_double_width_characters_count_two_cells():
    lines, _ = wrap("招商引资ab招商", 5)
    assert lines == [(0, 2), (2, 5), (5, 8)]  # 招商 | 引资a | b招商: 4, 5 and 5 cells
