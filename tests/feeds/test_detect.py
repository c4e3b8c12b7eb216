"""Which kind a URL or path is."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from altruist.errors import FetchError
from altruist.ingest.feeds import PoliteClient
from altruist.ingest.feeds.detect import detect_kind
from tests.feeds.server import FixtureServer


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://stackoverflow.com/questions/tagged/python", "stackexchange"),
        ("https://beer.stackexchange.com", "stackexchange"),
        ("https://api.stackexchange.com/2.3/questions?site=beer", "stackexchange"),
        ("https://forum.example.org/latest.json", "discourse"),
        ("https://blog.example.org/feed", "rss"),
        ("https://example.org/news.atom", "rss"),
    ],
)
def test_url_shapes(url: str, kind: str) -> None:
    assert detect_kind(url) == kind


def test_unclear_url_is_probed_once(server: FixtureServer, client: PoliteClient) -> None:
    server.route(
        "/forum",
        b'<html><head><meta name="generator" content="Discourse 3.2">',
        content_type="text/html",
    )
    server.route("/news", b"<?xml version='1.0'?><rss version='2.0'></rss>")
    server.route("/api", b'{"topic_list": {"topics": []}}', content_type="application/json")
    server.route("/page", b"<html><body>hello</body></html>", content_type="text/html")
    assert detect_kind(server.url("/forum"), client=client) == "discourse"
    assert detect_kind(server.url("/news"), client=client) == "rss"
    assert detect_kind(server.url("/api"), client=client) == "discourse"
    with pytest.raises(FetchError, match="pass --kind"):
        detect_kind(server.url("/page"), client=client)
    with pytest.raises(FetchError, match="pass --kind"):
        detect_kind("https://example.org/somewhere")  # no client: no network at all


def test_paths(tmp_path: Path, realdata: Path) -> None:
    mbox = mailbox.mbox(tmp_path / "a.mbox")
    mbox.add(b"From: a@x\nSubject: s\n\nbody\n")
    mbox.close()
    mailbox.Maildir(tmp_path / "md", create=True)
    (tmp_path / "f.xml").write_text("<?xml version='1.0'?><feed/>")
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    assert detect_kind(str(tmp_path / "a.mbox")) == "mbox"
    assert detect_kind(str(tmp_path / "md")) == "maildir"
    assert detect_kind(str(tmp_path / "f.xml")) == "rss"
    assert detect_kind(str(realdata / "se-coffee-2015-early")) == "stackexchange-dump"
    assert detect_kind(str(realdata / "se-coffee-2015-early" / "Posts.xml")) == "stackexchange-dump"
    with pytest.raises(FetchError, match=r"x.bin:1: not an mbox, Maildir"):
        detect_kind(str(tmp_path / "x.bin"))
    with pytest.raises(FetchError, match="no such file"):
        detect_kind(str(tmp_path / "nope"))
