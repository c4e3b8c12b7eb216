"""Onboarding in real Chromium (issue 16): a new database asks who the user is, in German; the
answers land on the user's own card and in Settings; the demo's Settings button removes it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from altruist.clock import Clock
from altruist.domain import FacetKind, Visibility
from altruist.store import Store, demo_rows
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from tests.browser.conftest import serve


@pytest.fixture
def empty_server(sqlite_store: Store, clock: Clock) -> Iterator[str]:
    yield from serve(sqlite_store, clock)


def test_first_start_asks_who_i_am_in_german(
    chromium_browser: Any, empty_server: str, sqlite_store: Store, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1000, "height": 1300})
    page = context.new_page()
    page.goto(empty_server + "/")
    assert page.url.endswith("/welcome")
    assert page.locator("h1").inner_text() == "Willkommen bei altruist"
    page.fill("#me-name", "Jana Beispiel")
    page.fill("#me-emails", "jana@beispiel.test\nkein-adresse")
    page.fill("#me-seek", "eine Stelle als Product Owner in Leipzig")
    page.fill("#me-offer", "Scrum, Moderation, Jira-Automatisierung")
    page.click("#welcome button[type=submit]")
    # A typo is named in German and nothing typed is lost.
    assert "„kein-adresse“ ist keine E-Mail-Adresse." in page.locator("[role=alert]").inner_text()
    assert page.input_value("#me-name") == "Jana Beispiel"
    assert page.input_value("#me-seek") == "eine Stelle als Product Owner in Leipzig"
    page.fill("#me-emails", "jana@beispiel.test\njana.b@work.test")
    page.locator("[role=alert]").evaluate("node => node.remove()")  # a clean picture for README
    page.screenshot(path=str(screenshot_dir / "onboarding-welcome-de.png"), full_page=True)
    page.click("#welcome button[type=submit]")
    assert page.url.endswith("/import"), "starting empty leads to the import"
    with sqlite_store.read() as conn:
        me = people_repo.me(conn)
        assert me is not None and me.given_name == "Jana" and me.family_name == "Beispiel"
        need = next(f for f in facets_repo.for_person(conn, me.id or 0) if f.kind is FacetKind.NEED)
        assert need.visibility is Visibility.PRIVATE
        assert not demo_rows.has_demo(conn)

    page.goto(empty_server + "/settings#me")
    assert page.input_value("#my-name") == "Jana Beispiel"
    assert page.input_value("#my-emails").split() == ["jana@beispiel.test", "jana.b@work.test"]
    page.fill("#my-name", "Jana Muster")
    page.fill("#my-emails", "jana@muster.test")
    page.click("#me button[type=submit]")
    assert "Dein Name und deine Adressen sind gespeichert." in page.content()
    assert "In dieser Datenbank sind keine Demo-Daten." in page.content()
    page.goto(empty_server + "/welcome")
    assert not page.url.endswith("/welcome"), "set up once, the question does not come back"
    context.close()
    with sqlite_store.read() as conn:
        me = people_repo.me(conn)
        assert me is not None and me.name == "Jana Muster"
        emails = [i.value for i in people_repo.identities_of(conn, me.id or 0)]
    assert emails == ["jana@muster.test"]


def test_settings_button_removes_the_demo(
    chromium_browser: Any, live_server: str, sqlite_store: Store, screenshot_dir: Path
) -> None:
    context = chromium_browser.new_context(locale="de-DE", viewport={"width": 1000, "height": 1300})
    page = context.new_page()
    page.goto(live_server + "/settings#demo")
    assert "Das ist noch die Person aus der Demo." in page.content()
    page.check("#demo-confirm")
    page.click("#demo button[type=submit]")
    status = page.locator("#demo [role=status]")
    text = status.text_content() or ""
    assert "Demo-Einträge" in text and "Personen: 121" in text, text
    page.screenshot(path=str(screenshot_dir / "onboarding-demo-removed-de.png"), full_page=True)
    with sqlite_store.read() as conn:
        assert not demo_rows.has_demo(conn) and people_repo.me(conn) is None
    page.goto(live_server + "/")
    assert page.url.endswith("/welcome"), "without the demo's user the first-start question returns"
    context.close()


def test_starting_with_the_demo_shows_progress_then_the_deeds(
    chromium_browser: Any, empty_server: str, sqlite_store: Store
) -> None:
    """The demo is built in the background: the form answers at once and Today names the step
    it waits for, then shows the demo's deeds around the user's own card."""
    context = chromium_browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(empty_server + "/welcome")
    page.fill("#me-name", "Jana Beispiel")
    page.check("input[name=start][value=demo]")
    page.click("#welcome button[type=submit]")
    assert page.url == empty_server + "/"
    # Answered before the demo is built: either the page names the step it waits for, or the
    # job is already over.
    status = page.request.get(empty_server + "/api/refresh").json()
    if status["running"]:
        assert "das Demo-Netzwerk wird aufgebaut" in page.content()
    for _ in range(600):  # the page reloads every 3 s while the job runs
        status = page.request.get(empty_server + "/api/refresh").json()
        if not status["running"]:
            break
        time.sleep(0.5)
    assert status["error"] is None
    page.goto(empty_server + "/")
    assert page.locator("li.deed").count() > 0, "the demo brings deeds"
    with sqlite_store.read() as conn:
        me = people_repo.me(conn)
        assert me is not None and me.name == "Jana Beispiel"
        assert demo_rows.has_demo(conn)
        assert me.id not in demo_rows.demo_people(conn), "the user's own card is not demo data"
    context.close()
