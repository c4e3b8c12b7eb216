"""The Introductions page in-process: start, every step, decline, outcome, dismiss — plain forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from altruist.i18n import Translator, catalog_files
from tests.web.conftest import csrf


def _suggestion_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'id="suggestion-(\d+)"', html)]


def _state(html: str, iid: int) -> str:
    match = re.search(rf'id="intro-{iid}" data-state="(\w+)"', html)
    assert match, f"introduction {iid} not on the page"
    return match.group(1)


def _post(client: TestClient, url: str, **data: object) -> str:
    response = client.post(url, data={"csrf_token": csrf(client), **data}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_walk_an_introduction_through_the_page(demo_client: TestClient) -> None:
    page = demo_client.get("/introductions", headers={"accept-language": "en"})
    assert page.status_code == 200
    ids = _suggestion_ids(page.text)
    assert len(ids) >= 2
    location = _post(demo_client, "/introductions/start", suggestion_id=ids[0])
    iid = int(re.search(r"#intro-(\d+)", location).group(1))  # type: ignore[union-attr]
    page = demo_client.get("/introductions", headers={"accept-language": "en"})
    assert ids[0] not in _suggestion_ids(page.text)
    assert _state(page.text, iid) == "suggested"
    # The next draft with copy button and mailto link is on the page.
    assert f'data-copy="draft-{iid}"' in page.text
    assert re.search(r'href="mailto:[^"]*subject=', page.text)

    for step, state in (
        ("ask_first", "asked_first"),
        ("agreed", "first_agreed"),
        ("ask_second", "asked_second"),
        ("agreed", "both_agreed"),
        ("introduce", "introduced"),
    ):
        _post(demo_client, f"/introductions/{iid}/step", step=step)
        assert _state(demo_client.get("/introductions").text, iid) == state
    _post(demo_client, f"/introductions/{iid}/outcome", result="helped")
    assert _state(demo_client.get("/introductions").text, iid) == "helped"


def test_invalid_step_is_a_409_page(demo_client: TestClient) -> None:
    ids = _suggestion_ids(demo_client.get("/introductions").text)
    location = _post(demo_client, "/introductions/start", suggestion_id=ids[0])
    iid = int(re.search(r"#intro-(\d+)", location).group(1))  # type: ignore[union-attr]
    response = demo_client.post(
        f"/introductions/{iid}/step", data={"csrf_token": csrf(demo_client), "step": "introduce"}
    )
    assert response.status_code == 409
    assert "cannot introduce" in response.text


def test_decline_and_dismiss(demo_client: TestClient) -> None:
    ids = _suggestion_ids(demo_client.get("/introductions").text)
    location = _post(demo_client, "/introductions/start", suggestion_id=ids[0])
    iid = int(re.search(r"#intro-(\d+)", location).group(1))  # type: ignore[union-attr]
    _post(demo_client, f"/introductions/{iid}/step", step="ask_first")
    page = demo_client.get("/introductions").text
    person_id = re.search(
        rf'action="/introductions/{iid}/decline">\s*<input[^>]*>\s*<input type="hidden" name="person_id" value="(\d+)"',
        page,
    ).group(1)  # type: ignore[union-attr]
    _post(demo_client, f"/introductions/{iid}/decline", person_id=person_id)
    assert _state(demo_client.get("/introductions").text, iid) == "declined"

    _post(demo_client, "/introductions/dismiss", suggestion_id=ids[1])
    assert ids[1] not in _suggestion_ids(demo_client.get("/introductions").text)


def test_step_without_csrf_is_refused(demo_client: TestClient) -> None:
    ids = _suggestion_ids(demo_client.get("/introductions").text)
    refused = demo_client.post("/introductions/start", data={"suggestion_id": ids[0]})
    assert refused.status_code == 403
    assert ids[0] in _suggestion_ids(demo_client.get("/introductions").text)


def test_page_in_german_from_its_own_catalogue(demo_client: TestClient) -> None:
    page = demo_client.get("/introductions", headers={"accept-language": "de"}).text
    assert "<h1>Vorstellungen</h1>" in page  # from de.po
    assert "Vorgeschlagen" in page and "Vorstellung beginnen" in page  # from de_introductions.po


def test_catalogues_merge_and_the_main_file_wins() -> None:
    names = [p.name for p in catalog_files("de")]
    assert names[-1] == "de.po" and "de_introductions.po" in names
    german = Translator("de")
    assert german("Start introduction") == "Vorstellung beginnen"
    assert german("Done") == "Erledigt"  # de.po's word, not overridden by a page catalogue
    assert Translator("en")("Start introduction") == "Start introduction"
