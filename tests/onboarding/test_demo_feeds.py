"""The demo's groups read sample feeds shipped in the package (issue 16), through the real fetch
path: offline, without errors, every fetched question with its link; the web button too."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.demo import build_demo, sample_groups
from altruist.ingest.feeds.fetch import fetch_all
from altruist.store import Store
from altruist.store import groups as groups_repo
from altruist.web.app import create_app
from tests.web.conftest import csrf


def test_sample_feeds_ship_inside_the_package() -> None:
    import altruist

    package = Path(altruist.__file__).resolve().parent
    for _name, _kind, location in sample_groups():
        path = Path(location)
        assert path.is_file() and package in path.parents, location


def test_demo_groups_fetch_offline_without_errors(sqlite_store: Store, clock: Clock) -> None:
    build_demo(sqlite_store, people=20, clock=clock)
    first = fetch_all(sqlite_store, clock=clock)
    assert [s.status for s in first.sources] == ["ok", "ok", "ok"], first.sources
    assert all(s.new >= 3 and not s.warnings for s in first.sources), first.sources
    with sqlite_store.read() as conn:
        fetched = [
            p for p in groups_repo.posts_of(conn) if not (p.external_id or "").startswith("demo-")
        ]
        kinds = {g.kind for g in groups_repo.all_groups(conn)}
        assert all(g.last_error is None for g in groups_repo.all_groups(conn))
    assert kinds == {"rss", "mbox"}
    questions = [p for p in fetched if p.is_question]
    assert len(questions) >= 8 and all(p.url for p in questions), "every question links to its post"
    again = fetch_all(sqlite_store, clock=clock)
    assert {s.status for s in again.sources} == {"not_modified"}


def test_fetch_all_groups_button_reports_no_failure(sqlite_store: Store, clock: Clock) -> None:
    build_demo(sqlite_store, people=20, clock=clock)
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        client.cookies.set("altruist_lang", "de")
        page = client.post("/groups/fetch", data={"csrf_token": csrf(client)})
    assert page.status_code == 200
    # No failed source: the message names none (it names the count only when one failed).
    assert "Abgerufen: 9 neue und 0 aktualisierte Beiträge." in page.text
    assert "fehlgeschlagen" not in page.text
