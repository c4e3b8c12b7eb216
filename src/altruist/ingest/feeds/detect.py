"""Which kind of source a URL or path is. `--kind` overrides every guess.

Local paths are recognised by their content (Maildir folders, mbox "From " lines, Posts.xml,
XML feeds). URLs first by their shape (Stack Exchange hosts, `.json`, feed-like paths); when the
shape says nothing, one polite GET looks at the answer (Discourse pages name their generator).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from altruist.errors import FetchError
from altruist.ingest.feeds import source as kinds
from altruist.ingest.feeds.http import PoliteClient
from altruist.ingest.feeds.se_dump import dump_file
from altruist.ingest.feeds.stackexchange import is_stackexchange_host

_FEED_HINTS = (".rss", ".atom", ".xml", "/feed", "/rss", "/atom", "format=rss", "format=atom")


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def normalize_location(text: str) -> str:
    """URLs stay as they are; paths become absolute so the group is found from any folder."""
    text = text.strip()
    if is_url(text):
        return text
    return str(Path(text).expanduser().resolve())


def detect_kind(location: str, *, client: PoliteClient | None = None) -> str:
    if is_url(location):
        kind = kind_from_url_shape(location)
        if kind is None and client is not None:
            kind = kind_from_response(location, client)
        if kind is None:
            raise FetchError(
                f"{location}: cannot tell which kind of group this is; pass --kind "
                f"({', '.join(kinds.KINDS)})"
            )
        return kind
    return kind_of_path(Path(location))


def kind_from_url_shape(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if host == "api.stackexchange.com" or is_stackexchange_host(host):
        return kinds.STACKEXCHANGE
    if "site=" in parts.query and "/questions" in path:
        return kinds.STACKEXCHANGE
    if path.endswith(".json"):
        return kinds.DISCOURSE
    lowered = url.lower()
    if any(hint in lowered for hint in _FEED_HINTS):
        return kinds.RSS
    return None


def kind_from_response(url: str, client: PoliteClient) -> str | None:
    response = client.get(url)
    head = response.body[:4096].lstrip()
    ctype = response.content_type.lower()
    if "json" in ctype or head.startswith(b"{"):
        try:
            data = json.loads(response.body)
        except (ValueError, RecursionError):
            return None
        return kinds.DISCOURSE if isinstance(data, dict) and "topic_list" in data else None
    if b'content="Discourse' in head or b"discourse" in head.lower()[:4096]:
        return kinds.DISCOURSE
    if "xml" in ctype or head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head:
        return kinds.RSS
    return None


def kind_of_path(path: Path) -> str:
    if not path.exists():
        raise FetchError(f"{path}: no such file or folder")
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return kinds.MAILDIR
        if dump_file(path).is_file():
            return kinds.STACKEXCHANGE_DUMP
        raise FetchError(f"{path}: a folder that is neither a Maildir nor holds a Posts.xml")
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise FetchError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if head.startswith(b"From "):
        return kinds.MBOX
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if (b"<posts" in text and b"PostTypeId" in text) or path.name.lower() == "posts.xml":
        return kinds.STACKEXCHANGE_DUMP
    if text.startswith(b"<"):
        return kinds.RSS
    raise FetchError(f"{path}:1: not an mbox, Maildir, Posts.xml or feed file; pass --kind")
