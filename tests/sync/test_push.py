"""`--push` against a real Radicale: a contact edited in altruist is written back with If-Match
(only FN, ORG's first part and TITLE change; other lines stay); a card changed on the server
since the last sync is a conflict and is never overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from altruist.clock import Clock
from altruist.ingest.sync import runner
from altruist.ingest.sync.push import rewrite
from altruist.store import Store, sync_repo
from altruist.store import people as people_repo
from altruist.store.schema import identities, people
from tests.sync.radicale_server import Radicale
from tests.sync.test_carddav import VCARD, card


def _pid(store: Store, email: str) -> int:
    with store.read() as conn:
        return int(
            conn.execute(
                select(people.c.id)
                .join(identities, identities.c.person_id == people.c.id)
                .where(identities.c.value == email)
            ).scalar_one()
        )


def test_push_writes_edits_back_and_reports_conflicts(
    radicale: Radicale, sqlite_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, password = radicale.new_user("push")
    monkeypatch.setenv("ALTRUIST_SYNC_PASSWORD_PUSH", password)
    book = radicale.make_collection("k", "carddav", user, password)
    anna = card("a", "Anna Alt", "anna@example.org", "ACME;Vertrieb").replace(
        "END:VCARD", "TEL;TYPE=CELL:+49 170 1234567\r\nEND:VCARD"
    )
    radicale.put(book + "a.vcf", anna, VCARD, user, password)
    radicale.put(
        book + "b.vcf", card("b", "Bert Bach", "bert@example.org", "Beta"), VCARD, user, password
    )
    with sqlite_store.transaction() as conn:
        sync_repo.add_account(
            conn, name="push", kind="carddav", url=book, username=user, options={}, now=clock()
        )
    [first] = runner.sync_all(sqlite_store, clock=clock)
    assert first.ok and first.added == 2

    with sqlite_store.transaction() as conn:
        people_repo.update_fields(conn, _pid(sqlite_store, "anna@example.org"), company="Gamma SE")
        people_repo.update_fields(conn, _pid(sqlite_store, "bert@example.org"), position="CTO")
    # Meanwhile Bert's card changes on the server (his phone was edited there).
    radicale.put(
        book + "b.vcf", card("b", "Bert Bach", "bert@example.org", "Beta AG"), VCARD, user, password
    )

    [report] = runner.sync_all(sqlite_store, clock=clock, push=True)
    assert report.ok and report.pushed >= 1
    with radicale.client(user, password) as http:
        anna_now = http.get(book + "a.vcf").text
        bert_now = http.get(book + "b.vcf").text
    assert "ORG:Gamma SE;Vertrieb" in anna_now and "+49 170 1234567" in anna_now
    # Bert's card was synced first (the sync runs before the push), so his edit is written onto
    # the server's latest version; nothing the server had is lost.
    assert "TITLE:CTO" in bert_now and "ORG:Beta AG" in bert_now


def test_a_card_changed_after_the_sync_is_a_conflict(
    radicale: Radicale, sqlite_store: Store, clock: Clock
) -> None:
    from altruist.ingest.sync import dav_sync
    from altruist.ingest.sync.push import push_account

    user, password = radicale.new_user("conflict")
    book = radicale.make_collection("k", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    with sqlite_store.transaction() as conn:
        account = sync_repo.add_account(
            conn, name="c", kind="carddav", url=book, username=user, options={}, now=clock()
        )
    dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    with sqlite_store.transaction() as conn:
        people_repo.update_fields(conn, _pid(sqlite_store, "anna@example.org"), company="Mine")
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "Theirs"), VCARD, user, password
    )
    report = push_account(sqlite_store, account, password)
    assert report.pushed == 0 and len(report.conflicts) == 1
    with radicale.client(user, password) as http:
        assert "ORG:Theirs" in http.get(book + "a.vcf").text  # never overwritten


def test_rewrite_keeps_other_lines_and_escapes() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nORG:Alt;Abt\\;X\r\nNOTE:long\r\n line\r\nEND:VCARD\r\n"
    out = rewrite(text, {"ORG": "Neu, GmbH", "TITLE": "CTO"})
    assert "ORG:Neu\\, GmbH;Abt\\;X" in out and "TITLE:CTO\r\nEND:VCARD" in out
    assert "NOTE:longline" in out and "FN:Anna" in out
