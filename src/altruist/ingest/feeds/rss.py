"""RSS 0.9x/1.0 (RDF)/2.0 and Atom feeds through feedparser.

Every entry becomes a question post unless it looks like a reply ("Re: …"): people add the feeds
of their groups (forum and Q&A feeds), where an entry is a new topic. feedparser copes with
ill-formed XML ("bozo" feeds); we keep whatever entries it recovered and only fail when it found
no feed at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import feedparser

from altruist.domain import Group, Post
from altruist.errors import FetchError
from altruist.ingest.feeds.localfile import read_if_changed
from altruist.ingest.feeds.source import Fetched, SourceContext
from altruist.ingest.feeds.text import from_struct_time, html_to_text, one_line, stable_id

_REPLY = re.compile(r"^\s*(re|aw|antw)\s*:", re.IGNORECASE)
_SOLVED = re.compile(r"[\[(](solved|gelöst|erledigt|resolved)[\])]", re.IGNORECASE)


def parse_feed(
    data: bytes,
    *,
    source: str,
    group_id: int = 0,
    base_url: str = "",
    warnings: list[str] | None = None,
) -> list[Post]:
    """Posts of one feed document. Raises FetchError naming `source` if it is no feed at all.
    An entry with a field we cannot read is skipped (or the field ignored) and named in
    `warnings`; the other entries are kept."""
    notes = warnings if warnings is not None else []
    try:
        parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    except Exception as exc:  # feedparser rarely raises, but a fetch must never crash on input
        raise FetchError(f"{source}: cannot parse feed: {exc}") from exc
    entries = parsed.get("entries") or []
    if not entries and not _looks_like_feed(parsed):
        problem = parsed.get("bozo_exception")
        where = _line_of(problem)
        detail = f": {problem}" if problem else ""
        raise FetchError(f"{source}{where}: not an RSS/Atom/RDF feed{detail}")
    posts: list[Post] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries):
        try:
            post = _entry_to_post(entry, group_id=group_id, position=position, notes=notes)
        except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
            notes.append(f"{source}: entry {position + 1} skipped: {type(exc).__name__}: {exc}")
            continue
        if post.external_id in seen:  # a feed listing one item twice stores it once
            continue
        seen.add(post.external_id or "")
        posts.append(post)
    return posts


def _looks_like_feed(parsed: Any) -> bool:
    version = parsed.get("version") or ""
    feed = parsed.get("feed") or {}
    return bool(version) or bool(feed.get("title") or feed.get("link"))


def _line_of(problem: object) -> str:
    getter = getattr(problem, "getLineNumber", None)
    if callable(getter):
        try:
            return f":{int(getter())}"
        except (TypeError, ValueError):
            return ""
    return ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _entry_to_post(entry: Any, *, group_id: int, position: int, notes: list[str]) -> Post:
    title = one_line(html_to_text(_text(entry.get("title"))))
    body = ""
    contents = entry.get("content") or []
    if contents and isinstance(contents, list):
        body = html_to_text(_text(contents[0].get("value")))
    if not body:
        body = html_to_text(_text(entry.get("summary")))
    if not title:
        # An untitled entry (allowed in RSS 2.0) is named by the start of its text.
        title = one_line(body)[:80] or "(untitled)"
    link = _text(entry.get("link")) or None
    posted = from_struct_time(entry.get("published_parsed")) or from_struct_time(
        entry.get("updated_parsed")
    )
    external_id = _text(entry.get("id")) or link or stable_id(title, body, posted, position)
    author = one_line(_text(entry.get("author"))) or None
    detail = entry.get("author_detail") or {}
    account = _text(detail.get("email")) or _text(detail.get("name")) or author
    tags = [one_line(_text(t.get("term"))) for t in entry.get("tags") or [] if t.get("term")]
    return Post(
        group_id=group_id,
        external_id=external_id,
        title=title,
        body=body,
        author_name=author,
        author_account=account or None,
        tags=[t for t in tags if t],
        posted_at=posted,
        is_question=not _REPLY.match(title),
        answer_count=_comment_count(entry, position, notes),
        is_solved=bool(_SOLVED.search(title)),
        url=link,
    )


def _comment_count(entry: Any, position: int, notes: list[str]) -> int:
    """Forum feeds announce replies via slash:comments or thr:total (RFC 4685). A count that is
    not plain ASCII digits ("²" passes str.isdigit but not int) is ignored and noted."""
    for key in ("slash_comments", "thr_total"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        digits = value.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= 9:
            return int(digits)
        notes.append(
            f"entry {position + 1}: {key.replace('_', ':')} {digits[:20]!r} is not a count"
        )
    return 0


def fetch_rss(group: Group, ctx: SourceContext) -> Fetched:
    url = group.url or ""
    if not url.startswith(("http://", "https://")):
        return _read_local_feed(group, Path(url))
    response = ctx.client.get(
        url,
        etag=group.etag,
        last_modified=group.last_modified,
        accept="application/atom+xml, application/rss+xml, application/rdf+xml, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1",
    )
    if response.not_modified:
        return Fetched(not_modified=True, etag=group.etag, last_modified=group.last_modified)
    warnings: list[str] = []
    posts = parse_feed(
        response.body, source=url, group_id=group.id or 0, base_url=response.url, warnings=warnings
    )
    return Fetched(
        posts=posts, etag=response.etag, last_modified=response.last_modified, warnings=warnings
    )


def _read_local_feed(group: Group, path: Path) -> Fetched:
    data, stamp = read_if_changed(path, group.last_modified)
    if data is None:
        return Fetched(not_modified=True, last_modified=stamp)
    warnings: list[str] = []
    posts = parse_feed(data, source=str(path), group_id=group.id or 0, warnings=warnings)
    return Fetched(posts=posts, last_modified=stamp, warnings=warnings)
