"""RSS/Atom/RDF: feedparser's own conformance corpus, parsed directly and over HTTP."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from altruist.errors import FetchError
from altruist.ingest.feeds.rss import parse_feed
from altruist.ingest.feeds.text import html_to_text, one_line

_TITLE_EXPECT = re.compile(r"entries\[0\]\['title'\] == (u?'(?:[^'\\]|\\.)*')")


def _expect(path: Path) -> str:
    head = path.read_bytes()[:2000].decode("utf-8", "replace")
    match = re.search(r"Expect:\s*(.*)", head)
    return match.group(1) if match else ""


def test_every_wellformed_fixture_parses(feed_fixtures: Path) -> None:
    files = sorted(feed_fixtures.glob("wellformed__*.xml"))
    assert len(files) > 900
    with_posts = 0
    for path in files:
        posts = parse_feed(path.read_bytes(), source=path.name)  # raises on failure
        with_posts += bool(posts)
        for post in posts:
            assert post.title and post.external_id
    assert with_posts > 500  # many fixtures test channel metadata only and have no items


def test_titles_match_feedparsers_expectations(feed_fixtures: Path) -> None:
    checked = 0
    for path in sorted(feed_fixtures.glob("wellformed__*.xml")):
        match = _TITLE_EXPECT.search(_expect(path))
        if not match:
            continue
        expected = one_line(html_to_text(ast.literal_eval(match.group(1))))
        posts = parse_feed(path.read_bytes(), source=path.name)
        assert posts[0].title == (expected or posts[0].title), path.name
        checked += 1
    assert checked >= 30


def test_illformed_fixtures_are_parsed_or_reported(feed_fixtures: Path) -> None:
    files = sorted(feed_fixtures.glob("illformed__*.xml"))
    reported = []
    for path in files:
        try:
            parse_feed(path.read_bytes(), source=path.name)
        except FetchError as exc:
            assert str(exc).startswith(path.name)
            reported.append(path.name)
    assert reported == ["illformed__rss_empty_document.xml"]


def test_empty_document_error_names_source_and_line(feed_fixtures: Path) -> None:
    path = feed_fixtures / "illformed__rss_empty_document.xml"
    with pytest.raises(FetchError, match=r"^illformed__rss_empty_document.xml:\d+: not an RSS"):
        parse_feed(path.read_bytes(), source=path.name)


@pytest.mark.parametrize("page", [b"<html><body><p>hello</p>", b"<html><body>hi</body></html>"])
def test_html_instead_of_a_feed_is_reported(page: bytes) -> None:
    with pytest.raises(FetchError, match=r"^https://example.org/x(:\d+)?: not an RSS/Atom/RDF"):
        parse_feed(page, source="https://example.org/x")


def test_entry_fields_replies_and_solved() -> None:
    feed = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>T</title>
<item><title>How do I brew a lager?</title><guid>g1</guid><link>http://x/1</link>
<description>&lt;p&gt;Cold &lt;b&gt;yeast&lt;/b&gt;?&lt;/p&gt;</description>
<author>ann@example.org (Ann)</author><category>brewing</category>
<pubDate>Mon, 06 Sep 2010 16:45:00 +0200</pubDate><slash:comments>4</slash:comments></item>
<item><title>Re: How do I brew a lager?</title><guid>g2</guid></item>
<item><title>[SOLVED] Mash temperature</title><guid>g3</guid></item>
<item><title>Duplicate</title><guid>g1</guid></item>
</channel></rss>"""
    first, reply, solved = parse_feed(feed, source="t", group_id=9)
    assert (first.title, first.body, first.tags) == (
        "How do I brew a lager?",
        "Cold yeast?",
        ["brewing"],
    )
    assert first.answer_count == 4 and first.url == "http://x/1" and first.group_id == 9
    assert (
        first.posted_at is not None and first.posted_at.isoformat() == "2010-09-06T14:45:00+00:00"
    )
    assert first.is_question and not first.is_solved
    assert not reply.is_question
    assert solved.is_solved


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_any_bytes_give_posts_or_fetch_error(data: bytes) -> None:
    try:
        posts = parse_feed(data, source="fuzz")
    except FetchError as exc:
        assert str(exc).startswith("fuzz")
        return
    assert all(isinstance(p.title, str) and p.title for p in posts)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_feeds_with_hostile_item_text(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "replace")
    feed = (
        b"<rss version='2.0'><channel><item><title>" + escaped + b"</title></item></channel></rss>"
    )
    try:
        posts = parse_feed(feed, source="fuzz")
    except FetchError:
        return
    assert all("\x00" not in p.title for p in posts)
