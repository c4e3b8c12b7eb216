"""People list and Person page in-process: search, filters, pagination, edits, ledger, delete,
CSRF on every form, and escaping of hostile imported values."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from altruist.domain import (
    Facet,
    FacetKind,
    Identity,
    IdentityKind,
    LedgerKind,
    Person,
    SuggestionState,
)
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo
from altruist.store import suggestions as suggestions_repo
from tests.web.conftest import csrf

OPEN = [SuggestionState.NEW, SuggestionState.SHOWN]


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def _person_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'href="/people/(\d+)"', html)]


def _add(client: TestClient, person: Person) -> int:
    with _store(client).transaction() as conn:
        return people_repo.add(conn, person).id or 0


def test_search_finds_by_words_and_filters(demo_client: TestClient) -> None:
    pid = _add(
        demo_client,
        Person("Zora Quellmalz", company="Lindwurm Analytics", city="Görlitz", tags=["gärtnern"]),
    )
    assert _person_ids(demo_client.get("/people", params={"q": "quellmalz lindwurm"}).text) == [pid]
    assert _person_ids(demo_client.get("/people", params={"q": "quellmalz hamburg"}).text) == []
    assert pid in _person_ids(demo_client.get("/people", params={"company": "lindwurm"}).text)
    assert pid in _person_ids(demo_client.get("/people", params={"city": "görlitz"}).text)
    assert pid in _person_ids(demo_client.get("/people", params={"tag": "Gärtnern"}).text)
    assert pid not in _person_ids(demo_client.get("/people", params={"tag": "gärt"}).text)


def test_need_offer_and_not_contacted_filters(demo_client: TestClient) -> None:
    pid = _add(demo_client, Person("Ulla Wendehals"))
    with _store(demo_client).transaction() as conn:
        facets_repo.add(conn, Facet(pid, FacetKind.NEED, "sucht Hilfe mit Kubernetes-Operatoren"))
    assert pid in _person_ids(demo_client.get("/people", params={"facet": "kubernetes-op"}).text)
    # Never contacted: appears for any date; after a ledger entry today it no longer does.
    assert pid in _person_ids(demo_client.get("/people?since=2026-11-01&q=wendehals").text)
    token = csrf(demo_client)
    demo_client.post(f"/people/{pid}/ledger", data={"action": "gave:tip", "csrf_token": token})
    assert pid not in _person_ids(demo_client.get("/people?since=2026-11-01&q=wendehals").text)
    assert pid in _person_ids(demo_client.get("/people?since=2026-11-27&q=wendehals").text)


def test_people_list_paginates(demo_client: TestClient) -> None:
    first = demo_client.get("/people").text
    assert 'rel="next"' in first
    second = demo_client.get("/people?page=2").text
    assert set(_person_ids(first)).isdisjoint(_person_ids(second))
    api = demo_client.get("/api/people", params={"size": 10, "page": 2}).json()
    assert api["page"] == 2 and len(api["people"]) == 10 and api["total"] > 100
    beyond = demo_client.get("/api/people", params={"size": 10, "page": 999}).json()
    assert beyond["page"] == beyond["pages"]


def test_person_api_and_openapi(demo_client: TestClient) -> None:
    pid = demo_client.get("/api/people?q=a&size=1").json()["people"][0]["id"]
    detail = demo_client.get(f"/api/people/{pid}").json()
    assert detail["id"] == pid and "identities" in detail and "unknown_fields" in detail
    assert demo_client.get("/api/people/999999").status_code == 404
    paths = demo_client.get("/api/openapi.json").json()["paths"]
    assert "/api/people" in paths and "/api/people/{person_id}" in paths


def test_hostile_contact_is_escaped_and_javascript_url_is_not_a_link(
    demo_client: TestClient,
) -> None:
    pid = _add(demo_client, Person("<script>alert(1)</script>", company="<b>Evil</b>"))
    with _store(demo_client).transaction() as conn:
        people_repo.add_identity(
            conn, Identity(pid, IdentityKind.URL, "javascript:alert(1)", source="evil.vcf")
        )
        people_repo.add_identity(
            conn, Identity(pid, IdentityKind.LINKEDIN, "https://www.linkedin.com/in/ok")
        )
    for html in (
        demo_client.get(f"/people/{pid}").text,
        demo_client.get("/people", params={"q": "script"}).text,
    ):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>Evil</b>" not in html
    page = demo_client.get(f"/people/{pid}").text
    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page  # shown as text
    assert 'href="https://www.linkedin.com/in/ok"' in page


def test_edit_core_fields_and_facets_user_edit_wins(demo_client: TestClient) -> None:
    pid = _add(demo_client, Person("Berta Hinz"))
    with _store(demo_client).transaction() as conn:
        derived = facets_repo.add(
            conn, Facet(pid, FacetKind.OFFER, "Excel", confidence=0.4, source="position")
        )
    token = csrf(demo_client)
    saved = demo_client.post(
        f"/people/{pid}/edit",
        data={
            "csrf_token": token,
            "name": "Berta Hinz-Kunz",
            "company": "Kunz & Söhne",
            "city": "Kassel",
            "birthday": "--02-29",
            "language": "de",
            "tags": "garten, python",
            "cadence_days": "45",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    demo_client.post(
        f"/people/{pid}/facets/{derived.id}/edit", data={"csrf_token": token, "text": "Power BI"}
    )
    demo_client.post(
        f"/people/{pid}/facets",
        data={"csrf_token": token, "kind": "need", "text": "sucht Mitgründerin"},
    )
    with _store(demo_client).read() as conn:
        person = people_repo.get(conn, pid)
        facets = facets_repo.for_person(conn, pid)
    assert (person.name, person.company, person.city) == (
        "Berta Hinz-Kunz",
        "Kunz & Söhne",
        "Kassel",
    )
    assert person.birthday is not None and person.birthday.iso() == "--02-29"
    assert person.tags == ["garten", "python"] and person.cadence_days == 45
    assert [(f.text, f.edited) for f in facets] == [
        ("Power BI", True),
        ("sucht Mitgründerin", True),
    ]
    # Derived re-computation must not undo the user's edits.
    with _store(demo_client).transaction() as conn:
        facets_repo.replace_derived(conn, pid, [])
        assert len(facets_repo.for_person(conn, pid)) == 2
    removed = demo_client.post(
        f"/people/{pid}/facets/{facets[1].id}/delete", data={"csrf_token": token}
    )
    assert removed.status_code == 200
    with _store(demo_client).read() as conn:
        assert [f.text for f in facets_repo.for_person(conn, pid)] == ["Power BI"]


def test_bad_birthday_is_a_clear_error(demo_client: TestClient) -> None:
    pid = _add(demo_client, Person("Carl Datum"))
    answer = demo_client.post(
        f"/people/{pid}/edit",
        data={"csrf_token": csrf(demo_client), "name": "Carl Datum", "birthday": "soon"},
    )
    assert answer.status_code == 422 and 'value="soon"' in answer.text


def test_facet_of_another_person_cannot_be_edited(demo_client: TestClient) -> None:
    a, b = _add(demo_client, Person("A Eins")), _add(demo_client, Person("B Zwei"))
    with _store(demo_client).transaction() as conn:
        facet = facets_repo.add(conn, Facet(b, FacetKind.NEED, "original"))
    answer = demo_client.post(
        f"/people/{a}/facets/{facet.id}/edit", data={"csrf_token": csrf(demo_client), "text": "x"}
    )
    assert answer.status_code == 404
    with _store(demo_client).read() as conn:
        assert facets_repo.for_person(conn, b)[0].text == "original"


def test_ledger_quick_actions(demo_client: TestClient) -> None:
    pid = _add(demo_client, Person("Dora Geber"))
    token = csrf(demo_client)
    for action in ("gave:introduction", "received:offered_help"):
        demo_client.post(
            f"/people/{pid}/ledger", data={"csrf_token": token, "action": action, "note": "Kaffee"}
        )
    bad = demo_client.post(
        f"/people/{pid}/ledger", data={"csrf_token": token, "action": "received:answer"}
    )
    assert bad.status_code == 400
    with _store(demo_client).read() as conn:
        kinds = sorted(str(e.kind) for e in ledger_repo.entries(conn, pid))
    assert kinds == [LedgerKind.INTRODUCTION, LedgerKind.OFFERED_HELP]
    page = demo_client.get(f"/people/{pid}").text
    assert "offered to help me" in page and "Kaffee" in page


def test_delete_person_everywhere(demo_client: TestClient) -> None:
    with _store(demo_client).read() as conn:
        named = [s for s in suggestions_repo.with_state(conn, OPEN) if s.person_ids]
    pid = named[0].person_ids[0]
    token = csrf(demo_client)
    refused = demo_client.post(f"/people/{pid}/delete", data={"csrf_token": token})
    assert refused.status_code == 400
    gone = demo_client.post(
        f"/people/{pid}/delete",
        data={"csrf_token": token, "confirm": "yes"},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert demo_client.get(f"/people/{pid}").status_code == 404
    with _store(demo_client).read() as conn:
        left = suggestions_repo.with_state(conn, list(SuggestionState))
    assert all(pid not in s.person_ids for s in left)


def test_every_person_form_needs_the_csrf_token(demo_client: TestClient) -> None:
    pid = _add(demo_client, Person("Ernst Schutz"))
    for path, data in (
        (f"/people/{pid}/edit", {"name": "Hacked"}),
        (f"/people/{pid}/facets", {"kind": "need", "text": "x"}),
        (f"/people/{pid}/ledger", {"action": "gave:tip"}),
        (f"/people/{pid}/merge", {"other_id": "1"}),
        (f"/people/{pid}/delete", {"confirm": "yes"}),
        ("/merges/1/undo", {}),
    ):
        assert demo_client.post(path, data=data).status_code == 403, path
    with _store(demo_client).read() as conn:
        assert people_repo.get(conn, pid).name == "Ernst Schutz"


def test_merge_and_unmerge_from_the_person_page(demo_client: TestClient) -> None:
    kept = _add(demo_client, Person("Frieda Doppel", company="Zwilling AG"))
    other = _add(demo_client, Person("Frieda Doppel", city="Bonn"))
    token = csrf(demo_client)
    demo_client.post(f"/people/{kept}/merge", data={"csrf_token": token, "other_id": str(other)})
    assert other not in _person_ids(demo_client.get("/people?q=doppel").text)
    page = demo_client.get(f"/people/{kept}").text
    assert "Bonn" in page
    merge_id = re.search(r'action="/merges/(\d+)/undo"', page)
    assert merge_id
    demo_client.post(f"/merges/{merge_id.group(1)}/undo", data={"csrf_token": token})
    assert other in _person_ids(demo_client.get("/people?q=doppel").text)


def test_empty_fields_of_the_filter_form_are_ignored(demo_client: TestClient) -> None:
    # A browser submits every field of the GET form, the unused date as "since=".
    page = demo_client.get("/people?q=a&tag=&company=&city=&facet=&since=")
    assert page.status_code == 200 and _person_ids(page.text)
    assert demo_client.get("/people?since=tomorrow").status_code == 400
