"""The person form reads German dates, and a bad value comes back beside its field, in the
user's language, with everything typed still in the form (issue 13)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from altruist.domain import Person
from altruist.store import Store
from altruist.store import people as people_repo
from tests.web.conftest import csrf


def _store(client: TestClient) -> Store:
    store = client.app.state.store  # type: ignore[attr-defined]
    assert isinstance(store, Store)
    return store


def _add(client: TestClient, name: str) -> int:
    with _store(client).transaction() as conn:
        person_id = people_repo.add(conn, Person(name)).id
    assert person_id is not None
    return person_id


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("05.12.1975", "1975-12-05"),
        ("5.12.1975", "1975-12-05"),
        ("5. Dezember 1975", "1975-12-05"),
        ("05.12.", "--12-05"),
        ("1975-12-05", "1975-12-05"),
    ],
)
def test_german_birthdays_are_saved(demo_client: TestClient, typed: str, stored: str) -> None:
    pid = _add(demo_client, "Dora Datum")
    answer = demo_client.post(
        f"/people/{pid}/edit",
        data={"csrf_token": csrf(demo_client), "name": "Dora Datum", "birthday": typed},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with _store(demo_client).read() as conn:
        birthday = people_repo.get(conn, pid).birthday
    assert birthday is not None and birthday.iso() == stored


def test_bad_date_stays_in_the_form_with_a_german_message(demo_client: TestClient) -> None:
    pid = _add(demo_client, "Erik Eingabe")
    answer = demo_client.post(
        f"/people/{pid}/edit",
        headers={"Accept-Language": "de-DE,de;q=0.9"},
        data={
            "csrf_token": csrf(demo_client),
            "name": "Erik Eingabe-Neu",
            "company": "Neue Firma GmbH",
            "birthday": "31.02.1980",
            "notes": "Lange Notiz, die nicht verloren gehen darf.",
            "language": "de",
            "cadence_days": "30",
        },
    )
    assert answer.status_code == 422
    html = answer.text
    assert 'value="31.02.1980"' in html and 'aria-invalid="true"' in html
    assert 'value="Erik Eingabe-Neu"' in html and 'value="Neue Firma GmbH"' in html
    assert "Lange Notiz, die nicht verloren gehen darf." in html
    # The message is German and sits right after the birthday field.
    field = html[html.index('id="edit-birthday"') :]
    assert field.index('id="error-birthday"') < field.index("</div>")
    assert "Kein Datum" in field[: field.index("</div>")]
    with _store(demo_client).read() as conn:
        person = people_repo.get(conn, pid)
    assert (person.name, person.company) == ("Erik Eingabe", None)  # nothing half-saved
