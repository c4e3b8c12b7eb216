"""CardDAV against a real Radicale: discovery from the server's root (well-known, principal,
home set), first sync, incremental sync (only what changed is fetched), change and delete on
the server, a refused login, a forgotten sync token, and a server that stops mid-sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from altruist.clock import Clock
from altruist.ingest.people_view import person_detail
from altruist.ingest.sync import dav_sync
from altruist.ingest.sync.dav import Collection, DavClient, Flavour
from altruist.store import Store, sync_repo
from altruist.store import people as people_repo
from altruist.store.schema import field_values, identities, people, sync_collections
from tests.conftest import skip_or_fail
from tests.sync.radicale_server import Radicale, start_radicale

VCARD = "text/vcard; charset=utf-8"


def card(uid: str, name: str, email: str, org: str) -> str:
    family, given = name.split()[1], name.split()[0]
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:{uid}\r\nFN:{name}\r\nN:{family};{given};;;\r\n"
        f"EMAIL;TYPE=INTERNET:{email}\r\nORG:{org}\r\nEND:VCARD\r\n"
    )


def _account(
    store: Store, clock: Clock, url: str, user: str, name: str = "nextcloud"
) -> sync_repo.Account:
    with store.transaction() as conn:
        return sync_repo.add_account(
            conn, name=name, kind="carddav", url=url, username=user, options={}, now=clock()
        )


def _person(store: Store, email: str) -> dict[str, object]:
    with store.read() as conn:
        row = conn.execute(
            select(people)
            .join(identities, identities.c.person_id == people.c.id)
            .where(identities.c.value == email)
        ).one()
    return dict(row._mapping)


def test_discovery_first_sync_and_incremental_changes(
    radicale: Radicale, sqlite_store: Store, clock: Clock
) -> None:
    user, password = radicale.new_user("inc")
    book = radicale.make_collection("kontakte", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    radicale.put(
        book + "b.vcf", card("b", "Bert Bach", "bert@example.org", "Beta AG"), VCARD, user, password
    )
    # The server's root: discovery has to find the address book by itself.
    account = _account(sqlite_store, clock, radicale.url, user)

    first = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert first.errors == [] and first.collections == 1
    assert (first.fetched, first.added) == (2, 2)
    assert _person(sqlite_store, "anna@example.org")["company"] == "ACME"

    again = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert again.errors == [] and again.fetched == 0  # nothing changed: nothing fetched

    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "Gamma SE"), VCARD, user, password
    )
    radicale.put(
        book + "c.vcf", card("c", "Cora Cramer", "cora@example.org", "Delta"), VCARD, user, password
    )
    radicale.delete(book + "b.vcf", user, password)
    third = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert third.errors == []
    assert (third.fetched, third.added, third.updated, third.gone) == (2, 1, 1, 1)
    anna = _person(sqlite_store, "anna@example.org")
    assert anna["company"] == "Gamma SE"
    with sqlite_store.read() as conn:
        companies = dict(
            conn.execute(
                select(field_values.c.value, field_values.c.gone_at).where(
                    field_values.c.person_id == anna["id"], field_values.c.name == "company"
                )
            ).all()
        )
    # The changed card no longer states ACME: that value is history, not current.
    assert companies["ACME"] is not None and companies["Gamma SE"] is None
    # Bert's card is gone from the server: Bert stays, the company only his card named is gone.
    bert = _person(sqlite_store, "bert@example.org")
    assert bert["name"] == "Bert Bach" and bert["company"] is None
    with sqlite_store.read() as conn:
        gone = (
            conn.execute(
                select(field_values.c.value).where(
                    field_values.c.person_id == bert["id"], field_values.c.gone_at.is_not(None)
                )
            )
            .scalars()
            .all()
        )
    assert "Beta AG" in gone
    shown = person_detail(sqlite_store, int(str(bert["id"])))["fields"]
    assert [f["gone_at"] is not None for f in shown if f["value"] == "Beta AG"] == [True]


def test_forgotten_sync_token_falls_back_to_a_full_comparison(
    radicale: Radicale, sqlite_store: Store, clock: Clock
) -> None:
    user, password = radicale.new_user("token")
    book = radicale.make_collection("adressen", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    account = _account(sqlite_store, clock, book, user)
    assert dav_sync.sync_account(sqlite_store, account, password, clock=clock).added == 1
    with sqlite_store.transaction() as conn:
        conn.execute(sync_collections.update().values(state={"token": "http://x/ns/sync/0"}))
    radicale.delete(book + "a.vcf", user, password)
    report = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert report.errors == [] and report.gone == 1 and report.fetched == 0


def test_refused_login_is_a_clear_error_and_loses_nothing(
    radicale: Radicale, sqlite_store: Store, clock: Clock
) -> None:
    user, password = radicale.new_user("login")
    book = radicale.make_collection("k", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    account = _account(sqlite_store, clock, book, user)
    dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    report = dav_sync.sync_account(sqlite_store, account, "wrong", clock=clock)
    assert len(report.errors) == 1 and "401" in report.errors[0]
    assert _person(sqlite_store, "anna@example.org")["company"] == "ACME"


def test_server_stopping_mid_sync_writes_nothing(
    sqlite_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    try:
        server = start_radicale()
    except RuntimeError as exc:
        skip_or_fail(str(exc))
    try:
        user, password = server.new_user("stop")
        book = server.make_collection("k", "carddav", user, password)
        for n in range(3):
            server.put(
                book + f"{n}.vcf",
                card(f"{n}", f"Nina N{n}", f"n{n}@example.org", "X"),
                VCARD,
                user,
                password,
            )
        account = _account(sqlite_store, clock, book, user)
        real_fetch = DavClient.fetch

        def stop_then_fetch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            server.process.terminate()
            server.process.wait()
            yield from real_fetch(self, *args, **kwargs)

        monkeypatch.setattr(DavClient, "fetch", stop_then_fetch)
        report = dav_sync.sync_account(sqlite_store, account, password, clock=clock, timeout=2)
    finally:
        server.stop()
    assert report.errors and "cannot reach" in report.errors[0]
    with sqlite_store.read() as conn:
        assert people_repo.all_people(conn) == []
        [(state,)] = conn.execute(select(sync_collections.c.state)).all()
    assert state == {}  # no token stored: the next sync starts over


def test_server_without_sync_collection_is_compared_by_etags(
    radicale: Radicale, sqlite_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that does not offer RFC 6578 (no sync-token property): every href and ETag is
    listed and compared with the stored ones, so changes and deletions are still found."""
    real_discover = DavClient.discover

    def without_tokens(self: DavClient, flavour: Flavour) -> list[Collection]:
        found = real_discover(self, flavour)
        for coll in found:
            coll.sync_token = None
        return found

    monkeypatch.setattr(DavClient, "discover", without_tokens)
    user, password = radicale.new_user("scan")
    book = radicale.make_collection("k", "carddav", user, password)
    for uid, name in (("a", "Anna Alt"), ("b", "Bert Bach")):
        email = f"{uid}@example.org"
        radicale.put(book + f"{uid}.vcf", card(uid, name, email, "ACME"), VCARD, user, password)
    account = _account(sqlite_store, clock, book, user)
    assert dav_sync.sync_account(sqlite_store, account, password, clock=clock).added == 2
    assert dav_sync.sync_account(sqlite_store, account, password, clock=clock).fetched == 0
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "a@example.org", "Neu"), VCARD, user, password
    )
    radicale.delete(book + "b.vcf", user, password)
    report = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert (report.fetched, report.updated, report.gone) == (1, 1, 1)


