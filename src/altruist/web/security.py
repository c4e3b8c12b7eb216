"""Safe on localhost: Host-header check (DNS rebinding), CSRF for every state change, and
security headers on every response.

CSRF uses a double-submit token: a random cookie (SameSite=Strict) that each form echoes in a
hidden field or an `X-CSRF-Token` header. A cross-site page can neither read the cookie nor set
the header, so it cannot forge a valid request.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class SecurityMiddleware:
    """Pure ASGI middleware, so it can read a form body for the CSRF field and replay it intact
    to the route (BaseHTTPMiddleware would consume it)."""

    def __init__(self, app: ASGIApp, allowed_hosts: set[str]) -> None:
        self.app = app
        self.allowed_hosts = LOOPBACK_NAMES | allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not host_allowed(request.headers.get("host"), self.allowed_hosts):
            # A DNS-rebinding page reaches us under its own host name; refuse it.
            await PlainTextResponse("Host not allowed", status_code=400)(scope, receive, send)
            return
        token = request.cookies.get(CSRF_COOKIE)
        new_token = None
        if not token:
            new_token = token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        if request.method not in SAFE_METHODS:
            body = await _read_body(receive)
            if not await self._csrf_ok(scope, body, token):
                await self._forbidden(request)(scope, receive, send)
                return
            receive = _replay(body)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if new_token:
                    headers.append(
                        "set-cookie",
                        f"{CSRF_COOKIE}={new_token}; HttpOnly; Path=/; SameSite=strict",
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _csrf_ok(self, scope: Scope, body: bytes, cookie_token: str) -> bool:
        request = Request(scope, _replay(body))
        origin = request.headers.get("origin")
        # Browsers send "Origin: null" under Referrer-Policy no-referrer; the token decides then.
        if (
            origin
            and origin != "null"
            and not host_allowed(urlsplit(origin).netloc, self.allowed_hosts)
        ):
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
            await form.close()
        return sent is not None and secrets.compare_digest(sent, cookie_token)

    @staticmethod
    def _forbidden(request: Request) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "CSRF token missing or invalid"}, status_code=403)
        return PlainTextResponse(
            "CSRF token missing or invalid — reload the page and try again.", status_code=403
        )


SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
}


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
