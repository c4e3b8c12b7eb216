"""The "Sync now" button in real Chromium (issue 17): the sync runs in the background, the
page and the rest of the app answer while it runs, the progress updates in place, and each account's error
appears in the user's language when the job ends.

Two accounts: the real test Dovecot, and a mail server that holds the sync for as long as the
test wants — it accepts the connection and trickles its greeting one space at a time, so the
client neither gets an answer nor times out. The test releases it; no step depends on how fast
anything is, only on what the page shows (Playwright waits up to a bound, it asserts no time).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import expect

from altruist.clock import Clock
from altruist.config import Settings
from altruist.ingest.sync import accounts
from altruist.store import Store
from altruist.web.app import create_app
from tests.sync.conftest import dovecot  # noqa: F401 (the real IMAP server of the sync tests)
from tests.sync.dovecot_server import PASSWORD, USER, Dovecot

pytestmark = pytest.mark.browser
WAIT_MS = 120_000  # an upper bound for a loaded machine; nothing is asserted about speed


class HeldServer:
    """A TCP server that never completes an IMAP greeting until released."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = int(self.listener.getsockname()[1])
        self.release = threading.Event()
        self.connected = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        self.connected.set()
        with conn:
            conn.sendall(b"* ")
            while not self.release.wait(1.0):
                conn.sendall(b" ")  # keeps the client's read alive: no timeout, no answer
        self.listener.close()


@pytest.fixture(autouse=True)
def _private_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test accounts' passwords go to a temporary folder, never the user's config."""
    monkeypatch.setenv("ALTRUIST_SECRETS_DIR", str(tmp_path / "secrets"))


@pytest.fixture
def held() -> Iterator[HeldServer]:
    server = HeldServer()
    yield server
    server.release.set()


@pytest.fixture
def app_url(
    sqlite_store: Store,
    clock: Clock,
    dovecot: Dovecot,  # noqa: F811
    held: HeldServer,
) -> Iterator[str]:
    message = EmailMessage()
    message["From"], message["To"] = USER, "Greta Gruen <greta@example.org>"
    message["Subject"], message["Message-ID"] = "Hallo", "<browser-greta@example.org>"
    message["Date"] = "Thu, 12 Nov 2026 09:00:00 +0100"
    message.set_content("x")
    dovecot.deliver(".Sent", message)
    accounts.add(
        sqlite_store,
        kind="imap",
        where="127.0.0.1",
        port=dovecot.port,
        user=USER,
        password=PASSWORD,
        name="post",
        options={"cafile": str(dovecot.cafile)},
    )
    accounts.add(
        sqlite_store,
        kind="imap",
        where="127.0.0.1",
        port=held.port,
        starttls=True,
        user="someone",
        password="pw",
        name="zaeh",
    )
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(300):  # until the server listens (bounded number of looks)
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    held.release.set()
    server.should_exit = True
    thread.join(timeout=30)


def test_the_app_answers_while_a_sync_runs(
    chromium_browser: Any, app_url: str, held: HeldServer, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1600})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url + "/settings#accounts")
    page.get_by_role("button", name="Jetzt abgleichen").click()
    page.wait_for_load_state("load")
    status = page.locator("#accounts-status")
    expect(page.locator("p.flash")).to_contain_text("läuft im Hintergrund")
    expect(status).to_contain_text("Läuft im Hintergrund", timeout=WAIT_MS)
    expect(status.get_by_role("button", name="Jetzt abgleichen")).to_be_disabled()
    assert held.connected.wait(WAIT_MS / 1000)

    # While the held account keeps the job running, other pages answer.
    other = context.new_page()
    other.goto(app_url + "/people")
    expect(other.locator("h1")).to_be_visible()
    assert other.request.get(app_url + "/api/refresh").json()["running"] is True
    other.close()

    # The Dovecot account finishes; the part updates in place (no reload), the job still runs.
    expect(status).to_contain_text("Fertig: post", timeout=WAIT_MS)
    assert "/settings" in page.url
    page.screenshot(path=str(screenshot_dir / "settings-sync-running-de.png"), full_page=True)

    held.release.set()  # the held server hangs up: that account fails, the job ends
    zaeh = page.locator("#accounts-status tr", has_text="zaeh")
    expect(zaeh).to_contain_text("Der Server ist nicht erreichbar", timeout=WAIT_MS)
    expect(page.locator("#accounts-status progress")).to_have_count(0)
    expect(status.get_by_role("button", name="Jetzt abgleichen")).to_be_enabled()
    # The row whose name cell is exactly "post" (the kind column says "IMAP-Postfach").
    post = page.locator("#accounts-status tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(r"^post$"))
    )
    expect(post).not_to_contain_text("Fehler")
    page.goto(app_url + "/people")
    expect(page.locator("body")).to_contain_text("Greta Gruen")
    assert errors == []
    context.close()
