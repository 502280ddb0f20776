"""`zs-tui serve` in a real headless Chromium: load the page, type the annotator's
name, press a review key, find the event in the database; print what it did and
how long each step took.

Needs Chromium (Debian: ``apt-get install -y chromium``); no Python package beyond
zs_tui's own: the browser is driven over the Chrome DevTools protocol with aiohttp
(a dependency of textual-serve). Not run in CI, which has no browser; the
websocket-level test (tests/functional/test_serve.py) is.

    .venv/bin/python benchmarks/serve_browser.py [--chromium PATH] [--screenshots DIR] [--keep]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
NAME = "测试员 Browser"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def until(pred, timeout: float, what: str) -> float:  # noqa: ANN001
    """Poll ``pred`` until true; the seconds it took."""
    t0 = time.monotonic()
    while not pred():
        if time.monotonic() - t0 > timeout:
            raise SystemExit(f"FAILED: timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.05)
    return time.monotonic() - t0


def wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > end:
                raise SystemExit(f"FAILED: {what} did not start listening on port {port}") from None
            time.sleep(0.1)


class DevTools:
    """A page of the browser over the Chrome DevTools protocol."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        mid = next(self.ids)
        await self.ws.send_json({"id": mid, "method": method, "params": params})
        while True:
            msg = json.loads((await self.ws.receive()).data)
            if msg.get("id") == mid:
                if "error" in msg:
                    raise SystemExit(f"FAILED: {method}: {msg['error']}")
                return msg.get("result", {})

    async def js(self, expression: str) -> Any:
        r = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return r.get("result", {}).get("value")

    async def key(self, key: str, code: str, vk: int, text: str = "") -> None:
        base = {"key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **base)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **base)

    async def screenshot(self, path: Path) -> None:
        data = (await self.call("Page.captureScreenshot", format="png"))["data"]
        path.write_bytes(base64.b64decode(data))


async def drive(url: str, devtools_port: int, db: Path, shots: Path | None, server: subprocess.Popen) -> bool:
    """Load the page, type the name, press a key; then Ctrl+C the server with the page open."""

    def say(line: str) -> None:
        print(line, flush=True)

    async with aiohttp.ClientSession() as http:
        targets = await (await http.get(f"http://127.0.0.1:{devtools_port}/json/list")).json()
        page = next(t for t in targets if t["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            dt = DevTools(ws)
            await dt.call("Page.enable")
            t0 = time.monotonic()
            await dt.call("Page.navigate", url=url)

            async def body_has(cls: str) -> bool:
                return bool(await dt.js(f"!!document.body && document.body.classList.contains({cls!r})"))

            while not await body_has("-first-byte"):  # textual.js sets it when the app's first bytes arrive
                if time.monotonic() - t0 > 60:
                    raise SystemExit("FAILED: the page never showed the app")
                await asyncio.sleep(0.05)
            say(f"loaded {url}: the app's first screen arrived after {time.monotonic() - t0:.2f} s")
            await asyncio.sleep(1.0)  # the prompt is drawn and its input focused
            if shots:
                await dt.screenshot(shots / "1_prompt.png")
            box = await dt.js("(() => { const r = document.querySelector('#terminal').getBoundingClientRect();"
                              " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
            for kind in ("mousePressed", "mouseReleased"):  # focus the terminal, as a user's click does
                await dt.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)
            assert query(db, "SELECT count(*) FROM sessions") == [(0,)], "a session started before a name was given"
            await dt.call("Input.insertText", text=NAME)
            await dt.key("Enter", "Enter", 13, "\r")
            took = await until(lambda: query(db, "SELECT annotator FROM sessions") == [(NAME,)], 30,
                               "the session of the name typed")
            say(f"typed the name {NAME!r} and enter: session {query(db, 'SELECT id FROM sessions')[0][0]} "
                f"of annotator {query(db, 'SELECT annotator FROM sessions')[0][0]!r} in the database "
                f"after {took:.2f} s")
            await asyncio.sleep(1.5)  # the review screen replaces the prompt
            if shots:
                await dt.screenshot(shots / "2_review.png")
            # the span under the cursor, as the tab saved its position
            span = query(db, "SELECT s.id, s.text, s.label FROM spans s JOIN positions p ON p.span_id = s.id")
            await dt.key("a", "KeyA", 65, "a")
            took = await until(lambda: query(db, "SELECT count(*) FROM events")[0][0] > 0, 30, "the accept event")
            ev = query(db, "SELECT id, annotator, action, after FROM events")
            after = json.loads(ev[0][3])["spans"][0]
            say(f"pressed a: event {ev[0][0]} {ev[0][2]!r} by {ev[0][1]!r} in the database after {took:.2f} s: "
                f"span {after['id']} {after['text']} {after['label']} is {after['state']}")
            if span and span[0][0] != after["id"]:
                raise SystemExit(f"FAILED: the span under the cursor was {span[0]}, the event changed {after['id']}")
            await asyncio.sleep(0.5)
            if shots:
                await dt.screenshot(shots / "3_accepted.png")
            tabs = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == server.pid]
            os.killpg(server.pid, signal.SIGINT)  # Ctrl+C in the server's terminal, the page still open
            t0 = time.monotonic()
            rc = server.wait(timeout=30)
            left = [p.name for p in tabs if _alive(p)]
            say(f"Ctrl+C: the server exited with code {rc} after {time.monotonic() - t0:.2f} s; "
                f"tab processes ({len(tabs)}) left: {left or 'none'}")
            closed = await until_js(dt, "document.body.classList.contains('-closed')", 10)
            shown = await dt.js("document.querySelector('.closed-dialog .message').innerText")
            say(f"the page says {shown!r}" if closed else "the page did not notice the server stopped")
            ended = query(db, "SELECT annotator, ended_at IS NOT NULL FROM sessions")
            say(f"sessions: {ended} (annotator, ended)")
            return rc == 0 and not left and closed and all(e for _, e in ended)


async def until_js(dt: DevTools, expression: str, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if await dt.js(expression):
            return True
        await asyncio.sleep(0.1)
    return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser")
                    or shutil.which("google-chrome"), help="the browser (default: chromium on PATH)")
    ap.add_argument("--screenshots", type=Path, default=None, help="save a PNG of each step in this folder")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    args = ap.parse_args()
    if not args.chromium:
        print("no Chromium found: apt-get install -y chromium, or --chromium PATH", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="zs_serve_browser_"))
    db = tmp / "annotations.db"
    zs = [sys.executable, "-m", "zs_tui.cli"]
    subprocess.run([*zs, "import", str(ROOT / "seeds"), "--db", str(db)], check=True, cwd=tmp,
                   stdout=subprocess.DEVNULL)
    print(f"database {db}: {query(db, 'SELECT count(*) FROM articles')[0][0]} articles, "
          f"{query(db, 'SELECT count(*) FROM spans')[0][0]} suggested spans, "
          f"{query(db, 'SELECT count(*) FROM events')[0][0]} events")
    port, devtools_port = free_port(), free_port()
    server_log = open(tmp / "server.log", "wb")
    server = subprocess.Popen([*zs, "serve", "--db", str(db), "--port", str(port)], cwd=tmp,
                              stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
    browser = None
    code = 1
    try:
        wait_port(port, server, "zs-tui serve")
        print(f"zs-tui serve: pid {server.pid}, listening on 127.0.0.1:{port}")
        flags = ["--headless=new", f"--remote-debugging-port={devtools_port}", f"--user-data-dir={tmp / 'profile'}",
                 "--window-size=1400,900", "--no-first-run", "--disable-gpu", "about:blank"]
        if os.geteuid() == 0:
            flags.insert(0, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        browser = subprocess.Popen([args.chromium, *flags], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        wait_port(devtools_port, browser, "Chromium")
        version = subprocess.run([args.chromium, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"browser: {version}, headless, pid {browser.pid}")
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        ok = asyncio.run(drive(f"http://127.0.0.1:{port}/", devtools_port, db, args.screenshots, server))
        code = 0 if ok else 1
        print("OK" if ok else "FAILED")
    finally:
        for proc in (browser, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()  # Chromium then ends its own helper processes
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        server_log.close()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


def _ppid(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _alive(proc: Path) -> bool:
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
