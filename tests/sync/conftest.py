"""Real servers for the sync tests, started once per session and removed afterwards; absent on
a user's machine they skip with the reason, in CI they fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.sync.dovecot_server import Dovecot, start_dovecot
from tests.sync.radicale_server import Radicale, start_radicale


@pytest.fixture(scope="session")
def radicale() -> Iterator[Radicale]:
    try:
        server = start_radicale()
    except RuntimeError as exc:
        skip_or_fail(f"no CardDAV/CalDAV test server: {exc}")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _private_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords of test accounts go to a temporary folder, never the user's config."""
    monkeypatch.setenv("ALTRUIST_SECRETS_DIR", str(tmp_path / "secrets"))


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    try:
        server = start_dovecot()
    except RuntimeError as exc:
        skip_or_fail(f"no IMAP test server: {exc}")
    yield server
    server.stop()
