"""A real server on a free loopback port, and real Chromium driven by Playwright.

The browser is Debian's `chromium` (`.ci/run` installs it); Playwright never downloads one.
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI

from notedeck.cli.serve import listening_socket
from notedeck.notebook import bundled_example
from notedeck.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "web"


@dataclass
class LiveServer:
    """An app served by uvicorn in a thread."""

    app: FastAPI
    url: str
    db_url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(app: FastAPI, db_url: str) -> LiveServer:
    sock = listening_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("the test server did not start within 30 s")
    return LiveServer(app, f"http://127.0.0.1:{port}", db_url, server, thread)


class JsonClient:
    """One keep-alive HTTP connection that keeps the session cookie and sends the CSRF token,
    as the browser's fetch calls do."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=120)
        self.cookie = ""
        self.csrf = ""
        self.csrf = self.request("GET", "/api/session")[1]["csrf"]

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        cookie = response.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, json.loads(payload) if payload else None

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start the app over a notebook with its own SQLite store in `tmp_path`."""
    started: list[LiveServer] = []

    def start(notes: Path, **options: Any) -> LiveServer:
        db_url = f"sqlite:///{tmp_path / f'store{len(started)}.sqlite'}"
        live = start_server(create_app(notes, db_url, **options), db_url)
        started.append(live)
        return live

    yield start
    for live in started:
        live.stop()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled example notebook, safe to edit."""
    return Path(shutil.copytree(bundled_example(), tmp_path / "example"))


@pytest.fixture
def gitbook_notes(tmp_path: Path) -> Path:
    """A small GitBook space: cover, emoji title, hint, table, tabs, embed, and a hostile page."""
    return Path(shutil.copytree(FIXTURES, tmp_path / "gitbook"))


@dataclass
class Watched:
    """What a browser page did that a test must be able to see: dialogs and errors."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def tab(
    browser: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Any, Watched, Callable[[str], Path]]]:
    """A fresh browser page, what it did, and `shot(name)` saving a screenshot in tmp_path."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched = Watched()

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("console", lambda message: watched.console.append(message.text))
    page.set_default_timeout(10_000)

    def shot(name: str) -> Path:
        path = tmp_path / "screenshots" / f"{name}.png"
        path.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    yield page, watched, shot
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:  # say what the browser showed
        try:
            shown = page.locator("body").inner_text(timeout=2_000)[:2_000]
        except Exception as exc:  # the page itself may be what broke
            shown = f"(could not read the page: {exc})"
        print(f"The browser was at {page.url} and showed:\n{shown}")
        print(f"Dialogs: {watched.dialogs}; errors: {watched.errors}; console: {watched.console}")
        shot("failure")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
