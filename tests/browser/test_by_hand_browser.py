"""By hand in real Chromium (issue 16): add a contact (a mistake shown beside its field first),
log a call, set a monthly reminder that appears on Today and comes back after "Erledigt",
record a relation, delete the contact after reading what goes with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_a_contact_by_hand_from_new_to_deleted(
    chromium_browser: Any, live_server: str, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server + "/people")
    other = page.locator("table a[href^='/people/']").first.inner_text()
    page.get_by_role("link", name="Neuer Kontakt").click()
    page.get_by_label("Name", exact=True).fill("Greta Sommer")
    page.get_by_label("E-Mail").fill("greta@")
    page.get_by_role("button", name="Kontakt hinzufügen").click()
    email = page.locator("#new-email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "Keine E-Mail-Adresse" in page.locator("#error-email").inner_text()
    assert page.get_by_label("Name", exact=True).input_value() == "Greta Sommer"
    email.fill("greta.sommer@example.org")
    page.get_by_role("button", name="Kontakt hinzufügen").click()
    assert page.locator("h1").inner_text() == "Greta Sommer"
    assert page.locator("p.flash").inner_text() == "Kontakt hinzugefügt."
    person_url = page.url.split("?")[0]

    page.locator("#log-kind").select_option("call")
    page.locator("#log-direction").select_option("out")
    page.locator("#log-note").fill("Über ihren Umzug nach Leipzig gesprochen")
    page.get_by_role("button", name="Festhalten").click()
    timeline = page.locator("#timeline")
    assert "Über ihren Umzug nach Leipzig gesprochen" in timeline.inner_text()
    assert "Anruf" in (timeline.text_content() or "")  # badges are upper case by CSS

    # The live server's clock stands on 26.11.2026.
    page.locator("#reminder-text").fill("Nach der neuen Wohnung fragen")
    page.locator("#reminder-date").fill("26.11.2026")
    page.locator("#reminder-every").fill("1")
    page.locator("#reminder-unit").select_option("months")
    page.get_by_role("button", name="Erinnerung setzen").click()
    assert "monatlich" in (page.locator("#reminders").text_content() or "")

    page.locator("#relation-other").fill(other)
    page.locator("#relation-kind").select_option("family")
    page.get_by_role("button", name="Beziehung hinzufügen").click()
    relations = page.locator("#relations").text_content() or ""
    assert other in relations and "Familie" in relations
    page.screenshot(path=str(screenshot_dir / "person-by-hand-de.png"), full_page=True)

    page.goto(live_server + "/")
    deed = page.locator("li.deed", has_text="Greta Sommer: Nach der neuen Wohnung fragen")
    assert deed.count() == 1
    assert "Erinnerung" in (deed.locator(".badge").first.text_content() or "")
    page.screenshot(path=str(screenshot_dir / "today-reminder-de.png"), full_page=True)
    deed.get_by_role("button", name="Erledigt").click()
    page.wait_for_load_state("load")
    assert page.locator("li.deed", has_text="Nach der neuen Wohnung fragen").count() == 0

    page.goto(person_url)
    assert "26.12.2026" in page.locator("#reminders").inner_text(), "next month's occurrence"
    counts = page.locator("#delete-counts").inner_text()
    assert "Einträge im Verlauf: 2" in counts and "Erinnerungen: 1" in counts
    page.locator("#delete-confirm").check()
    page.get_by_role("button", name="Kontakt löschen").click()
    assert "Greta Sommer wurde gelöscht" in page.locator("p.flash").inner_text()
    assert errors == []
    context.close()
