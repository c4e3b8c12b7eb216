"""A web import in real Chromium runs in the background (issue 19): the upload comes back at once
with a progress page that names the file, the rows read and the step, updates by itself, and turns
into the report when the import is done; another tab is answered meanwhile. The import is held
after its first 500 rows, so the test sees the progress without depending on timing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from altruist.ingest import importer
from altruist.web.pages import import_page

pytestmark = pytest.mark.browser

ROWS = 1_200
HOLD_SECONDS = 60  # the longest the held import waits if the test fails before releasing it


def _csv(path: Path) -> Path:
    rows = "".join(f"Vorname{i},Nachname{i},p{i}@example.org\n" for i in range(ROWS))
    path.write_text("First Name,Last Name,E-mail Address\n" + rows, encoding="utf-8")
    return path


def test_upload_shows_progress_then_the_report(
    chromium_browser: Any,
    live_server: str,
    tmp_path: Path,
    screenshot_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started, release = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        tick = kwargs["progress"]

        def hold_after_first(done: int, total: int) -> None:
            tick(done, total)
            if not started.is_set():
                started.set()
                release.wait(HOLD_SECONDS)

        return importer.import_bytes(*args, **(kwargs | {"progress": hold_after_first}))

    monkeypatch.setattr(import_page, "import_bytes", held)
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(live_server + "/import")
        page.get_by_label("Zu importierende Dateien").set_input_files(
            [str(_csv(tmp_path / "kontakte.csv"))]
        )
        page.locator("form.upload button[type=submit]").click()
        assert started.wait(HOLD_SECONDS)
        # The page came back before the first rows were read; it updates itself until they show.
        page.locator("#progress .progress", has_text="500 von 1.200 Zeilen").wait_for(
            timeout=30_000
        )
        status = page.locator("#progress .progress").inner_text()
        assert "kontakte.csv" in status and "500 von 1.200 Zeilen" in status, status
        assert "Schritt 1 von 2" in status
        assert page.locator("#progress progress").get_attribute("value") == "1"
        page.screenshot(path=str(screenshot_dir / "import-progress-de.png"), full_page=True)

        # Other pages answer while the import is held, and the JSON says the same.
        other = context.new_page()
        other.goto(live_server + "/people")
        assert other.locator("h1").inner_text() == "Kontakte"
        state = other.request.get(live_server + "/api/import").json()
        assert state["running"] and state["file"] == "kontakte.csv" and state["rows"] == 500

        release.set()
        page.wait_for_selector("#report", timeout=60_000)  # the page reloads itself
        assert page.locator('[data-figure="added"]').inner_text() == "1.200"
        assert page.locator("#progress").count() == 0
        page.screenshot(path=str(screenshot_dir / "import-report-de.png"), full_page=True)
        assert errors == []
    finally:
        release.set()
        context.close()
