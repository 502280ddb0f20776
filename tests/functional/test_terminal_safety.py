"""Issue 10, item 2: text from articles, names and files never drives the terminal."""
from __future__ import annotations

import json
import sys

import pytest

from zs_tui.ingest.inputs import make_article
from zs_tui.safety import for_cli, for_screen, to_json
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp

RETITLE = "\x1b]0;PWNED\x07"  # sets the terminal's title when printed raw
NASTY = f"开发区{RETITLE}签约\x9b31m项目\x00。\n"


@pytest.mark.parametrize("raw", [RETITLE, "\x1b[2J", "\x9b2J", "a\x7fb", "\x00", "\ud800"])
def test_screen_text_keeps_every_offset_and_no_control(raw):
    shown = for_screen(f"前{raw}后\n\t")
    assert len(shown) == len(raw) + 4
    assert shown[0] == "前" and shown[-3:] == "后\n\t"
    assert not any(ord(c) < 0x20 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert shown.encode("utf-8")  # no lone surrogate left


def test_cli_text_is_escaped_readably_and_json_round_trips():
    assert for_cli("a\x1b]0;X\x07b") == "a\\x1b]0;X\\x07b"
    assert for_cli("C:\\dir\\a.txt") == "C:\\dir\\a.txt"  # ordinary text as it is
    assert for_cli("\\x1b\x1b") == "\\\\x1b\\x1b"  # escaped text stays unambiguous
    rec = {"text": NASTY, "bad": "\ud800"}
    line = to_json(rec)
    assert json.loads(line) == rec
    assert not any(0x7F <= ord(c) <= 0x9F or ord(c) < 0x20 for c in line)
    line.encode("utf-8")


@pytest.fixture
def nasty_db(db_path):
    with Store(db_path) as st:
        art = make_article(NASTY, f"pwn{RETITLE}.txt", "utf-8")
        st.add_article(art, [{"start": 0, "end": 3, "label": "LOC"},
                             {"start": NASTY.index("签"), "end": NASTY.index("签") + 2, "label": "EVENT"}], "t")
    return db_path


async def test_the_app_shows_placeholders_where_control_characters_are(nasty_db):
    from zs_tui.ui.article_view import ArticleView
    from zs_tui.ui.span_list import SpanList

    with Store(nasty_db, create=False) as st:
        app = ReviewApp(st, f"ann{RETITLE}", clock=lambda: 0.0)
        async with app.run_test(size=(120, 30)) as pilot:
            view = app.screen.query_one(ArticleView)
            drawn = "".join(seg.text for seg in view.render_line(0))
            assert drawn.rstrip().startswith(for_screen(NASTY.rstrip("\n")))
            assert "\x1b" not in drawn and "\x07" not in drawn and "\x9b" not in drawn
            # one character drawn per character stored: the span after the ESC is where it is
            await pilot.press("j")
            cur = app.session.current_span
            assert app.session.text[cur.start:cur.end] == "签约"
            assert view._text()[cur.start:cur.end] == "签约"
            spans = app.screen.query_one(SpanList)
            rows = "".join(seg.text for y in range(3) for seg in spans.render_line(y))
            assert "\x1b" not in rows
            for text in (app.title, app.sub_title, str(app.screen.query_one("#message").render())):
                assert "\x1b" not in text and "\x07" not in text


def test_the_terminal_title_is_not_set_by_an_article(nasty_db):
    """The real app in a pseudo-terminal: the bytes it writes hold no ESC ] 0 ; from the article."""
    if sys.platform == "win32":
        pytest.skip("needs a pseudo-terminal")
    from pty_app import AppTerminal

    term = AppTerminal(nasty_db)
    try:
        term.wait_for_output(b"PWNED", timeout=30)
        term.wait_for_output("项目".encode(), timeout=10)
        out = bytes(term.output)
    finally:
        term.kill()
    assert b"\x1b]0;PWNED" not in out
    assert "\x9b31m".encode() not in out  # C1 CSI, as UTF-8
    assert "␛]0;PWNED␇".encode() in out  # shown, visibly


def test_cli_listings_and_errors_escape_control_characters_and_markup(cli, nasty_db, tmp_path):
    with Store(nasty_db, create=False) as st:
        sid = st.start_session(f"[/]{RETITLE}[bold]ann", "v[/]1")
        st.end_session(sid)
    code, out, err = cli("sessions", "--db", nasty_db)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x" in out and "PWNED" in out and "[/]" in out  # escaped (the column folds); a name, not markup
    code, out, _ = cli("sessions", "--db", nasty_db, "--json")
    assert code == 0 and json.loads(out)[0]["annotator"] == f"[/]{RETITLE}[bold]ann" and "\x1b" not in out
    code, out, _ = cli("export", "--db", nasty_db, "--status", "any")
    assert code == 0 and "\x1b" not in out and "\x9b" not in out
    assert json.loads(out.splitlines()[0])["text"] == NASTY
    # user text inside error messages: a path with markup and an ESC
    code, _, err = cli("stats", "--db", tmp_path / f"[/]{RETITLE}.db")
    assert code == 2 and "\x1b]0" not in err and "[/]" in err and "\\x1b" in err
    code, _, err = cli("import", tmp_path / "[/]missing[bold]", "--db", tmp_path / "n.db")
    assert code == 2 and "[/]missing[bold]" in err
