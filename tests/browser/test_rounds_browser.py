"""Real Chromium: an organiser uploads members, previews the round with reasons, saves it and
finds the download link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.test_pages_rounds import MEMBERS

pytestmark = pytest.mark.browser


def test_upload_preview_save(
    chromium_browser: Any, live_server: str, screenshot_dir: Path, tmp_path: Path
) -> None:
    members = tmp_path / "mitglieder.csv"
    members.write_text(MEMBERS, encoding="utf-8")
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/rounds")
    assert page.locator("h1").inner_text() == "Vorstellungsrunden"
    page.set_input_files("#members-file", str(members))
    page.fill("#round-community", "Alumni")
    page.fill("#round-name", "Mai")
    page.get_by_role("button", name="Runde ansehen").click()
    page.wait_for_load_state("load")
    assert page.locator("li.pair").count() == 2
    assert (
        "Anliegen von Anna Berg: „Hilfe bei der Steuererklärung“"
        in page.locator("#preview").inner_text()
    )
    page.screenshot(path=str(screenshot_dir / "rounds-preview-de.png"), full_page=True)

    page.get_by_role("button", name="Runde „Mai“ speichern").click()
    page.wait_for_load_state("load")
    assert "Runde gespeichert." in page.locator("p.flash").inner_text()
    link = page.locator("#past a", has_text="Paare (CSV)").first
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == "pairs-alumni-mai.csv"
    page.screenshot(path=str(screenshot_dir / "rounds-saved-de.png"), full_page=True)
    assert errors == []
    context.close()
