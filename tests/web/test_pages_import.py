"""Import page in-process: upload real LinkedIn exports, the CLI-equivalent report, a file that
cannot be read, and the merge review queue (accept, reject, CSRF)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from altruist.ingest import merge
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from tests.web.conftest import csrf, import_files

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Given018 Family018\r\nN:Family018;Given018;;;\r\n"
    "ORG:Baran Management Consulting\r\nEMAIL:other018@example.invalid\r\n"
    "X-PET-NAME:Rex\r\nEND:VCARD\r\n"
)


def _figures(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">([\d.,]+)<', html)}


def _connections(realdata: Path) -> Path:
    return realdata / "linkedin-export-formats" / "2024-12_Connections_redacted.csv"


def test_upload_reports_like_the_cli_and_names_a_bad_file(
    demo_client: TestClient, realdata: Path
) -> None:
    token = csrf(demo_client)
    csv = _connections(realdata).read_bytes()
    answer = import_files(
        demo_client,
        data={"csrf_token": token},
        files=[
            ("files", ("Connections.csv", csv, "text/csv")),
            ("files", ("photo.csv", b"\x89PNG\x00\x00binary", "text/csv")),
        ],
    )
    assert answer.status_code == 200
    figures = _figures(answer.text)
    assert figures["added"] > 0 and figures["skipped"] == 0
    assert "photo.csv" in answer.text and "Not imported" in answer.text
    again = import_files(
        demo_client,
        data={"csrf_token": token},
        files=[("files", ("Connections.csv", csv, "text/csv"))],
    )
    second = _figures(again.text)
    assert second["added"] == 0 and second["unchanged"] == figures["added"]
    assert "Given018 Family018" in demo_client.get("/people?q=Family018").text


def test_upload_without_csrf_is_refused(demo_client: TestClient, realdata: Path) -> None:
    demo_client.get("/")
    refused = demo_client.post(
        "/import", files=[("files", ("c.csv", _connections(realdata).read_bytes(), "text/csv"))]
    )
    assert refused.status_code == 403
    assert demo_client.get("/api/people?q=Family018").json()["total"] == 0


def test_review_queue_accept_and_reject(demo_client: TestClient, realdata: Path) -> None:
    token = csrf(demo_client)
    import_files(
        demo_client,
        data={"csrf_token": token},
        files=[("files", ("Connections.csv", _connections(realdata).read_bytes(), "text/csv"))],
    )
    report = import_files(
        demo_client,
        data={"csrf_token": token},
        files=[("files", ("phone.vcf", VCARD.encode(), "text/vcard"))],
    )
    assert _figures(report.text)["review"] == 1
    page = demo_client.get("/import").text
    candidate = int(re.findall(r'data-candidate="(\d+)"', page)[0])
    assert demo_client.post(f"/import/review/{candidate}/accept").status_code == 403
    accepted = demo_client.post(
        f"/import/review/{candidate}/accept", data={"csrf_token": token}, follow_redirects=False
    )
    assert accepted.status_code == 303
    assert f'data-candidate="{candidate}"' not in demo_client.get("/import").text
    store = demo_client.app.state.store  # type: ignore[attr-defined]
    assert merge.open_candidates(store) == []
    # The merged person shows the vCard's unknown field with its provenance.
    people = demo_client.get("/api/people", params={"q": "Family018"}).json()["people"]
    assert len(people) == 1
    person = demo_client.get(f"/people/{people[0]['id']}").text
    assert "X-PET-NAME" in person and "Rex" in person and "phone.vcf" in person
    # Accepting twice is a clear conflict, not a crash.
    again = demo_client.post(f"/import/review/{candidate}/accept", data={"csrf_token": token})
    assert again.status_code == 409
    assert (
        demo_client.post("/import/review/999999/reject", data={"csrf_token": token}).status_code
        == 404
    )


def test_upload_derives_needs_and_offers_like_the_cli(demo_client: TestClient) -> None:
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Uma Upload\r\n"
        b"NOTE:Looking for a co-founder for a climate startup.\r\nEND:VCARD\r\n"
    )
    token = csrf(demo_client)
    answer = import_files(
        demo_client, data={"csrf_token": token}, files=[("files", ("uma.vcf", card, "text/vcard"))]
    )
    assert answer.status_code == 200
    store: Store = demo_client.app.state.engine.store  # type: ignore[attr-defined]
    with store.read() as conn:
        [uma] = [p for p in people_repo.all_people(conn) if p.name == "Uma Upload"]
        needs = [f.text for f in facets_repo.for_person(conn, uma.id or 0)]
    assert any("co-founder" in text for text in needs)
