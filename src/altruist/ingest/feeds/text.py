"""Small text helpers shared by the sources: HTML to plain text, timestamps to UTC."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import UTC, datetime
from html.parser import HTMLParser

from altruist.store.rows import aware

# Block-level tags end a line, so paragraphs do not run into each other in the stored text.
_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "tr",
        "table",
        "hr",
        "section",
        "article",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0  # inside <script>/<style>, whose text is not content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str | None) -> str:
    """Readable plain text of an HTML fragment (feed summaries, Discourse `cooked`, SE bodies)."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return clean(html)
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # HTMLParser is lenient, but a source's garbage must not stop a fetch
        return clean(re.sub(r"<[^>]*>", " ", html))
    return clean("".join(collector.parts))


def clean(text: str) -> str:
    """Collapse runs of spaces and blank lines; drop NUL, which PostgreSQL text cannot hold."""
    text = text.replace("\x00", "")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def one_line(text: str | None) -> str:
    return " ".join(clean(text or "").split())


def from_iso(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return aware(datetime.fromisoformat(text))  # naive source times are UTC
    except ValueError:
        return None


def from_unix(seconds: object) -> datetime | None:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def from_struct_time(value: object) -> datetime | None:
    """feedparser's `*_parsed` fields are UTC `time.struct_time`s."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def stable_id(*parts: object) -> str:
    """An id for an item its source gave none: the same item gets the same id on every fetch."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "replace"))
    return "sha256:" + digest.hexdigest()[:32]
