"""Fetching groups into the store: one transaction per source, failures isolated, re-fetch
idempotent. Store-facing tests run on SQLite and PostgreSQL (`any_store`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from altruist.domain import Person
from altruist.ingest.feeds import add_group, fetch_all, list_groups
from altruist.ingest.feeds.fetch import SourceReport
from altruist.store import Store
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo
from altruist.store.schema import posts as posts_table
from tests.feeds.conftest import FAST
from tests.feeds.server import FixtureServer


def _rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><author>{author}</author></item>"
        for guid, title, author in items
    )
    return f"<rss version='2.0'><channel><title>G</title>{body}</channel></rss>".encode()


def _posts(store: Store, group_id: int) -> list[tuple[str, bool]]:
    with store.read() as conn:
        return sorted((p.title, p.by_me) for p in groups_repo.posts_of(conn, group_id))


def test_fetch_stores_posts_then_304_changes_nothing(
    any_store: Store, server: FixtureServer, feed_fixtures: Path
) -> None:
    fixture = feed_fixtures / "wellformed__rss__item_title.xml"
    server.route("/a.xml", fixture, etag='"abc"')
    group = add_group(any_store, server.url("/a.xml"))
    assert group.kind == "rss"

    first = fetch_all(any_store, politeness=FAST)
    assert [(s.status, s.new) for s in first.sources] == [("ok", 1)]
    stored = _posts(any_store, group.id or 0)
    assert stored == [("Item 1 title", False)]
    with any_store.read() as conn:
        after_first = groups_repo.get(conn, group.id or 0)
    assert after_first.etag == '"abc"' and after_first.last_fetched_at is not None

    second = fetch_all(any_store, politeness=FAST)
    assert [(s.status, s.new, s.updated) for s in second.sources] == [("not_modified", 0, 0)]
    assert server.hits_of("/a.xml")[-1].headers["If-None-Match"] == '"abc"'
    assert _posts(any_store, group.id or 0) == stored


def test_one_failing_source_is_reported_and_the_others_go_on(
    any_store: Store, server: FixtureServer
) -> None:
    server.route("/good.rss", _rss(("1", "Question one", "a@x.org")))
    server.route("/down.rss", b"", fail_first=100)
    server.route("/broken.rss", b"<html><body>no feed here</body></html>", content_type="text/html")
    good = add_group(any_store, server.url("/good.rss"), name="good")
    down = add_group(any_store, server.url("/down.rss"), name="down")
    broken = add_group(any_store, server.url("/broken.rss"), name="broken")

    seen: list[tuple[str, int, int]] = []

    def progress(report: SourceReport, done: int, total: int) -> None:
        seen.append((report.name, done, total))

    report = fetch_all(any_store, politeness=FAST, progress=progress)
    by_name = {s.name: s for s in report.sources}
    assert by_name["good"].status == "ok" and by_name["good"].new == 1
    assert by_name["down"].status == "error"
    assert "down.rss: HTTP 500 (gave up after 3 attempts)" in (by_name["down"].error or "")
    assert "broken.rss" in (by_name["broken"].error or "")
    assert "not an RSS/Atom/RDF feed" in (by_name["broken"].error or "")
    assert not report.all_failed and len(report.failed) == 2
    assert sorted(n for n, _, _ in seen) == ["broken", "down", "good"]
    assert [d for _, d, _ in seen] == [1, 2, 3] and {t for _, _, t in seen} == {3}

    overview = {o.name: o for o in list_groups(any_store)}
    assert overview["good"].posts == 1 and overview["good"].last_error is None
    assert overview["down"].last_error == by_name["down"].error
    assert overview["broken"].posts == 0
    assert {good.id, down.id, broken.id} == {o.id for o in overview.values()}


def test_nothing_half_written_when_storing_fails(
    any_store: Store, server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(
        "/f.rss", _rss(("1", "One", "a"), ("2", "Two", "b"), ("3", "Three", "c")), etag='"v1"'
    )
    group = add_group(any_store, server.url("/f.rss"))
    real_insert = groups_repo.insert_posts

    def failing_insert(conn, posts):  # type: ignore[no-untyped-def]
        real_insert(conn, posts)  # the rows are written, then the disk fills up
        raise RuntimeError("disk full")

    monkeypatch.setattr(groups_repo, "insert_posts", failing_insert)
    report = fetch_all(any_store, politeness=FAST)
    assert report.sources[0].status == "error" and "disk full" in (report.sources[0].error or "")
    assert _posts(any_store, group.id or 0) == []
    with any_store.read() as conn:
        assert groups_repo.get(conn, group.id or 0).etag is None  # next fetch asks in full

    monkeypatch.setattr(groups_repo, "insert_posts", real_insert)
    again = fetch_all(any_store, politeness=FAST)
    assert (again.sources[0].status, again.sources[0].new) == ("ok", 3)


def test_changed_feed_counts_new_updated_unchanged_and_marks_my_posts(
    any_store: Store, server: FixtureServer
) -> None:
    versions = [
        _rss(("1", "One", "me@x.org"), ("2", "Two", "b@x.org")),
        _rss(("1", "One", "me@x.org"), ("2", "Two (edited)", "b@x.org"), ("3", "Three", "c")),
    ]
    server.route("/f.rss", lambda: versions[min(len(server.hits_of("/f.rss")), 2) - 1])
    group = add_group(any_store, server.url("/f.rss"), account="ME@x.org")
    first = fetch_all(any_store, politeness=FAST).sources[0]
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    second = fetch_all(any_store, politeness=FAST).sources[0]
    assert (second.new, second.updated, second.unchanged) == (1, 1, 1)
    assert _posts(any_store, group.id or 0) == [
        ("One", True),
        ("Three", False),
        ("Two (edited)", False),
    ]


def test_refetch_keeps_a_post_linked_to_a_person(any_store: Store, server: FixtureServer) -> None:
    server.route("/f.rss", _rss(("1", "One", "a@x.org")))
    group = add_group(any_store, server.url("/f.rss"))
    fetch_all(any_store, politeness=FAST)
    with any_store.transaction() as conn:
        person = people_repo.add(conn, Person(name="Ann"))
        conn.execute(update(posts_table).values(author_person_id=person.id))
    server.route("/f.rss", _rss(("1", "One, edited", "a@x.org")))
    assert fetch_all(any_store, politeness=FAST).sources[0].updated == 1
    with any_store.read() as conn:
        (post,) = groups_repo.posts_of(conn, group.id)
    assert post.title == "One, edited" and post.author_person_id == person.id


def test_local_feed_file_is_reread_only_when_it_changes(
    sqlite_store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(("1", "One", "a")))
    add_group(sqlite_store, str(feed))
    assert fetch_all(sqlite_store).sources[0].new == 1
    assert fetch_all(sqlite_store).sources[0].status == "not_modified"
    feed.write_bytes(_rss(("1", "One", "a"), ("2", "Two", "b")))
    assert fetch_all(sqlite_store).sources[0].new == 1


def test_many_sources_concurrently(sqlite_store: Store, server: FixtureServer) -> None:
    for i in range(12):
        server.route(f"/g{i}.rss", _rss((f"{i}", f"Question {i}", "a")), delay=0.05)
        add_group(sqlite_store, server.url(f"/g{i}.rss"), name=f"g{i:02d}")
    report = fetch_all(sqlite_store, politeness=FAST, workers=6)
    assert [s.name for s in report.sources] == [f"g{i:02d}" for i in range(12)]
    assert all(s.status == "ok" and s.new == 1 for s in report.sources)


def test_setting_the_account_later_marks_stored_posts(
    any_store: Store, server: FixtureServer
) -> None:
    from altruist.ingest.feeds import set_account

    server.route("/f.rss", _rss(("1", "Mine", "Me@X.org"), ("2", "Theirs", "b@x.org")))
    group = add_group(any_store, server.url("/f.rss"))
    fetch_all(any_store, politeness=FAST)
    set_account(any_store, group.id or 0, "me@x.org")
    assert _posts(any_store, group.id or 0) == [("Mine", True), ("Theirs", False)]
    assert list_groups(any_store)[0].mine == 1
