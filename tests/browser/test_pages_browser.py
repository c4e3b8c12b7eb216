"""Every page in real Chromium against a real server on loopback, in German and English, with
a screenshot of each; and the main flows: search people, switch language, upload a real LinkedIn
export and accept a merge, record "offered to help me" on a person."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "people": ("/people", {"de": "Kontakte", "en": "People"}),
    "person": ("/people/2", {"de": "Bedarf und Angebote", "en": "Needs and offers"}),
    "questions": (
        "/questions",
        {"de": "Fragen, die du beantworten kannst", "en": "Questions you can answer"},
    ),
    "groups": ("/groups", {"de": "Deine Gruppen", "en": "Your groups"}),
    "import": (
        "/import",
        {"de": "Kontakte und Verlauf importieren", "en": "Import contacts and history"},
    ),
    "settings": ("/settings", {"de": "Einstellungen", "en": "Settings"}),
    "map": ("/map", {"de": "Dein Netzwerk", "en": "Your network"}),
}
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Given018 Family018\r\nN:Family018;Given018;;;\r\n"
    "ORG:Baran Management Consulting\r\nEMAIL:other018@example.invalid\r\nEND:VCARD\r\n"
)


@pytest.fixture
def page_with_errors(chromium_browser: Any) -> Iterator[Any]:
    """A factory for pages that collect console errors and uncaught exceptions."""
    contexts: list[Any] = []

    def open_page(locale: str, width: int = 1200) -> tuple[Any, list[str]]:
        context = chromium_browser.new_context(
            locale=locale, viewport={"width": width, "height": 1000}
        )
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_loads_without_console_errors(
    page_with_errors: Any, live_server: str, screenshot_dir: Path, lang: str
) -> None:
    page, errors = page_with_errors("de-DE" if lang == "de" else "en-GB")
    for name, (path, heading) in PAGES.items():
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        assert heading[lang] in page.locator("h1, h2").all_inner_texts(), (path, lang)
        page.screenshot(path=str(screenshot_dir / f"{name}-{lang}.png"), full_page=True)
    assert errors == []


def test_pages_are_usable_at_phone_width(
    page_with_errors: Any, live_server: str, screenshot_dir: Path
) -> None:
    page, errors = page_with_errors("de-DE", width=390)
    for name in ("people", "person", "map"):
        page.goto(live_server + PAGES[name][0])
        # Nothing forces the page wider than the phone (tables scroll inside their wrapper).
        assert page.evaluate("document.documentElement.scrollWidth") <= 392, name
        page.screenshot(path=str(screenshot_dir / f"{name}-de-phone.png"), full_page=True)
    assert errors == []


def test_search_people_and_open_a_person(page_with_errors: Any, live_server: str) -> None:
    page, errors = page_with_errors("en-GB")
    page.goto(live_server + "/people")
    first_name = page.locator("table.people tbody tr a").first.inner_text()
    page.get_by_label("Search", exact=True).fill(first_name)
    page.keyboard.press("Enter")
    page.wait_for_url("**/people?q=*")
    rows = page.locator("table.people tbody tr")
    assert 1 <= rows.count() < 50
    rows.first.locator("a").first.click()
    page.wait_for_url("**/people/*")
    assert page.locator("h1").inner_text() == first_name
    assert errors == []


def test_switch_language_on_a_page(page_with_errors: Any, live_server: str) -> None:
    page, errors = page_with_errors("en-GB")
    page.goto(live_server + "/groups")
    assert page.locator("h1").inner_text() == "Your groups"
    page.get_by_label("Language", exact=True).select_option("de")  # app.js submits on change
    page.wait_for_function("document.querySelector('h1').innerText === 'Deine Gruppen'")
    assert page.url.endswith("/groups")
    page.goto(live_server + "/people")
    assert page.locator("h1").inner_text() == "Kontakte"
    assert errors == []


def test_upload_a_linkedin_export_and_accept_a_merge(
    page_with_errors: Any, live_server: str, realdata: Path, tmp_path: Path, screenshot_dir: Path
) -> None:
    connections = realdata / "linkedin-export-formats" / "2024-12_Connections_redacted.csv"
    vcard = tmp_path / "phone.vcf"
    vcard.write_text(VCARD, encoding="utf-8")
    page, errors = page_with_errors("de-DE")
    page.goto(live_server + "/import")
    page.get_by_label("Zu importierende Dateien").set_input_files([str(connections)])
    page.locator("form.upload button[type=submit]").click()
    page.wait_for_selector("#report")
    assert int(page.locator('[data-figure="added"]').inner_text().replace(".", "")) > 0
    page.get_by_label("Zu importierende Dateien").set_input_files([str(vcard)])
    page.locator("form.upload button[type=submit]").click()
    page.wait_for_selector("#report")
    assert page.locator('[data-figure="review"]').inner_text() == "1"
    page.screenshot(path=str(screenshot_dir / "import-review-de.png"), full_page=True)
    candidate = page.locator("li.candidate").first
    assert "Family018" in candidate.inner_text()
    candidate.get_by_role("button", name="Zusammenführen").click()
    page.wait_for_selector("p.flash")
    assert page.locator("li.candidate").count() == 0
    page.goto(live_server + "/people?q=Family018")
    assert page.locator("table.people tbody tr").count() == 1
    assert errors == []


def test_record_offered_to_help_on_a_person(
    page_with_errors: Any, live_server: str, screenshot_dir: Path
) -> None:
    page, errors = page_with_errors("en-GB")
    page.goto(live_server + "/people/3")
    page.get_by_label("Note (optional)").fill("said to keep eyes open for data roles")
    page.get_by_role("button", name="They offered to help me").click()
    page.wait_for_selector("p.flash")
    ledger = page.locator("#ledger ul.ledger").inner_text()
    assert "offered to help me" in ledger and "keep eyes open" in ledger
    page.screenshot(path=str(screenshot_dir / "person-ledger-en.png"), full_page=True)
    assert errors == []
