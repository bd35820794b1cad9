"""`ledger serve`: the reviewer UI served to a browser by textual-serve.

One test drives the real thing: a server subprocess, headless Chromium (Debian's, through
playwright), a screenshot of the rendered queue and one decision made by a key press in the
page, then read back from the database. The others check the refusals without a browser.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tui_helpers import REPO_SEEDS

CHROMIUM = Path("/usr/bin/chromium")
ACTOR = "browser-desk"
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until(predicate, timeout: float, what: str, sleep=time.sleep, step: float = 0.2):
    """`predicate()` once true; `sleep` is the page's own wait while a browser runs (the
    playwright events, the websocket frames among them, arrive only inside its calls)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _server_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no key file of the developer's
    return env


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(server: subprocess.Popen) -> None:
    """End the server and the `ledger review` sessions it started (its process group)."""
    if _group_alive(server.pid):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)


@pytest.mark.slow
def test_a_decision_made_in_the_browser_is_recorded(cli, sqlite_url, tmp_path, record_property):
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian's chromium package) for the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

    seed = REPO_SEEDS / "001_harbour_bridge.txt"
    assert cli("import", seed, db=sqlite_url).code == 0
    port = _free_port()
    log = tmp_path / "server.log"
    argv = [sys.executable, "-m", "ledger", "--db", sqlite_url, "--as", ACTOR]
    argv += ["serve", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_server_env(tmp_path),
            start_new_session=True,  # its own process group: the sessions end with it
        )

    def listening() -> bool:
        assert server.poll() is None, f"ledger serve exited: {log.read_text()}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                return page.status == 200
        except OSError:
            return False

    frames: list[bytes] = []

    def screen_text() -> str:
        """What the app has drawn so far, escape sequences blanked."""
        return ANSI.sub(" ", b"".join(frames).decode("utf-8", "replace"))

    try:
        started = time.monotonic()
        phases = {}
        _wait_until(listening, 20, "ledger serve to listen")
        phases["listening"] = time.monotonic() - started
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox"]
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.on(
                    "websocket",
                    lambda ws: ws.on(
                        "framereceived",
                        lambda f: frames.append(f if isinstance(f, bytes) else f.encode()),
                    ),
                )
                page.goto(f"http://127.0.0.1:{port}/")
                phases["page loaded"] = time.monotonic() - started
                # the queue is drawn: its rows' status column and the reviewer in the top bar
                _wait_until(
                    lambda: "unreviewed" in screen_text() and ACTOR in screen_text(),
                    30,
                    "the statement queue in the page",
                    sleep=lambda seconds: page.wait_for_timeout(seconds * 1000),
                )
                phases["queue drawn"] = time.monotonic() - started
                page.wait_for_timeout(500)  # the last frames of the first screen
                shot = tmp_path / "ledger-serve.png"
                page.screenshot(path=str(shot))
                record_property("screenshot", str(shot))
                # the keys go to the terminal's own input, as a reviewer's typing would
                page.focus(".xterm-helper-textarea")
                page.keyboard.press("v")

                def verified() -> list[dict]:
                    r = cli("statements", "--status", "verified", "--format", "json", db=sqlite_url)
                    return json.loads(r.out)

                rows = _wait_until(
                    verified,
                    20,
                    "the verdict in the database",
                    sleep=lambda seconds: page.wait_for_timeout(seconds * 1000),
                )
                phases["verified"] = time.monotonic() - started
                after = tmp_path / "ledger-serve-verified.png"
                page.wait_for_timeout(500)
                page.screenshot(path=str(after))
                record_property("screenshot_after_verify", str(after))
                # Ctrl+C (SIGINT) to the server alone, the tab still open: it ends the session
                stopping = time.monotonic()
                os.kill(server.pid, signal.SIGINT)
                stopped = server.wait(20)
                _wait_until(
                    lambda: not _group_alive(server.pid),
                    10,
                    "the sessions to end",
                    sleep=lambda seconds: page.wait_for_timeout(seconds * 1000),
                )
                phases["stopped (after Ctrl+C)"] = time.monotonic() - stopping
            finally:
                browser.close()
    finally:
        _stop(server)

    assert len(rows) == 1, rows  # one key press, one decision: on the highlighted statement
    (statement,) = rows
    assert statement["quote"][:20] in screen_text()  # the one the page showed
    log_r = cli("review-log", str(statement["id"]), "--format", "json", db=sqlite_url)
    (decision,) = json.loads(log_r.out)
    assert decision["verdict"] == "verified"
    assert decision["reviewer"] == ACTOR  # the server's --as reached the served session
    assert stopped == 0  # and no session outlived it (waited for above)
    assert f"serving the reviewer UI as {ACTOR!r}" in log.read_text()
    # printed last: the `cli` fixture's capsys would swallow an earlier print
    print(f"screenshot of the served reviewer UI: {shot}")
    print(f"screenshot after pressing v: {after}")
    print("seconds: " + ", ".join(f"{name} {value:.1f}" for name, value in phases.items()))


