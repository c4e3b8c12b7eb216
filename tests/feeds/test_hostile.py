"""Hostile and odd feeds (issue 19): a server that drips, redirects to file:// or in a loop,
JSON nested 200,000 deep, one entry with a field we cannot read. Each gives a clear FetchError or
a warning, never a traceback, and asks the server once where asking again cannot help."""

from __future__ import annotations

from dataclasses import replace

import pytest

from altruist.errors import FetchError
from altruist.ingest.feeds import PoliteClient, add_group, fetch_all
from altruist.ingest.feeds.discourse import decode_json
from altruist.ingest.feeds.rss import parse_feed
from altruist.store import Store
from altruist.store import groups as groups_repo
from tests.feeds.conftest import FAST
from tests.feeds.server import FixtureServer

FEED = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>t</title>
<item><title>How do I read a feed?</title><guid>1</guid><slash:comments>3</slash:comments></item>
<item><title>Odd count</title><guid>2</guid><slash:comments>\xc2\xb2</slash:comments></item>
<item><title>Third question</title><guid>3</guid></item>
</channel></rss>"""


def test_a_dripping_server_is_cut_off_by_the_total_deadline(server: FixtureServer) -> None:
    # Every byte arrives well within the per-read timeout; only the total deadline stops it.
    server.route("/drip.xml", b"<rss>" + b" " * 200 + b"</rss>", drip=0.02)
    policy = replace(FAST, timeout=1.0, deadline=0.5)
    with PoliteClient(policy) as client, pytest.raises(FetchError, match="deadline"):
        client.get(server.url("/drip.xml"))
    assert len(server.hits_of("/drip.xml")) == 1


def test_redirect_to_file_is_refused_without_retries(
    server: FixtureServer, client: PoliteClient
) -> None:
    server.route("/feed.xml", location="file:///etc/passwd")
    with pytest.raises(FetchError, match="not http or https"):
        client.get(server.url("/feed.xml"))
    assert len(server.hits_of("/feed.xml")) == 1


def test_redirect_loop_is_a_clear_error(server: FixtureServer, client: PoliteClient) -> None:
    server.route("/a", location="/b")
    server.route("/b", location="/a")
    with pytest.raises(FetchError, match="redirect loop"):
        client.get(server.url("/a"))
    assert len(server.hits_of("/a")) <= 11  # one attempt: httpx follows at most 20 redirects


def test_other_schemes_are_refused_before_any_request(client: PoliteClient) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "gopher://x"):
        with pytest.raises(FetchError, match="only http and https"):
            client.get(url)


def test_deeply_nested_json_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match="nested too deeply"):
        decode_json(b"[" * 200_000 + b"]" * 200_000, "https://forum.example/latest.json")


def test_a_bad_entry_field_is_noted_and_the_feed_kept() -> None:
    warnings: list[str] = []
    posts = parse_feed(FEED, source="t", warnings=warnings)
    assert [p.title for p in posts] == ["How do I read a feed?", "Odd count", "Third question"]
    assert posts[0].answer_count == 3 and posts[1].answer_count == 0
    assert len(warnings) == 1 and "entry 2" in warnings[0] and "slash:comments" in warnings[0]


def test_a_bad_entry_field_is_reported_by_a_fetch_and_the_rest_stored(
    server: FixtureServer, any_store: Store
) -> None:
    server.route("/f.rss", FEED)
    group = add_group(any_store, server.url("/f.rss"), kind="rss")
    report = fetch_all(any_store, politeness=FAST)
    source = report.sources[0]
    assert source.status == "ok" and source.new == 3
    assert any("entry 2" in w for w in source.warnings)
    with any_store.read() as conn:
        assert len(groups_repo.posts_of(conn, group.id or 0)) == 3
