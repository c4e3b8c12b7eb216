"""IMAP against a real Dovecot: headers only (no body, no subject unless enabled), sent and
received direction, strangers in the inbox are not contacts, list mail belongs to no person,
incremental by UID, a new UIDVALIDITY stores nothing twice, a refused login loses nothing."""

from __future__ import annotations

import ssl
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from altruist.clock import Clock
from altruist.ingest.sync import imap_sync, tls
from altruist.store import Store, sync_repo
from altruist.store.schema import identities, interactions, people, sync_collections
from tests.sync.dovecot_server import PASSWORD, USER, Dovecot

BODY = "Streng vertraulich: Gehaltsverhandlung mit Firma Zeta"


def mail(
    sender: str, to: str, subject: str, msgid: str, *, list_id: str | None = None
) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, to, subject
    m["Date"] = "Tue, 10 Nov 2026 10:00:00 +0100"
    m["Message-ID"] = f"<{msgid}@example.org>"
    if list_id:
        m["List-Id"] = list_id
    m.set_content(BODY)
    return m


def _account(
    store: Store, clock: Clock, server: Dovecot, name: str, **options: object
) -> sync_repo.Account:
    with store.transaction() as conn:
        return sync_repo.add_account(
            conn,
            name=name,
            kind="imap",
            url=f"imaps://127.0.0.1:{server.port}",
            username=USER,
            options={"cafile": str(server.cafile), **options},
            now=clock(),
        )


def _met(store: Store) -> list[tuple[str, str, str]]:
    with store.read() as conn:
        rows = conn.execute(
            select(identities.c.value, interactions.c.direction, interactions.c.kind)
            .join(interactions, interactions.c.person_id == identities.c.person_id)
            .order_by(identities.c.value, interactions.c.direction)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_headers_only_direction_and_increments(
    dovecot: Dovecot, sqlite_store: Store, clock: Clock, tmp_path: Path
) -> None:
    dovecot.deliver(".Sent", mail(USER, "Cora Cramer <cora@example.org>", "Angebot", "s1"))
    dovecot.deliver("", mail("Cora Cramer <cora@example.org>", USER, "Re: Angebot", "r1"))
    dovecot.deliver("", mail("Fremd <stranger@example.net>", USER, "Gewinn!", "r2"))
    dovecot.deliver(
        "",
        mail(
            "cora@example.org",
            "python-de@example.org",
            "[py] Frage",
            "l1",
            list_id="<python-de.example.org>",
        ),
    )
    account = _account(sqlite_store, clock, dovecot, "mail")
    first = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)
    assert first.errors == [] and first.collections == 2 and first.fetched == 4
    # Written to: a contact (out); answered: in; the stranger is nobody; list mail is no one's.
    assert _met(sqlite_store) == [
        ("cora@example.org", "in", "message"),
        ("cora@example.org", "out", "message"),
    ]
    with sqlite_store.read() as conn:
        names = conn.execute(select(people.c.name)).scalars().all()
        states = conn.execute(select(sync_collections.c.state)).scalars().all()
    assert names == ["Cora Cramer"]
    assert any(s.get("lists") == {"python-de.example.org": 1} for s in states)
    # Headers only: neither the body nor (not enabled) the subject is anywhere in the database.
    sqlite_store.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("altruist.db*"))
    assert BODY.encode() not in raw and b"Angebot" not in raw

    again = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)
    assert again.errors == [] and again.fetched == 0
    dovecot.deliver(".Sent", mail(USER, "cora@example.org, Dan <dan@example.org>", "Treffen", "s2"))
    third = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)
    assert third.fetched == 1 and third.added == 3  # Dan (new person) and two messages
    with sqlite_store.transaction() as conn:
        conn.execute(sync_collections.update().values(state={"uidvalidity": 1, "last_uid": 99}))
    fourth = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)
    assert fourth.fetched == 5 and fourth.added == 0  # read again, stored once