def test_serve_refuses_a_non_loopback_host_without_allow_remote(cli, sqlite_url):
    r = cli("--as", "ann", "serve", "--host", "0.0.0.0", db=sqlite_url)
    assert r.code == 1
    assert "--host '0.0.0.0' is reachable from other machines" in r.err
    assert "would act as 'ann'" in r.err and "--allow-remote" in r.err


def test_serve_says_when_the_port_is_taken(cli, sqlite_url):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = cli("serve", "--port", str(port), db=sqlite_url)
    assert r.code == 1
    assert r.err.strip().splitlines() == [
        f"ledger: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_serve_rejects_a_port_out_of_range_and_a_bad_public_url(cli, sqlite_url):
    assert cli("serve", "--port", "70000", db=sqlite_url).code == 2
    r = cli("serve", "--public-url", "javascript:alert(1)", db=sqlite_url)
    assert r.code == 1 and "--public-url" in r.err and "http" in r.err


def test_review_still_refuses_a_plain_pipe(cli, sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    r = cli("review", db=sqlite_url)
    assert r.code == 1 and "needs a terminal" in r.err


def test_the_served_command_is_ledger_review_with_the_servers_options_quoted():
    from ledger.cli.serve_commands import review_command

    actor = "ann; touch pwned"
    command = review_command(
        actor=actor,
        debug=False,
        options={
            "keys_file": "/tmp/my keys.toml",
            "page_size": 20,
            "org_name": "",
            "org_url": None,
        },
    )
    argv = shlex.split(command)  # what the shell textual-serve starts will run
    assert argv[:3] == [sys.executable, "-m", "ledger"]
    assert argv[3:] == ["--as", actor, "review", "--keys", "/tmp/my keys.toml", "--page-size", "20"]


def _statuses(server, requests: list[tuple[str, dict[str, str]]]) -> list[int]:
    """The status of each (path, headers) request made to the server's own web app."""
    import asyncio

    from aiohttp.test_utils import TestClient, TestServer

    async def run() -> list[int]:
        async with TestClient(TestServer(await server._make_app())) as client:
            statuses = []
            for path, headers in requests:
                async with client.get(path, headers=headers) as response:
                    statuses.append(response.status)
            return statuses

    return asyncio.run(run())


def test_only_pages_of_the_server_itself_reach_it():
    from ledger.cli.serve_commands import _server_class

    server = _server_class()("true", host="127.0.0.1", port=8123)
    evil = {"Host": "127.0.0.1:8123", "Origin": "http://evil.example"}
    assert _statuses(
        server,
        [
            ("/", {"Host": "127.0.0.1:8123"}),
            ("/", {"Host": "localhost:8123"}),
            ("/", {"Host": "[::1]:8123", "Origin": "http://localhost:8123"}),
            ("/", {"Host": "evil.example:8123"}),  # a name rebound to 127.0.0.1
            ("/", {"Host": "127.0.0.1:9999"}),
            ("/ws", evil),  # another site's page opening the session's websocket
            ("/ws", {"Host": "localhost:8123", "Origin": "null"}),
        ],
    ) == [200, 200, 200, 403, 403, 403, 403]

    proxied = _server_class()(
        "true", host="127.0.0.1", port=8123, public_url="https://review.example.org"
    )
    site = {"Host": "review.example.org", "Origin": "https://review.example.org"}
    assert _statuses(proxied, [("/", site), ("/ws", evil)]) == [200, 403]


def test_serve_on_every_interface_needs_the_public_url(cli, sqlite_url):
    r = cli("serve", "--host", "0.0.0.0", "--allow-remote", db=sqlite_url)
    assert r.code == 1 and "give --public-url" in r.err
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = cli(
            "--as",
            "ann",
            "serve",
            "--host",
            "0.0.0.0",
            "--allow-remote",
            "--port",
            str(port),
            "--public-url",
            "https://review.example.org",
            db=sqlite_url,
        )
    assert r.code == 1
    warning, error = r.err.strip().splitlines()
    assert "warning" in warning and "no login" in warning and "'ann'" in warning
    assert error.endswith("Address already in use")
