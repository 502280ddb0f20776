"""`zs-tui merge OTHER.db` through click (CliRunner): the summary line, refusals."""
from __future__ import annotations

from click.testing import CliRunner
from review_data import SEED, seed_store
from review_pair import review

from zs_tui.cli import cli
from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def copies(tmp_path):
    team, home = tmp_path / "team.db", tmp_path / "home.db"
    with seed_store(team) as st:
        st.backup_to(home)
    return team, home


def test_the_summary_says_what_came_in_and_what_was_left_out(tmp_path):
    team, home = copies(tmp_path)
    with Store(home) as st:
        review(st, "bob", "Ad")
        extra = st.add_article(make_article(SEED.read_text("utf-8") + "\n（副本里新加的一篇）", "new.txt", "utf-8"), [], "t")
        review(st, "bob", "d", article=extra)
    r = run("merge", home, "--db", team)
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout.startswith(f"merged {home} into {team}: 1 layer(s), ")
    assert r.stdout.rstrip().endswith(f"1 session(s); 1 article(s) of {home} are not in {team} and were left out")
    r = run("--db", team, "merge", home)  # again: nothing new
    assert r.exit_code == 0
    assert r.stdout.strip() == (f"merged {home} into {team}: 0 layer(s), 0 event(s), 0 session(s); "
                                f"1 article(s) of {home} are not in {team} and were left out")


def test_a_refused_merge_is_one_error_line_exit_2_and_writes_nothing(tmp_path):
    team, home = copies(tmp_path)
    with Store(team) as st:
        review(st, "ann", "Ad")
    with Store(home) as st:
        review(st, "ann", "xAd")
    before = team.read_bytes()
    r = run("merge", home, "--db", team)
    assert r.exit_code == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: ") and "nothing was merged" in r.stderr and r.stderr.count("\n") == 1
    assert "diverging histories: ann on article #1" in r.stderr
    assert team.read_bytes() == before


def test_merge_without_the_other_database_is_a_usage_error(tmp_path):
    team, _ = copies(tmp_path)
    r = run("merge", "--db", team)
    assert r.exit_code == 2 and "Missing argument 'OTHER.db'" in r.stderr
