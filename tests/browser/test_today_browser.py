from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_mark_a_good_deed_done_in_chromium(
    chromium_browser: Any, live_server: str, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/")
    assert page.locator("h1").inner_text() == "Gute Taten für heute"
    deeds = page.locator("li.deed")
    assert deeds.count() >= 5
    page.screenshot(path=str(screenshot_dir / "today-de.png"), full_page=True)
    first = deeds.first
    first_id = first.get_attribute("id")
    first.get_by_role("button", name="Erledigt").click()
    page.wait_for_load_state("load")
    assert page.locator("p.flash").is_visible()
    page.reload()
    assert page.locator(f"#{first_id}").count() == 0
    assert errors == []
    context.close()


def test_today_in_english_at_phone_width(
    chromium_browser: Any, live_server: str, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="en-GB", viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/")
    assert page.locator("h1").inner_text() == "Good deeds for today"
    page.screenshot(path=str(screenshot_dir / "today-en-phone.png"), full_page=True)
    # Keyboard: the skip link is the first focusable element.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    context.close()


def test_mark_a_birthday_done_records_the_greeting(chromium_browser: Any, live_server: str) -> None:
    """Issue 6: a birthday marked done on Today appears as a congratulation in the person's ledger."""
    context = chromium_browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server + "/?limit=20")
    birthday = page.locator("li.deed.kind-birthday").first
    assert birthday.count() == 1, "the demo at the fixed date has a birthday coming up"
    title = birthday.locator("h2").inner_text()
    person_href = birthday.locator("a.person-link").first.get_attribute("href")
    birthday.get_by_role("button", name="Done").click()
    page.wait_for_selector("p.flash")
    assert title not in page.locator("ol.deeds").inner_text()
    page.goto(live_server + str(person_href))
    ledger = page.locator("#ledger").inner_text().lower()
    assert "congratulat" in ledger
    context.close()
