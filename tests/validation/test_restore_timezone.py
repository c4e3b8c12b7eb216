"""A restored backup's time zone applies at once, without restarting the app (issue 19)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from altruist.store import Store
from tests.web.conftest import csrf


def test_restored_time_zone_takes_effect_without_restart(demo_client: TestClient) -> None:
    token = csrf(demo_client)
    demo_client.post("/settings/timezone", data={"csrf_token": token, "timezone": "Asia/Tokyo"})
    backup = demo_client.get("/settings/export.json").content
    demo_client.post(
        "/settings/timezone", data={"csrf_token": token, "timezone": "America/New_York"}
    )
    app = demo_client.app
    assert app.state.engine.timezone == "America/New_York"  # type: ignore[attr-defined]
    restored = demo_client.post(
        "/settings/restore",
        data={"csrf_token": token, "confirm": "yes"},
        files={"backup": ("b.json", backup, "application/json")},
        follow_redirects=False,
    )
    assert restored.status_code == 303
    assert app.state.engine.timezone == "Asia/Tokyo"  # type: ignore[attr-defined]
    assert app.state.settings.timezone == "Asia/Tokyo"  # type: ignore[attr-defined]


def test_restore_without_a_time_zone_falls_back_to_the_configured_one(
    demo_client: TestClient, sqlite_store: Store
) -> None:
    token = csrf(demo_client)
    backup = demo_client.get("/settings/export.json").content  # demo data sets no time zone
    demo_client.post("/settings/timezone", data={"csrf_token": token, "timezone": "Asia/Tokyo"})
    demo_client.post(
        "/settings/restore",
        data={"csrf_token": token, "confirm": "yes"},
        files={"backup": ("b.json", backup, "application/json")},
    )
    assert demo_client.app.state.engine.timezone == "Europe/Berlin"  # type: ignore[attr-defined]
