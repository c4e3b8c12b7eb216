"""Settings → Konten / Accounts in-process: add (the password goes to the private file and is
never shown again), sync now, the last sync and its errors, own addresses, remove; German first."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.store import Store, own_addresses, sync_repo
from altruist.web.app import create_app
from tests.sync.test_carddav import card
from tests.web.conftest import csrf


def wait_for_background_job(client: TestClient, polls: int = 1200) -> None:
    """Until GET /api/refresh says the background job (sync, then recomputation) finished;
    a bounded number of polls, not a time limit."""
    for _ in range(polls):
        if not client.get("/api/refresh").json()["running"]:
            return
        time.sleep(0.05)
    raise AssertionError("the background sync did not finish")


@pytest.fixture
def client(sqlite_store: Store, clock: Clock) -> Iterator[TestClient]:
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


def test_accounts_section(client: TestClient, sqlite_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    folder.mkdir()
    (folder / "a.vcf").write_text(card("a", "Anna Alt", "anna@example.org", "ACME"))
    token = csrf(client)
    german = {"accept-language": "de"}
    assert "Noch keine Konten." in client.get("/settings", headers=german).text

    client.post(
        "/settings/accounts/add",
        data={
            "csrf_token": token,
            "kind": "vdir",
            "where": str(folder),
            "name": "ordner",
            "port": "",
            "fingerprint": "",
        },
    )
    client.post(
        "/settings/accounts/add",
        data={
            "csrf_token": token,
            "kind": "carddav",
            "where": "http://127.0.0.1:9/dav/",
            "user": "u",
            "password": "Sehr-Geheim-42",
            "name": "tot",
        },
    )
    assert (tmp_path / "secrets" / (b"tot".hex() + ".password")).read_text() == "Sehr-Geheim-42"
    missing = client.post(
        "/settings/accounts/add",
        data={
            "csrf_token": token,
            "kind": "imap",
            "where": "mail.example.org",
            "user": "me@example.org",
        },
    )
    assert missing.status_code == 400 and "password" in missing.text

    client.post(
        "/settings/accounts/add",
        data={"csrf_token": token, "kind": "imap", "where": "mail.example.org", "user": "me@example.org",
              "password": "pw", "port": "143", "starttls": "true", "fingerprint": "AB:CD", "name": "post"},
    )  # fmt: skip
    with sqlite_store.read() as conn:
        post = sync_repo.get_account(conn, "post")
    assert post.url == "imap://mail.example.org:143" and post.options["fingerprint"] == "AB:CD"
    client.post("/settings/accounts/remove", data={"csrf_token": token, "name": "post"})
    started = client.post("/settings/accounts/sync", data={"csrf_token": token}, headers=german)
    assert started.status_code == 200  # redirected back to Settings at once
    assert "läuft im Hintergrund" in started.text
    wait_for_background_job(client)
    page = client.get("/settings", headers=german).text
    # The unreachable server's error in the user's language; the folder synced.
    assert "Der Server ist nicht erreichbar" in page and "cannot reach the server" not in page
    assert "Sehr-Geheim-42" not in page and "ordner" in page
    english = client.get("/settings/accounts/status", headers={"accept-language": "en"}).text
    assert "cannot reach the server" in english and "data-poll" not in english

    client.post(
        "/settings/accounts/addresses",
        data={"csrf_token": token, "addresses": "Ich@Example.org, zweit@example.org"},
    )
    with sqlite_store.read() as conn:
        assert own_addresses.listed(conn) == ["ich@example.org", "zweit@example.org"]
    client.post("/settings/accounts/schedule", data={"csrf_token": token, "minutes": "15"})
    assert 'value="15"' in client.get("/settings").text
    client.post("/settings/accounts/remove", data={"csrf_token": token, "name": "tot"})
    assert not (tmp_path / "secrets" / (b"tot".hex() + ".password")).exists()
    assert "Anna Alt" in client.get("/people").text  # synced from the folder


def test_settings_names_a_card_the_sync_could_not_read_by_its_file(
    client: TestClient, tmp_path: Path
) -> None:
    folder = tmp_path / "vdir"
    folder.mkdir()
    (folder / "a.vcf").write_text(card("a", "Anna Alt", "anna@example.org", "ACME"))
    nobody = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:n\r\nFN:\r\nNOTE:Notiz\r\nEND:VCARD\r\n"
    (folder / "nobody.vcf").write_text(nobody)
    token = csrf(client)
    german = {"accept-language": "de"}
    form = {"csrf_token": token, "kind": "vdir", "where": str(folder), "name": "ordner"}
    client.post("/settings/accounts/add", data=form | {"port": "", "fingerprint": ""})
    client.post("/settings/accounts/sync", data={"csrf_token": token}, headers=german)
    wait_for_background_job(client)
    part = client.get("/settings/accounts/status", headers=german).text
    [row] = [r for r in part.split("<tr>") if "ordner" in r]
    assert "übersprungen" in row and "nobody.vcf" in row
    assert "vCard ohne Name, E-Mail-Adresse, Telefonnummer oder URL" in row
    assert "a.vcf" not in row  # the good card is no problem: it was imported