def test_self_signed_https_server_is_trusted_only_by_its_fingerprint(
    sqlite_store: Store, clock: Clock
) -> None:
    import ssl

    from altruist.ingest.sync import tls

    try:
        server = start_radicale(tls=True)
    except RuntimeError as exc:
        skip_or_fail(str(exc))
    try:
        user, password = server.new_user("tls")
        book = server.make_collection("k", "carddav", user, password)
        server.put(
            book + "a.vcf", card("a", "Anna Alt", "a@example.org", "X"), VCARD, user, password
        )
        expected = tls.fingerprint(ssl.PEM_cert_to_DER_cert(server.cafile.read_text()))
        plain = _account(sqlite_store, clock, book, user, name="plain")
        refused = dav_sync.sync_account(sqlite_store, plain, password, clock=clock)
        assert "not trusted" in refused.errors[0] and expected in refused.errors[0]
        with sqlite_store.transaction() as conn:
            pinned = sync_repo.add_account(
                conn, name="pinned", kind="carddav", url=book, username=user,
                options={"fingerprint": expected}, now=clock(),
            )  # fmt: skip
        report = dav_sync.sync_account(sqlite_store, pinned, password, clock=clock)
    finally:
        server.stop()
    assert report.errors == [] and report.added == 1


def test_a_broken_card_on_the_server_is_reported_by_its_address_and_the_rest_synced(
    radicale: Radicale, sqlite_store: Store, clock: Clock
) -> None:
    """Radicale refuses a card it cannot parse (400) and skips one written into its storage
    behind its back, so a broken card reaches a client only as one the server accepts: no name
    and no address to know the person by, or values that are not what they claim."""
    user, password = radicale.new_user("broken")
    book = radicale.make_collection("kontakte", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    nobody = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:n\r\nFN:\r\nN:;;;;\r\nNOTE:Notiz\r\nEND:VCARD\r\n"
    radicale.put(book + "nobody.vcf", nobody, VCARD, user, password)
    odd = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:v\r\nFN:Vera Wert\r\nEMAIL:vera@@example\r\n"
        "BDAY:1990-02-31\r\nEND:VCARD\r\n"
    )
    radicale.put(book + "odd.vcf", odd, VCARD, user, password)
    with radicale.client(user, password) as http:
        refused = http.put(
            book + "cut.vcf",
            content=b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n",
            headers={"content-type": VCARD},
        )
    assert refused.status_code == 400  # the server keeps a card it cannot read out
    account = _account(sqlite_store, clock, radicale.url, user)

    report = dav_sync.sync_account(sqlite_store, account, password, clock=clock)

    assert report.errors == [] and report.fetched == 3
    by_item = {str(s["file"]).rsplit("/", 1)[-1]: s for s in report.skipped}
    assert str(by_item["nobody.vcf"]["file"]) == book + "nobody.vcf"
    assert "no name, e-mail, phone or URL" in str(by_item["nobody.vcf"]["reason"])
    assert by_item["nobody.vcf"]["kept"] is False
    assert by_item["odd.vcf"]["file"] == book + "odd.vcf" and by_item["odd.vcf"]["kept"] is True
    # The rest of the address book is there: Anna, and Vera with her name (the odd values kept
    # verbatim, not lost).
    assert _person(sqlite_store, "anna@example.org")["company"] == "ACME"
    with sqlite_store.read() as conn:
        names = {p.name for p in people_repo.all_people(conn)}
        kept = set(conn.execute(select(field_values.c.value)).scalars())
    assert names == {"Anna Alt", "Vera Wert"}
    assert "vera@@example" in kept
