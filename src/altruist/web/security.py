"""Safe on localhost: Host-header check (DNS rebinding), CSRF for every state change, and
security headers on every response.

CSRF uses a double-submit token: a random cookie (SameSite=Strict) that each form echoes in a
hidden field or an `X-CSRF-Token` header. A cross-site page can neither read the cookie nor set
the header, so it cannot forge a valid request.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp

CSRF_COOKIE = "altruist_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def host_allowed(host_header: str | None, allowed: set[str]) -> bool:
    if not host_header:
        return False
    host = urlsplit(f"//{host_header}").hostname or ""
    if host_header.startswith("["):
        host = f"[{host}]"
    return host in allowed or host.strip("[]") in allowed


class SecurityMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, allowed_hosts: set[str]) -> None:
        super().__init__(app)
        self.allowed_hosts = LOOPBACK_NAMES | allowed_hosts

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if not host_allowed(request.headers.get("host"), self.allowed_hosts):
            # A DNS-rebinding page reaches us under its own host name; refuse it.
            return PlainTextResponse("Host not allowed", status_code=400)
        token = request.cookies.get(CSRF_COOKIE)
        new_token = None
        if not token:
            new_token = token = secrets.token_urlsafe(32)
        request.state.csrf_token = token
        if request.method not in SAFE_METHODS and not await self._csrf_ok(request, token):
            return self._forbidden(request)
        response = await call_next(request)
        if new_token:
            response.set_cookie(CSRF_COOKIE, new_token, httponly=True, samesite="strict", path="/")
        self._add_headers(response)
        return response

    async def _csrf_ok(self, request: Request, cookie_token: str) -> bool:
        origin = request.headers.get("origin")
        if origin and not host_allowed(urlsplit(origin).netloc, self.allowed_hosts):
            return False
        if not request.cookies.get(CSRF_COOKIE):
            return False
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        return sent is not None and secrets.compare_digest(sent, cookie_token)

    @staticmethod
    def _forbidden(request: Request) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "CSRF token missing or invalid"}, status_code=403)
        return PlainTextResponse("CSRF token missing or invalid — reload the page and try again.", status_code=403)

    @staticmethod
    def _add_headers(response: Response) -> None:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
