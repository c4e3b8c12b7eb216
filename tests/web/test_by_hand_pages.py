"""The by-hand forms (issue 16) through the real app: new contact, log, reminders, relations,
e-mail/phone added, delete with what goes — German pages, messages beside the fields."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from altruist.clock import Clock
from altruist.config import Settings
from altruist.ingest import by_hand
from altruist.ingest.by_hand import ContactInput
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.store import relations as relations_repo
from altruist.store import reminders as reminders_repo
from altruist.store.schema import field_values
from altruist.web.app import create_app
from tests.web.conftest import csrf


def _store(client: TestClient):  # type: ignore[no-untyped-def]
    return client.app.state.store  # type: ignore[attr-defined]


def _post(client: TestClient, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf(client), **data}, follow_redirects=False)


def _person_id(response) -> int:  # type: ignore[no-untyped-def]
    match = re.match(r"/people/(\d+)", response.headers["location"])
    assert match, response.headers["location"]
    return int(match[1])


def test_new_contact_form_adds_a_person_with_manual_provenance(demo_client: TestClient) -> None:
    demo_client.cookies.set("altruist_lang", "de")
    page = demo_client.get("/people")
    assert 'href="/people/new"' in page.text and "Neuer Kontakt" in page.text
    form = demo_client.get("/people/new")
    assert form.status_code == 200 and "Kontakt hinzufügen" in form.text
    response = _post(
        demo_client,
        "/people/new",
        {"name": "Greta Sommer", "email": "greta.sommer@example.org", "birthday": "7. März 1990"},
    )
    assert response.status_code == 303
    pid = _person_id(response)
    with _store(demo_client).read() as conn:
        person = people_repo.get(conn, pid)
        sources = set(
            conn.execute(
                select(field_values.c.source_file).where(field_values.c.person_id == pid)
            ).scalars()
        )
    assert person.name == "Greta Sommer" and person.birthday and person.birthday.year == 1990
    assert sources == {"manual"}
    shown = demo_client.get(response.headers["location"])
    assert "Kontakt hinzugefügt." in shown.text


def test_new_contact_mistakes_come_back_beside_their_fields(demo_client: TestClient) -> None:
    demo_client.cookies.set("altruist_lang", "de")
    with _store(demo_client).read() as conn:
        before = people_repo.count(conn)
    response = _post(
        demo_client, "/people/new", {"name": "Greta", "email": "greta@", "phone": "abc"}
    )
    assert response.status_code == 422
    assert 'id="error-email"' in response.text and 'id="error-phone"' in response.text
    assert "Keine E-Mail-Adresse" in response.text
    assert 'value="greta@"' in response.text, "what was typed stays"
    with _store(demo_client).read() as conn:
        assert people_repo.count(conn) == before


def test_log_reminder_relation_and_identity_from_the_person_page(demo_client: TestClient) -> None:
    demo_client.cookies.set("altruist_lang", "de")
    with _store(demo_client).read() as conn:
        a, b = (p.id or 0 for p in people_repo.all_people(conn)[:2])
        other = people_repo.get(conn, b).name
    logged = _post(
        demo_client,
        f"/people/{a}/log",
        {"kind": "call", "date": "", "direction": "out", "note": "Über das neue Projekt"},
    )
    assert logged.status_code == 303
    page = demo_client.get(f"/people/{a}")
    assert "Über das neue Projekt" in page.text and "Anruf" in page.text
    bad = _post(demo_client, f"/people/{a}/log", {"kind": "call", "date": "32.01.2026"})
    assert bad.status_code == 422 and 'id="error-log-date"' in bad.text

    reminder = _post(
        demo_client,
        f"/people/{a}/reminders",
        {
            "text": "Glückwunsch zur Beförderung",
            "date": "01.12.2026",
            "every": "1",
            "unit": "years",
        },
    )
    assert reminder.status_code == 303
    assert "jährlich" in demo_client.get(f"/people/{a}").text
    wrong = _post(demo_client, f"/people/{a}/reminders", {"text": "", "date": "morgen"})
    assert wrong.status_code == 422
    assert 'id="error-reminder-text"' in wrong.text and 'id="error-reminder-date"' in wrong.text

    related = _post(demo_client, f"/people/{a}/relations", {"other": other, "kind": "family"})
    assert related.status_code == 303
    with _store(demo_client).read() as conn:
        assert (b, "family") in {(r.other_id, r.kind) for r in relations_repo.of_person(conn, a)}
        (due,) = reminders_repo.open_reminders(conn, a)
    assert due.every == 1 and due.unit == "years"
    unknown = _post(demo_client, f"/people/{a}/relations", {"other": "Niemand Unbekannt"})
    assert unknown.status_code == 422 and "Niemand" in unknown.text

    added = _post(demo_client, f"/people/{a}/identities", {"email": "zweit@example.org"})
    assert added.status_code == 303
    with _store(demo_client).read() as conn:
        assert "zweit@example.org" in {i.value for i in people_repo.identities_of(conn, a)}
        assert interactions_repo.for_person(conn, a)[0].source == "manual"


def test_delete_says_what_goes_before_and_who_went_after(demo_client: TestClient) -> None:
    demo_client.cookies.set("altruist_lang", "de")
    with _store(demo_client).read() as conn:
        person = people_repo.all_people(conn)[3]
    page = demo_client.get(f"/people/{person.id}")
    assert 'id="delete-counts"' in page.text and "Einträge im Verlauf" in page.text
    response = _post(demo_client, f"/people/{person.id}/delete", {"confirm": "yes"})
    assert response.status_code == 303
    after = demo_client.get(response.headers["location"])
    assert f"{person.name} wurde gelöscht" in after.text


def test_reminders_page_sets_one_without_a_person(demo_client: TestClient) -> None:
    demo_client.cookies.set("altruist_lang", "de")
    response = _post(
        demo_client,
        "/reminders",
        {"text": "Steuererklärung", "date": "2026-12-01", "every": "", "unit": ""},
    )
    assert response.status_code == 303
    page = demo_client.get(response.headers["location"])
    assert "Steuererklärung" in page.text and "Erinnerung gesetzt." in page.text
    bad = _post(
        demo_client,
        "/reminders",
        {"text": "x", "date": "01.12.2026", "every": "0", "unit": "weeks"},
    )
    assert bad.status_code == 422 and 'id="error-reminder-every"' in bad.text


def test_a_relation_added_on_the_person_page_is_drawn_on_the_map(
    sqlite_store: Store, clock: Clock
) -> None:
    now = clock()
    a = by_hand.add_contact(sqlite_store, ContactInput(name="Ida Ost"), now=now)
    b = by_hand.add_contact(sqlite_store, ContactInput(name="Ole Nord"), now=now)
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:

        def edges() -> int:
            svg = client.get("/map").text
            return svg.split('class="edges"')[1].split("</g>")[0].count("<line")

        assert edges() == 0
        added = _post(client, f"/people/{a.person_id}/relations", {"other": str(b.person_id)})
        assert added.status_code == 303
        assert edges() == 1
