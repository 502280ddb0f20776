"""``zs-tui serve``: the review app over textual-serve's websocket, as a browser drives it.

The server runs in its own process on a free port; the test speaks textual-serve's
protocol over the websocket (``["stdin", keys]`` in, the app's screen out as
binary frames), the way the page's JavaScript does, and checks the database.
A real browser does the same in ``benchmarks/serve_browser.py``.
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from zs_tui.ingest.inputs import make_article
from zs_tui.storage import Store

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")

ROOT = Path(__file__).resolve().parents[2]
TEXT = "远山市招商动态\n昨日，远山市与青禾科技有限公司签约。\n"  # the first line is the title


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_db(path: Path) -> Path:
    with Store(path) as st:
        i = TEXT.index("青禾科技有限公司")
        st.add_article(make_article(TEXT, "a.txt", "utf-8"), [{"start": i, "end": i + 8, "label": "COMPANY"}], "t")
    return path


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def wait_for(pred, timeout: float = 20.0, what: str = "") -> None:  # noqa: ANN001
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def start_server(db: Path, port: int) -> subprocess.Popen:
    # Its own process group, as a server started from a shell is: Ctrl+C is a SIGINT to that group.
    proc = subprocess.Popen([sys.executable, "-m", "zs_tui.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
    end = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > end:
                proc.kill()
                raise AssertionError(f"server did not start: {proc.communicate()[0].decode()}") from None
            time.sleep(0.1)


class Tab:
    """One browser tab's websocket: what the page's JavaScript sends and receives."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = b""

    async def until(self, needle: bytes, timeout: float = 30.0) -> None:
        """Read the app's output until ``needle`` was drawn."""
        end = time.monotonic() + timeout
        start = len(self.screen)
        while needle not in self.screen[start:]:
            msg = await asyncio.wait_for(self.ws.receive(), max(0.1, end - time.monotonic()))
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.screen += msg.data
            elif msg.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the websocket closed before {needle!r} was drawn: {msg}")

    async def keys(self, text: str) -> None:
        await self.ws.send_json(["stdin", text])


@pytest.mark.parametrize("stop", ["ctrl+c", "kill", "kill -9"])
async def test_a_browser_tab_asks_the_name_and_its_key_is_recorded_and_the_server_leaves_no_process(tmp_path, stop):
    db = make_db(tmp_path / "a.db")
    port = free_port()
    server = start_server(db, port)
    tabs: list[int] = []
    try:
        async with aiohttp.ClientSession() as http:
            page = await (await http.get(f"http://127.0.0.1:{port}/")).text()
            assert f"ws://127.0.0.1:{port}/ws" in page  # the page connects back to where it was served
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as ws:
                tab = Tab(ws)
                await tab.until(b"Your name")
                await ws.send_json(["resize", {"width": 130, "height": 40}])  # the page fits its window
                assert rows(db, "SELECT count(*) FROM sessions") == [(0,)]  # nobody, no session
                await tab.keys("\r")  # an empty name is refused on the screen
                await tab.until(b"empty")
                await tab.keys("林 晓\r")
                await tab.until(b"accept")  # the review screen's key hint
                # the article is drawn wrapped to its pane, not a few characters a line
                await tab.until("昨日，远山市与".encode(), timeout=10)
                assert rows(db, "SELECT annotator, ended_at IS NULL FROM sessions") == [("林 晓", 1)]
                await tab.keys("a")
                wait_for(lambda: rows(db, "SELECT count(*) FROM events")[0][0] > 0, what="the accept event")
                assert rows(db, "SELECT annotator, action FROM events") == [("林 晓", "accept")]
                assert rows(db, "SELECT text, state FROM spans WHERE layer = '林 晓'") == [("青禾科技有限公司", "accepted")]
                tabs += children(server.pid)
                assert len(tabs) == 1 and alive(tabs[0])
                if stop == "ctrl+c":
                    os.killpg(server.pid, signal.SIGINT)  # the terminal sends it to the server and its tabs
                elif stop == "kill":
                    server.send_signal(signal.SIGTERM)  # the server alone
                else:
                    server.kill()  # no chance to clean up: the tab must still go
                if stop != "kill -9":
                    assert server.wait(timeout=20) == 0
                wait_for(lambda: not alive(tabs[0]), timeout=10, what="the tab's app to exit")
        if stop != "kill -9":  # the tab's session was closed properly
            assert rows(db, "SELECT ended_at IS NOT NULL FROM sessions") == [(1,)]
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()
        server.stdout.close()
        for pid in tabs:  # a failed test leaves no process behind either
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_port_in_use_is_one_clear_error(cli, tmp_path):
    db = make_db(tmp_path / "a.db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, out, err = cli("serve", "--db", db, "--port", port)
    assert code == 2
    assert f"port {port} on 127.0.0.1 is in use" in err and "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("port", ["0", "70000", "-1"])
def test_a_port_out_of_range_is_refused(cli, tmp_path, port):
    code, _, err = cli("serve", "--db", make_db(tmp_path / "a.db"), "--port", port)
    assert code == 2 and "from 1 to 65535" in err


def test_an_unknown_host_or_missing_database_is_refused(cli, tmp_path):
    code, _, err = cli("serve", "--db", make_db(tmp_path / "a.db"), "--host", "no-such-host.invalid")
    assert code == 2 and "--host 'no-such-host.invalid'" in err
    code, _, err = cli("serve", "--db", tmp_path / "missing.db")
    assert code == 2 and "no database at" in err
    assert not (tmp_path / "missing.db").exists()


def test_the_default_host_is_this_machine_only():
    from zs_tui.cli.commands.serve import command

    host = next(p for p in command.params if p.name == "host")
    assert host.default == "127.0.0.1"


async def test_two_browser_tabs_on_one_database_see_each_others_decisions(tmp_path):
    db = make_db(tmp_path / "a.db")
    port = free_port()
    server = start_server(db, port)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=130&height=40") as ws_a, \
                    http.ws_connect(f"http://127.0.0.1:{port}/ws?width=130&height=40") as ws_b:
                a, b = Tab(ws_a), Tab(ws_b)
                for tab, name in ((a, "ann"), (b, "ann")):  # ann in two tabs: one layer
                    await tab.until(b"Your name")
                    await tab.keys(name + "\r")
                    await tab.until(b"accept")
                await a.keys("a")  # ann accepts the suggestion both tabs show
                # ann's other tab redraws with no key pressed (how fast is the Pilot tests' part:
                # here two app processes and the server share a loaded machine)
                await b.until(b"changed by another reviewer", timeout=20)
                assert rows(db, "SELECT annotator, action FROM events") == [("ann", "accept")]
        wait_for(lambda: rows(db, "SELECT count(*) FROM sessions WHERE ended_at IS NULL") == [(0,)],
                 what="both tabs' sessions to end")
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        server.stdout.close()
