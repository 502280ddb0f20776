"""`zs_tui.storage.opening.merge_databases` (zs-tui merge) as a library call: what it returns,
what it leaves alone (the Store-level merge itself: tests/test_merge.py)."""
from __future__ import annotations

import sqlite3

import pytest
from review_data import SEED, seed_store
from review_pair import review

from zs_tui.errors import ZsError
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store
from zs_tui.storage.opening import merge_databases


def rows(path) -> dict[str, int]:
    c = sqlite3.connect(path)
    try:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "spans", "layers", "events", "sessions")}
    finally:
        c.close()


@pytest.fixture
def team_and_home(tmp_path):
    team, home = tmp_path / "team.db", tmp_path / "home.db"
    with seed_store(team, articles=2) as st:
        st.backup_to(home)
    return team, home


def test_the_result_counts_what_came_in_and_the_other_database_is_only_read(team_and_home):
    team, home = team_and_home
    with Store(home) as st:
        review(st, "bob", "xAd")  # one session: open, reject, accept all, done
    raw = home.read_bytes()
    res = merge_databases(team, home)
    assert (res.layers, res.sessions, res.missing_articles, res.conflicts) == (1, 1, 0, [])
    assert res.events == rows(home)["events"] > 0
    assert home.read_bytes() == raw
    with Store(team) as st:
        assert st.article_layers(1) == {"bob": "done"}
        assert [s.text for s in st.spans(1, layer="bob") if s.state == "accepted"] == \
               ["招商引资", "2023年03月18日 14:43:1", "徐州日报", "铜山", "商琦"]


def test_an_article_the_database_lacks_is_counted_and_left_out(team_and_home):
    team, home = team_and_home
    with Store(home) as st:
        raw = SEED.read_text("utf-8") + "\n（另一篇，只在家里的副本）"
        extra = st.add_article(make_article(raw, "home-only.txt", "utf-8"), [], "test")
        review(st, "bob", "d", article=extra)
    before = rows(team)
    res = merge_databases(team, home)
    assert res.missing_articles == 1 and res.layers == 0
    assert rows(team)["articles"] == before["articles"] == 2


def test_refusals_are_zs_errors_and_write_nothing(team_and_home, tmp_path):
    team, home = team_and_home
    with Store(team) as st:
        review(st, "ann", "Ad")
    with Store(home) as st:
        review(st, "ann", "xAd")  # ann's other history of article 1
    before = team.read_bytes()
    for other, words in ((home, "diverging histories"), (tmp_path / "nope.db", "no database at"),
                         (team, "is the database itself")):
        with pytest.raises(ZsError, match=words) as e:
            merge_databases(team, other)
        assert "nothing was merged" in str(e.value) and e.value.exit_code == 2
    assert team.read_bytes() == before and not (tmp_path / "nope.db").exists()


def test_merging_into_a_missing_database_creates_nothing(tmp_path, team_and_home):
    _, home = team_and_home
    with pytest.raises(ZsError, match="no database"):
        merge_databases(tmp_path / "none.db", home)
    assert not (tmp_path / "none.db").exists()
