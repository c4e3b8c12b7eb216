"""Groups and Questions pages in-process: figures, add a local feed, fetch it, rank its
questions, done/dismiss, CSRF."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from fastapi.testclient import TestClient

from altruist.agenda import refresh
from altruist.engine.context import EngineContext
from altruist.store import Store
from altruist.store import groups as groups_repo
from tests.web.conftest import csrf

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local list &amp; friends</title><link>https://example.org/</link>
<item><title>Wie optimiere ich eine langsame PostgreSQL-Abfrage mit JOIN?</title>
<link>javascript:alert(1)</link><guid>q-1</guid>
<description>Unsere PostgreSQL Abfrage ist langsam, Index fehlt?</description>
<pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate></item>
</channel></rss>
"""


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def test_groups_page_shows_figures(demo_client: TestClient) -> None:
    page = demo_client.get("/groups").text
    with _store(demo_client).read() as conn:
        groups = groups_repo.all_groups(conn)
    assert groups and all(escape(g.name, quote=False) in page for g in groups)
    assert "Fetch now" in page and "Add a group" in page


def test_add_fetch_and_remove_a_local_feed(demo_client: TestClient, tmp_path: Path) -> None:
    feed = tmp_path / "list.rss"
    feed.write_text(FEED, encoding="utf-8")
    token = csrf(demo_client)
    added = demo_client.post(
        "/groups",
        data={"csrf_token": token, "location": str(feed), "kind": "rss", "name": "Lokale Liste"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    with _store(demo_client).read() as conn:
        group = next(g for g in groups_repo.all_groups(conn) if g.name == "Lokale Liste")
    duplicate = demo_client.post(
        "/groups", data={"csrf_token": token, "location": str(feed), "kind": "rss"}
    )
    assert duplicate.status_code == 400
    fetched = demo_client.post(f"/groups/{group.id}/fetch", data={"csrf_token": token})
    assert fetched.status_code == 200 and "1 new" in fetched.text
    with _store(demo_client).read() as conn:
        posts = groups_repo.posts_of(conn, group.id)
    assert [p.external_id for p in posts] == ["q-1"]
    removed = demo_client.post(f"/groups/{group.id}/delete", data={"csrf_token": token})
    assert removed.status_code == 200 and "Lokale Liste" in removed.text
    with _store(demo_client).read() as conn:
        assert all(g.id != group.id for g in groups_repo.all_groups(conn))


def test_group_forms_need_csrf(demo_client: TestClient) -> None:
    demo_client.get("/")
    assert (
        demo_client.post("/groups", data={"location": "/tmp/x", "kind": "rss"}).status_code == 403
    )
    assert demo_client.post("/groups/fetch").status_code == 403
    assert demo_client.post("/groups/1/delete").status_code == 403
    with _store(demo_client).read() as conn:
        assert groups_repo.get(conn, 1)


def _question_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'id="question-(\d+)"', html)]


def test_questions_ranked_with_done_and_dismiss(demo_client: TestClient) -> None:
    page = demo_client.get("/questions")
    ids = _question_ids(page.text)
    assert ids, "the demo has questions the user can answer"
    token = csrf(demo_client)
    assert (
        demo_client.post(f"/questions/{ids[0]}/feedback", data={"action": "done"}).status_code
        == 403
    )
    done = demo_client.post(
        f"/questions/{ids[0]}/feedback",
        data={"csrf_token": token, "action": "done"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/questions")
    demo_client.post(
        f"/questions/{ids[1]}/feedback", data={"csrf_token": token, "action": "dismiss"}
    )
    after = _question_ids(demo_client.get("/questions").text)
    assert ids[0] not in after and ids[1] not in after


def test_question_with_javascript_link_is_not_clickable(
    demo_client: TestClient, tmp_path: Path
) -> None:
    feed = tmp_path / "list.rss"
    feed.write_text(FEED, encoding="utf-8")
    token = csrf(demo_client)
    demo_client.post(
        "/groups", data={"csrf_token": token, "location": str(feed), "kind": "rss", "name": "L"}
    )
    demo_client.post("/groups/fetch", data={"csrf_token": token})
    store = _store(demo_client)
    refresh(EngineContext(store=store, clock=demo_client.app.state.clock, embedder_name="fake"))  # type: ignore[attr-defined]
    html = demo_client.get("/questions?page=1").text + "".join(
        demo_client.get(f"/questions?page={n}").text for n in range(2, 4)
    )
    assert 'href="javascript:' not in html


def test_questions_page_shows_the_knowledge_profile(demo_client: TestClient) -> None:
    page = demo_client.get("/questions").text
    profile = page[page.index('id="knowledge-profile"') :]
    profile = profile[: profile.index("</details>")]
    assert "What altruist knows about you" in profile
    assert "PostgreSQL-Optimierung" in profile  # a topic of the demo user's stated expertise
    assert re.search(r'<span class="tag">postgresql \(\d+\)</span>', profile)  # own posts' tags
    assert 'href="/settings#profile"' in profile
    token = csrf(demo_client)
    demo_client.post("/language", data={"lang": "de", "csrf_token": token, "next": "/questions"})
    assert "Was altruist über dein Wissen weiß" in demo_client.get("/questions").text
