"""Links built from imported data. A profile URL comes from a file anyone could have written,
so only http and https become clickable; `javascript:`, `data:` and the rest stay plain text."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_href(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip()
    # Control characters and whitespace inside a scheme are how filters get tricked.
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None
