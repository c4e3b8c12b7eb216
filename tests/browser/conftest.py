"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real server on a
loopback port. Playwright cannot download its own browser here, so we point it at Debian's."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from altruist.agenda import refresh
from altruist.clock import Clock
from altruist.config import Settings
from altruist.store import Store
from altruist.web.app import create_app
from tests.conftest import skip_or_fail
from tests.helpers import demo_engine

CHROMIUM = os.environ.get("ALTRUIST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_server(sqlite_store: Store, clock: Clock) -> Iterator[str]:
    refresh(demo_engine(sqlite_store, clock))
    yield from serve(sqlite_store, clock)


def serve(store: Store, clock: Clock) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, for as long as the caller iterates."""
    app = create_app(Settings(embedder="fake"), store=store, clock=clock)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        skip_or_fail(f"Chromium not found at {CHROMIUM}; run .ci/run or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
