"""The secret in the subscribable calendar URL.

A calendar app polls the feed without logging in, so the URL itself is the credential: a long
random token, compared in constant time, that the user can rotate when a URL has leaked. It is
kept in plain text in the settings table because the Settings page must be able to show the URL
again; the database is the user's own.
"""

from __future__ import annotations

import hmac
import secrets

from sqlalchemy import Connection

from altruist.store import settings_repo

TOKEN_KEY = "calendar.feed_token"
TOKEN_BYTES = 32  # 256 bits, 43 URL-safe characters


def current(conn: Connection) -> str | None:
    token = settings_repo.get(conn, TOKEN_KEY)
    return token if isinstance(token, str) and token else None


def ensure(conn: Connection) -> str:
    """The token, created on first use."""
    return current(conn) or rotate(conn)


def rotate(conn: Connection) -> str:
    """A new token; every URL with the old one stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    settings_repo.put(conn, TOKEN_KEY, token)
    return token


def revoke(conn: Connection) -> None:
    settings_repo.put(conn, TOKEN_KEY, None)


def verify(conn: Connection, candidate: str | None) -> bool:
    token = current(conn)
    if not token or not candidate:
        return False
    return hmac.compare_digest(token.encode(), candidate.encode())
