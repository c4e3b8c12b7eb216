"""Real Chromium: walk an introduction through every step on the Introductions page and dismiss
another suggestion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_walk_an_introduction_and_dismiss_another(
    chromium_browser: Any, live_server: str, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1400})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/introductions")
    assert page.locator("h1").inner_text() == "Vorstellungen"
    suggestions = page.locator("li.intro-suggestion")
    assert suggestions.count() >= 2

    # Dismiss the second suggestion: it disappears and does not come back on reload.
    second_id = suggestions.nth(1).get_attribute("id")
    suggestions.nth(1).get_by_role("button", name="Verwerfen").click()
    page.wait_for_load_state("load")
    assert page.locator(f"#{second_id}").count() == 0

    page.locator("li.intro-suggestion").first.get_by_role(
        "button", name="Vorstellung beginnen"
    ).click()
    page.wait_for_load_state("load")
    intro = page.locator("#in-progress li.intro").first
    intro_id = intro.get_attribute("id")
    assert intro.get_attribute("data-state") == "suggested"
    # The draft: copy button (shown because JS and the clipboard work) and a mailto link.
    assert intro.locator("button.copy").is_visible()
    assert (intro.locator("a.mailto").get_attribute("href") or "").startswith("mailto:")
    intro.locator("button.copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == intro.locator("pre").inner_text()
    page.screenshot(path=str(screenshot_dir / "introductions-de.png"), full_page=True)

    for button_text, state in (
        ("gefragt", "asked_first"),
        ("hat zugesagt", "first_agreed"),
        ("gefragt", "asked_second"),
        ("hat zugesagt", "both_agreed"),
        ("Vorstellung verschickt", "introduced"),
        ("Hat geholfen", "helped"),
    ):
        item = page.locator(f"#{intro_id}")
        item.locator("button", has_text=button_text).first.click()
        page.wait_for_load_state("load")
        assert page.locator(f"#{intro_id}").get_attribute("data-state") == state
    assert page.locator(f"#done #{intro_id}").count() == 1
    page.screenshot(path=str(screenshot_dir / "introductions-done-de.png"), full_page=True)
    assert errors == []
    context.close()
