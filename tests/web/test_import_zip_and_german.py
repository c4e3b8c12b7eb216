"""The import page takes the LinkedIn ZIP and German exports and says how each file was read,
in the user's language (issue 13)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.ingest.test_linkedin_zip import _zip
from tests.web.conftest import csrf, import_files

SAMPLES = Path(__file__).parent.parent / "ingest" / "samples_de"


def test_zip_upload_imports_the_network_and_the_profile(
    demo_client: TestClient, realdata: Path, tmp_path: Path
) -> None:
    data = _zip(tmp_path, realdata).read_bytes()
    answer = import_files(
        demo_client,
        data={"csrf_token": csrf(demo_client)},
        files=[("files", ("Basic_LinkedInDataExport_12-03-2026.zip", data, "application/zip"))],
    )
    assert answer.status_code == 200
    assert "Basic_LinkedInDataExport_12-03-2026.zip/Connections.csv" in answer.text
    assert "LinkedIn profile" in answer.text  # the format by its name, not its key
    assert "Given018 Family018" in demo_client.get("/people?q=Family018").text


def test_german_outlook_upload_report_is_german(demo_client: TestClient) -> None:
    data = (SAMPLES / "outlook_de_komma_cp1252.csv").read_bytes()
    answer = import_files(
        demo_client,
        headers={"Accept-Language": "de-DE,de;q=0.9"},
        data={"csrf_token": csrf(demo_client)},
        files=[("files", ("Kontakte.csv", data, "text/csv"))],
    )
    assert answer.status_code == 200
    assert (
        "Kontakte.csv: Format Outlook-Kontakte-CSV, Kodierung Windows-1252, Trennzeichen Komma, "
        "deutsche Spaltennamen" in answer.text
    )
    assert "Anke Wei" in demo_client.get("/people?q=Anke").text


def test_person_page_shows_the_language_and_why_and_takes_a_change(
    demo_client: TestClient,
) -> None:
    data = (SAMPLES / "outlook_de_komma_cp1252.csv").read_bytes()
    token = csrf(demo_client)
    import_files(
        demo_client,
        data={"csrf_token": token},
        files=[("files", ("Kontakte.csv", data, "text/csv"))],
    )
    (anke,) = demo_client.get("/api/people?q=Anke%20Wei%C3%9F").json()["people"]
    page = demo_client.get(f"/people/{anke['id']}", headers={"Accept-Language": "de"}).text
    assert "Beim Import erschlossen aus: eigene Texte sind Deutsch" in page
    assert '<option value="de" selected>' in page
    demo_client.post(
        f"/people/{anke['id']}/edit",
        data={"csrf_token": token, "name": "Anke Weiß", "language": "en"},
    )
    page = demo_client.get(f"/people/{anke['id']}", headers={"Accept-Language": "de"}).text
    assert '<option value="en" selected>' in page and "von Hand gesetzt" in page