def test_subjects_are_kept_only_when_enabled(
    dovecot: Dovecot, sqlite_store: Store, clock: Clock
) -> None:
    dovecot.deliver(".Sent", mail(USER, "Eva <eva@example.org>", "Projektidee", "s-eva"))
    encoded = mail(USER, "joerg@example.org", "x", "s-joerg")
    del encoded["To"], encoded["Subject"]
    encoded["To"] = "=?utf-8?q?J=C3=B6rg_Sch=C3=A4fer?= <joerg@example.org>"
    encoded["Subject"] = "=?utf-8?q?Gr=C3=BC=C3=9Fe?="
    dovecot.deliver(".Sent", encoded)
    account = _account(sqlite_store, clock, dovecot, "mail-subjects", subjects=True)
    assert imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock).errors == []
    with sqlite_store.read() as conn:
        summaries = set(conn.execute(select(interactions.c.summary)).scalars())
        names = set(conn.execute(select(people.c.name)).scalars())
    assert {"Projektidee", "Grüße"} <= summaries
    assert "Jörg Schäfer" in names  # RFC 2047 display names are decoded


def test_refused_login_is_a_clear_error(
    dovecot: Dovecot, sqlite_store: Store, clock: Clock
) -> None:
    account = _account(sqlite_store, clock, dovecot, "mail-bad")
    report = imap_sync.sync_account(sqlite_store, account, "falsch", clock=clock)
    assert len(report.errors) == 1 and "refused the login" in report.errors[0]


def test_cli_adds_and_syncs_a_self_signed_mailbox(dovecot: Dovecot, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from altruist.cli.main import app

    dovecot.deliver(".Sent", mail(USER, "Fritz <fritz@example.org>", "Hallo", "s-cli"))
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD)
    env = {"ALTRUIST_CONFIG": str(tmp_path / "none.toml")}
    db = ["--db", str(tmp_path / "cli.db")]
    args = ["sync", "add", "imap", "127.0.0.1", "--port", str(dovecot.port), "--user", USER]
    runner = CliRunner()
    added = runner.invoke(
        app, [*db, *args, "--cafile", str(dovecot.cafile), "--password-file", str(secret)], env=env
    )
    assert added.exit_code == 0, added.output
    synced = runner.invoke(app, [*db, "sync", "--json"], env=env)
    assert synced.exit_code == 0, synced.output
    [report] = json.loads(synced.stdout)
    assert report["ok"] and report["kind"] == "imap" and report["added"] >= 2  # Fritz + mail
    # Without the server's certificate the same mailbox is not trusted.
    runner.invoke(app, [*db, *args, "--name", "untrusted", "--password-file", str(secret)], env=env)
    failed = runner.invoke(app, [*db, "sync", "--json", "--account", "untrusted"], env=env)
    assert failed.exit_code == 1
    error = json.loads(failed.stdout)[0]["errors"][0]
    # The error names the certificate's fingerprint; pinning exactly that one is trusted.
    der = ssl.PEM_cert_to_DER_cert(dovecot.cafile.read_text())
    expected = tls.fingerprint(der)
    assert "not trusted" in error and f"--fingerprint {expected}" in error
    pin = [*args, "--name", "pinned", "--password-file", str(secret), "--fingerprint", expected]
    assert runner.invoke(app, [*db, *pin], env=env).exit_code == 0
    pinned = runner.invoke(app, [*db, "sync", "--json", "--account", "pinned"], env=env)
    assert pinned.exit_code == 0, pinned.output
    wrong = [*args, "--name", "wrong-pin", "--password-file", str(secret), "--fingerprint", "AB:CD"]
    runner.invoke(app, [*db, *wrong], env=env)
    refused = runner.invoke(app, [*db, "sync", "--json", "--account", "wrong-pin"], env=env)
    assert "certificate changed" in json.loads(refused.stdout)[0]["errors"][0]
