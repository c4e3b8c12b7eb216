"""A need's visibility on the person page: a typed-in job search starts private, and the user can
switch it (issue 15)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from altruist.domain import Person, Visibility
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from tests.web.conftest import csrf
from tests.web.test_pages_people import _store


def test_a_stated_job_search_is_private_and_can_be_made_shareable(demo_client: TestClient) -> None:
    with _store(demo_client).transaction() as conn:
        pid = people_repo.add(conn, Person("Wiltrud Wagner")).id or 0
    token = csrf(demo_client)
    for kind, text in (
        ("need", "sucht eine neue Stelle als Data Engineer"),
        ("offer", "hilft gern bei Fragen zu Airflow"),
    ):
        demo_client.post(
            f"/people/{pid}/facets", data={"csrf_token": token, "kind": kind, "text": text}
        )
    with _store(demo_client).read() as conn:
        facets = {f.text: f for f in facets_repo.for_person(conn, pid)}
    job = facets["sucht eine neue Stelle als Data Engineer"]
    assert job.visibility is Visibility.PRIVATE
    assert facets["hilft gern bei Fragen zu Airflow"].visibility is Visibility.SHAREABLE
    page = demo_client.get(f"/people/{pid}").text
    assert "Make shareable" in page or "Teilbar machen" in page
    demo_client.post(
        f"/people/{pid}/facets/{job.id}/visibility",
        data={"csrf_token": token, "visibility": "shareable"},
    )
    bad = demo_client.post(
        f"/people/{pid}/facets/{job.id}/visibility",
        data={"csrf_token": token, "visibility": "everyone"},
    )
    assert bad.status_code in (400, 422)
    with _store(demo_client).read() as conn:
        assert facets_repo.get(conn, job.id or 0).visibility is Visibility.SHAREABLE
