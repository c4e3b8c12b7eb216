"""Settings page, calendar feed and backup/restore in-process."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from altruist.engine.care import cadence, my_needs
from altruist.export import feed_token
from altruist.export.archive import export_archive, restore_archive
from altruist.store import Store, open_store, settings_repo
from altruist.store import people as people_repo
from tests.web.conftest import csrf


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def test_profile_needs_and_tiers_are_saved(demo_client: TestClient) -> None:
    token = csrf(demo_client)
    demo_client.post(
        "/settings/profile", data={"csrf_token": token, "expertise": "PostgreSQL, Airflow"}
    )
    demo_client.post(
        "/settings/needs",
        data={"csrf_token": token, "roles": "Data Engineer; ML Engineer", "regions": "Berlin"},
    )
    demo_client.post(
        "/settings/tiers", data={"csrf_token": token, "tiers": "close = 14\nwide: 200"}
    )
    with _store(demo_client).read() as conn:
        assert settings_repo.get(conn, "my_expertise") == "PostgreSQL, Airflow"
        need = my_needs.get_job_search(conn)
        assert need is not None and need.roles == ["Data Engineer", "ML Engineer"]
        assert cadence.load_prefs(conn).tiers == {"close": 14, "wide": 200}
    page = demo_client.get("/settings").text
    assert "PostgreSQL, Airflow" in page and "Data Engineer, ML Engineer" in page
    bad = demo_client.post("/settings/tiers", data={"csrf_token": token, "tiers": "close = soon"})
    assert bad.status_code == 400 and "Line 1" in bad.text
    demo_client.post("/settings/needs", data={"csrf_token": token, "action": "clear"})
    with _store(demo_client).read() as conn:
        assert my_needs.get_job_search(conn) is None


def test_time_zone_is_validated_and_applied(demo_client: TestClient) -> None:
    token = csrf(demo_client)
    assert (
        demo_client.post(
            "/settings/timezone", data={"csrf_token": token, "timezone": "Mars/Olympus"}
        ).status_code
        == 400
    )
    demo_client.post("/settings/timezone", data={"csrf_token": token, "timezone": "Asia/Tokyo"})
    assert demo_client.app.state.settings.timezone == "Asia/Tokyo"  # type: ignore[attr-defined]
    assert 'value="Asia/Tokyo"' in demo_client.get("/settings").text


def test_calendar_feed_needs_the_secret_token(demo_client: TestClient) -> None:
    token = csrf(demo_client)
    assert "/calendar/" not in demo_client.get("/settings").text
    demo_client.post("/settings/feed", data={"csrf_token": token, "action": "rotate"})
    with _store(demo_client).read() as conn:
        secret = feed_token.current(conn)
    assert secret and f"/calendar/{secret}.ics" in demo_client.get("/settings").text
    feed = demo_client.get(f"/calendar/{secret}.ics")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.content.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in feed.content
    assert demo_client.get(f"/calendar/{secret[:-1]}x.ics").status_code == 404
    demo_client.post("/settings/feed", data={"csrf_token": token, "action": "revoke"})
    assert demo_client.get(f"/calendar/{secret}.ics").status_code == 404


def test_settings_forms_need_csrf(demo_client: TestClient) -> None:
    demo_client.get("/")
    for path, data in (
        ("/settings/profile", {"expertise": "x"}),
        ("/settings/needs", {"roles": "x"}),
        ("/settings/tiers", {"tiers": "a = 1"}),
        ("/settings/timezone", {"timezone": "UTC"}),
        ("/settings/feed", {"action": "rotate"}),
    ):
        assert demo_client.post(path, data=data).status_code == 403, path
    refused = demo_client.post(
        "/settings/restore", data={"confirm": "yes"}, files={"backup": ("b.json", b"{}")}
    )
    assert refused.status_code == 403


def test_backup_download_and_restore_round_trip(demo_client: TestClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    download = demo_client.get("/settings/export.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    document = download.json()
    names = {p["name"] for p in document["tables"]["people"]}
    assert len(names) > 100
    # Restore into a fresh store gives back exactly the same content.
    other = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        counts = restore_archive(other, json.loads(json.dumps(document)))
        assert counts["people"] == len(document["tables"]["people"])
        again = export_archive(other)
        assert again["tables"] == document["tables"]
    finally:
        other.dispose()
    # Restoring through the page replaces a change made after the backup.
    with _store(demo_client).transaction() as conn:
        people_repo.update_fields(conn, 2, name="Changed After Backup")
    token = csrf(demo_client)
    unconfirmed = demo_client.post(
        "/settings/restore",
        data={"csrf_token": token},
        files={"backup": ("b.json", download.content, "application/json")},
    )
    assert unconfirmed.status_code == 400
    demo_client.post(
        "/settings/restore",
        data={"csrf_token": token, "confirm": "yes"},
        files={"backup": ("b.json", download.content, "application/json")},
    )
    with _store(demo_client).read() as conn:
        assert people_repo.get(conn, 2).name != "Changed After Backup"
    broken = demo_client.post(
        "/settings/restore",
        data={"csrf_token": token, "confirm": "yes"},
        files={"backup": ("b.json", b'{"format": "something else"}', "application/json")},
    )
    assert broken.status_code == 400 and "not an altruist backup" in broken.text


def test_contacts_download_as_vcard_and_as_csv_for_german_excel(demo_client: TestClient) -> None:
    card = demo_client.get("/settings/contacts.vcf")
    assert card.status_code == 200 and card.headers["content-type"].startswith("text/vcard")
    assert "attachment" in card.headers["content-disposition"]
    assert card.text.count("BEGIN:VCARD") == card.text.count("END:VCARD") >= 100
    german = demo_client.get("/settings/contacts.csv", headers={"accept-language": "de-DE"})
    assert german.status_code == 200
    assert german.content.startswith("\ufeff".encode()) and b'"Name";"First Name"' in german.content
    demo_client.cookies.set("altruist_lang", "en")
    english = demo_client.get("/settings/contacts.csv", headers={"accept-language": "en-GB"})
    assert english.content.startswith(b'"Name","First Name"')
    demo_client.cookies.set("altruist_lang", "de")
    page = demo_client.get("/settings", headers={"accept-language": "de-DE"})
    assert "Kontakte als vCard" in page.text
