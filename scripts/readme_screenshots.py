"""Regenerate every README screenshot in German and English (issue 14).

    PYTHONPATH=src .venv/bin/python scripts/readme_screenshots.py [--out docs/screenshots]

The real app serves the demo network (seed 7, 120 people, the clock standing on 26 Nov 2026 so
the pictures only change when the product does) on a loopback port; Debian's Chromium, driven by
Playwright, opens each page in both languages and saves `<page>-<de|en>.png`. The onboarding
page is shown on a second, empty database, as a new user sees it.
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

from altruist.agenda import refresh
from altruist.clock import Clock, fixed_clock
from altruist.config import Settings
from altruist.demo import build_demo
from altruist.engine.context import EngineContext
from altruist.store import Store, open_store
from altruist.store import people as people_repo
from altruist.web.app import create_app
from altruist.web.render import LANG_COOKIE

CHROMIUM = os.environ.get("ALTRUIST_CHROMIUM", "/usr/bin/chromium")
LANGUAGES = ("de", "en")
VIEWPORT = {"width": 1200, "height": 900}
CLOCK = fixed_clock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
# Page name → address on the demo network ({person} is a contact with a filled page).
PAGES = {
    "today": "/",
    "people": "/people",
    "person": "/people/{person}",
    "introductions": "/introductions",
    "questions": "/questions",
    "groups": "/groups",
    "map": "/map",
    "settings": "/settings",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = open_store(f"sqlite:///{Path(tmp) / 'demo.db'}")
        empty = open_store(f"sqlite:///{Path(tmp) / 'empty.db'}")
        try:
            build_demo(demo, people=120, seed=7, clock=CLOCK)
            refresh(EngineContext(demo, CLOCK, "Europe/Berlin", embedder_name="fake"))
            person = _a_person(demo)
            with (
                _serve(demo, CLOCK) as demo_url,
                _serve(empty, CLOCK) as empty_url,
                sync_playwright() as playwright,
            ):
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                for lang in LANGUAGES:
                    page = _page(browser, demo_url, lang)
                    for name, path in PAGES.items():
                        _shoot(
                            page, demo_url + path.format(person=person), out / f"{name}-{lang}.png"
                        )
                    page.goto(f"{demo_url}/people/{person}")
                    page.locator("#log").scroll_into_view_if_needed()
                    page.screenshot(path=str(out / f"person-by-hand-{lang}.png"))
                    page.context.close()
                    welcome = _page(browser, empty_url, lang)
                    _shoot(welcome, f"{empty_url}/welcome", out / f"onboarding-welcome-{lang}.png")
                    welcome.context.close()
                browser.close()
        finally:
            demo.dispose()
            empty.dispose()
    print(f"wrote {len(list(out.glob('*.png')))} screenshots to {out}")


def _a_person(store: Store) -> int:
    """The contact with the most fields filled, so the person page shows what it can."""
    with store.read() as conn:
        people = [p for p in people_repo.all_people(conn) if not p.is_me]
    filled = max(people, key=lambda p: sum(bool(v) for v in vars(p).values()))
    return filled.id or 0


def _page(browser: object, url: str, lang: str) -> Page:
    context = browser.new_context(viewport=VIEWPORT, locale=lang)  # type: ignore[attr-defined]
    context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": url}])
    page: Page = context.new_page()
    return page


def _shoot(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path))
    print(path)


@contextmanager
def _serve(store: Store, clock: Clock) -> Iterator[str]:
    app = create_app(Settings(embedder="fake"), store=store, clock=clock)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
