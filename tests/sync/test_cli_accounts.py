"""`altruist sync …` end to end: accounts with the password from a file or the environment —
never in the database or a backup —, one report per account, and one account's failure
(refused login, malformed XML, a server that does not answer) leaves the others and everything
stored intact."""

from __future__ import annotations

import json
import stat
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.export.archive import export_archive
from altruist.store import open_store
from altruist.store import people as people_repo
from tests.sync.radicale_server import Radicale
from tests.sync.test_carddav import VCARD, card


class _Broken(BaseHTTPRequestHandler):
    """Answers every WebDAV request with a cut-off multistatus, or not at all (slow)."""

    slow = 0.0
    status = 207  # another one (503) answers with that status and no body

    def _answer(self) -> None:
        if self.slow:
            time.sleep(self.slow)
        body = b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/x'
        body = body if self.status == 207 else b""
        try:
            self.send_response(self.status)
            self.send_header("content-type", "application/xml")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:
            pass  # the client gave up waiting: that is what the timeout test wants

    do_PROPFIND = do_REPORT = _answer

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def broken_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/dav/"
    httpd.shutdown()
    httpd.server_close()


def _run(db: Path, env: dict[str, str], *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
    assert result.exit_code == code, result.output
    return result.stdout


def test_accounts_passwords_and_per_account_reports(
    radicale: Radicale, broken_server: str, tmp_path: Path
) -> None:
    db = tmp_path / "cli.db"
    env = {
        "ALTRUIST_CONFIG": str(tmp_path / "none.toml"),
        "ALTRUIST_SECRETS_DIR": str(tmp_path / "secrets"),
    }
    user, password = radicale.new_user("cli")
    book = radicale.make_collection("k", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    secret = tmp_path / "pw.txt"
    secret.write_text(password + "\n")
    _run(
        db,
        env,
        "sync",
        "add",
        "carddav",
        radicale.url,
        "--user",
        user,
        "--name",
        "radicale",
        "--password-file",
        str(secret),
    )
    _run(
        db,
        env | {"ALTRUIST_SYNC_PASSWORD": "x"},
        "sync",
        "add",
        "carddav",
        broken_server,
        "--user",
        "u",
        "--name",
        "broken",
    )
    _run(
        db,
        env | {"ALTRUIST_SYNC_PASSWORD": "wrong"},
        "sync",
        "add",
        "carddav",
        radicale.url,
        "--user",
        user,
        "--name",
        "wrongpw",
    )
    stored = tmp_path / "secrets" / (b"radicale".hex() + ".password")
    assert stored.read_text() == password
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700

    reports = {r["account"]: r for r in json.loads(_run(db, env, "sync", "--json", code=1))}
    assert reports["radicale"]["ok"] and reports["radicale"]["added"] == 1
    assert "malformed XML" in reports["broken"]["errors"][0]
    assert "401" in reports["wrongpw"]["errors"][0]
    # The environment variable of one account beats its stored password.
    env_pw = {"ALTRUIST_SYNC_PASSWORD_WRONGPW": password}
    again = {
        r["account"]: r
        for r in json.loads(_run(db, env | env_pw, "sync", "--json", "--account", "wrongpw"))
    }
    assert again["wrongpw"]["ok"]

    listed = json.loads(_run(db, env, "sync", "list", "--json"))
    assert [a["name"] for a in listed] == ["broken", "radicale", "wrongpw"]
    assert listed[0]["last_report"]["errors"]
    # The password is nowhere in the database or a backup.
    store = open_store(f"sqlite:///{db}")
    backup = json.dumps(export_archive(store, include_derived=True))
    store.dispose()
    assert password not in backup and "sync_accounts" in backup
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("cli.db*"))
    assert password.encode() not in raw

    _run(db, env, "sync", "remove", "radicale")
    assert not stored.exists()
    store = open_store(f"sqlite:///{db}")
    with store.read() as conn:
        assert [p.name for p in people_repo.all_people(conn)] == ["Anna Alt"]  # she stays
    store.dispose()


def test_a_silent_server_is_a_timeout_not_a_hang(broken_server: str, tmp_path: Path) -> None:
    from altruist.clock import system_clock
    from altruist.ingest.sync import dav_sync
    from altruist.store import sync_repo

    _Broken.slow = 3.0
    try:
        store = open_store(f"sqlite:///{tmp_path / 't.db'}")
        with store.transaction() as conn:
            account = sync_repo.add_account(
                conn,
                name="slow",
                kind="carddav",
                url=broken_server,
                username="u",
                options={},
                now=system_clock(),
            )
        report = dav_sync.sync_account(store, account, "pw", timeout=0.5)
        store.dispose()
    finally:
        _Broken.slow = 0.0
    assert report.errors and "did not answer in time" in report.errors[0]


def test_a_server_error_is_that_accounts_error_in_the_users_language(
    broken_server: str, tmp_path: Path
) -> None:
    from altruist.clock import system_clock
    from altruist.i18n import Translator
    from altruist.ingest.sync import dav_sync
    from altruist.store import sync_repo

    _Broken.status = 503
    try:
        store = open_store(f"sqlite:///{tmp_path / 't.db'}")
        with store.transaction() as conn:
            account = sync_repo.add_account(
                conn, name="down", kind="carddav", url=broken_server, username="u",
                options={}, now=system_clock(),
            )  # fmt: skip
        report = dav_sync.sync_account(store, account, "pw")
        store.dispose()
    finally:
        _Broken.status = 207
    # Said as the server's failure, not as "no address books found".
    assert len(report.errors) == 1 and "the server failed (503)" in report.errors[0]
    [problem] = report.problems
    german = Translator("de")(problem["msgid"], **problem["params"])
    assert "Der Server hat einen Fehler gemeldet (503)" in german and broken_server in german


def test_adding_without_a_password_says_how(tmp_path: Path) -> None:
    env = {
        "ALTRUIST_CONFIG": str(tmp_path / "none.toml"),
        "ALTRUIST_SECRETS_DIR": str(tmp_path / "s"),
    }
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(tmp_path / "x.db"),
            "sync",
            "add",
            "imap",
            "mail.example.org",
            "--user",
            "me@example.org",
        ],
        env=env,
    )
    assert result.exit_code != 0
    assert "--password-file" in str(result.exception) + result.output


def test_sync_names_a_broken_card_by_its_address_in_the_users_language(
    radicale: Radicale, tmp_path: Path
) -> None:
    db = tmp_path / "cli.db"
    env = {
        "ALTRUIST_CONFIG": str(tmp_path / "none.toml"),
        "ALTRUIST_SECRETS_DIR": str(tmp_path / "secrets"),
        "ALTRUIST_SYNC_PASSWORD": "",
    }
    user, password = radicale.new_user("cli-broken")
    book = radicale.make_collection("k", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    nobody = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:n\r\nFN:\r\nN:;;;;\r\nNOTE:Notiz\r\nEND:VCARD\r\n"
    radicale.put(book + "nobody.vcf", nobody, VCARD, user, password)
    env["ALTRUIST_SYNC_PASSWORD"] = password
    _run(db, env, "sync", "add", "carddav", radicale.url, "--user", user, "--name", "nc")
    shown = " ".join(_run(db, env, "--lang", "de", "sync").split())
    # The table says the address book synced; below it, the card the user must look at.
    assert f"nc: übersprungen {book}nobody.vcf" in shown
    assert "vCard ohne Name, E-Mail-Adresse, Telefonnummer oder URL" in shown, shown
