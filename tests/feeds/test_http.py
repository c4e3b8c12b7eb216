"""The polite fetcher against a real local server: retries, timeouts, conditional GET, limits."""

from __future__ import annotations

import pytest

from altruist import __version__
from altruist.errors import FetchError
from altruist.ingest.feeds.http import (
    USER_AGENT,
    HostRateLimiter,
    PoliteClient,
    Politeness,
    retry_after_seconds,
)
from tests.feeds.conftest import FAST
from tests.feeds.server import FixtureServer


def test_sends_an_honest_user_agent(server: FixtureServer, client: PoliteClient) -> None:
    server.route("/feed.xml", b"<rss/>")
    client.get(server.url("/feed.xml"))
    agent = server.hits[0].headers["User-Agent"]
    assert agent == USER_AGENT
    assert agent.startswith(f"altruist/{__version__} ")


def test_retries_a_500_then_succeeds(server: FixtureServer, client: PoliteClient) -> None:
    server.route("/flaky", b"ok", fail_first=2)
    response = client.get(server.url("/flaky"))
    assert response.status == 200 and response.body == b"ok"
    assert len(server.hits_of("/flaky")) == 3


def test_gives_up_after_the_configured_retries(server: FixtureServer, client: PoliteClient) -> None:
    server.route("/down", b"never", fail_first=100)
    with pytest.raises(FetchError, match=r"/down: HTTP 500 \(gave up after 3 attempts\)"):
        client.get(server.url("/down"))
    assert len(server.hits_of("/down")) == FAST.retries + 1


def test_never_retries_a_404(server: FixtureServer, client: PoliteClient) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get(server.url("/missing"))
    assert len(server.hits_of("/missing")) == 1


def test_a_slow_server_times_out_with_a_clear_message(server: FixtureServer) -> None:
    server.route("/slow", b"late", delay=1.0)
    policy = Politeness(timeout=0.1, retries=1, backoff=0.01, min_interval=0.0)
    with PoliteClient(policy) as slow_client, pytest.raises(FetchError) as caught:
        slow_client.get(server.url("/slow"))
    assert "/slow: timed out after 0.1 s (gave up after 2 attempts)" in str(caught.value)


def test_conditional_get_with_etag_gets_304(server: FixtureServer, client: PoliteClient) -> None:
    server.route("/feed.xml", b"<rss/>", etag='"v1"')
    first = client.get(server.url("/feed.xml"))
    assert first.etag == '"v1"' and not first.not_modified
    second = client.get(server.url("/feed.xml"), etag=first.etag)
    assert second.not_modified and second.body == b""
    assert server.hits[1].headers["If-None-Match"] == '"v1"'


def test_conditional_get_with_last_modified(server: FixtureServer, client: PoliteClient) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    server.route("/feed.xml", b"<rss/>", last_modified=stamp)
    first = client.get(server.url("/feed.xml"))
    assert first.last_modified == stamp
    assert client.get(server.url("/feed.xml"), last_modified=stamp).not_modified


def test_refuses_bodies_over_the_size_limit(server: FixtureServer) -> None:
    server.route("/big", b"x" * 5000)
    with (
        PoliteClient(Politeness(max_bytes=1000, min_interval=0.0)) as small,
        pytest.raises(FetchError, match="size limit"),
    ):
        small.get(server.url("/big"))


def test_only_http_urls(client: PoliteClient) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        client.get("file:///etc/passwd")


def test_backoff_doubles_and_honours_retry_after(server: FixtureServer) -> None:
    waits: list[float] = []
    policy = Politeness(retries=3, backoff=0.01, max_backoff=0.5, min_interval=0.0)
    server.route("/busy", b"ok", fail_first=3, retry_after="0")
    with PoliteClient(policy, sleep=waits.append) as recording:
        assert recording.get(server.url("/busy")).body == b"ok"
    assert waits == [0.01, 0.02, 0.04]


def test_retry_after_longer_than_backoff_wins(server: FixtureServer) -> None:
    waits: list[float] = []
    policy = Politeness(retries=1, backoff=0.01, max_backoff=0.5, min_interval=0.0)
    server.route("/busy", b"ok", fail_first=1, retry_after="7")
    with PoliteClient(policy, sleep=waits.append) as recording:
        recording.get(server.url("/busy"))
    assert 0.5 in waits  # 7 s asked, capped at max_backoff


def test_rate_limiter_spaces_requests_per_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostRateLimiter(1.0, sleep=sleep, monotonic=lambda: now[0])
    limiter.wait("a:1")
    limiter.wait("a:1")
    limiter.wait("b:1")  # another host is not held up by host a
    limiter.wait("a:1")
    assert slept == [1.0, 1.0]
    limiter.hold_off("b:1", 30)
    assert limiter.wait("b:1") == pytest.approx(30.0)


def test_retry_after_forms() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
