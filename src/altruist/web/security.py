"""Safe on localhost: Host-header check (DNS rebinding), body limits, CSRF for every state change,
and security headers on every response.

CSRF has two independent locks, because cookies are shared by every port of a host name (a page
served from another local port can plant our cookie):
- the request's Origin (or, without one, its Referer) must be exactly this app's origin: scheme,
  host *and port*; `Origin: null` (sandboxed frames, file pages) and `Sec-Fetch-Site: same-site`
  (another port of the same host) are refused;
- the token each form echoes is signed with a secret only this server process knows, for the
  nonce in the visitor's cookie and for this origin. A planted cookie alone is worthless: its
  matching token can only come from our own pages.

Every check that needs no body runs before a byte of the body is read. The body is capped by
its declared length (a POST without one is refused), by path, so a refused body costs nothing;
the form token is looked for in at most the first `TOKEN_SCAN_BYTES` of the body.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from itsdangerous import BadSignature, URLSafeSerializer
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from altruist.i18n import Translator, negotiate

CSRF_COOKIE = "altruist_csrf"
SECURE_CSRF_COOKIE = "__Host-altruist_csrf"  # only over https: the prefix demands Secure
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]", "::1"}
TEST_HOST = "testserver"  # Starlette's TestClient default; allowed only when a test asks for it

FORM_BYTES = 1024 * 1024  # every form without a file upload, and every JSON body
MAX_FORM_FIELDS = 200  # the largest form (person edit) has about a dozen fields
TOKEN_SCAN_BYTES = 64 * 1024  # our forms put the token first; a browser sends fields in order

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    # same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with our own
    # forms, and the exact-origin check needs the real one. Other sites still get no referrer.
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
}


class Refusal(Exception):
    """A request refused before the route runs: HTTP status and an English message (msgid)."""

    def __init__(self, status: int, message: str, **values: object) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.values = values


@dataclass(frozen=True)
class BodyLimits:
    """Largest body per upload path (exact), `FORM_BYTES` for everything else."""

    uploads: Mapping[str, int] = field(default_factory=dict)
    default: int = FORM_BYTES

    def for_path(self, path: str) -> int:
        return self.uploads.get(path, self.default)


def host_allowed(host_header: str | None, allowed: set[str]) -> bool:
    if not host_header:
        return False
    try:
        host = urlsplit(f"//{host_header}").hostname or ""
    except ValueError:
        return False
    if host_header.startswith("["):
        host = f"[{host}]"
    return host in allowed or host.strip("[]") in allowed


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) with the default port filled in; None for anything unparsable."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def app_origin(scope: Scope) -> str:
    """The origin the browser sees: our scheme and the Host header it sent (already checked)."""
    host = Request(scope).headers.get("host", "")
    return f"{scope.get('scheme', 'http')}://{host}"


class CsrfTokens:
    """Tokens signed with a per-process secret (itsdangerous), bound to the cookie's nonce and to
    the app origin. Restarting the server makes open forms ask for a reload, nothing more."""

    def __init__(self, secret: str | bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _serializer(self, origin: str) -> URLSafeSerializer:
        return URLSafeSerializer(self._secret, salt=f"altruist.csrf {origin}")

    def issue(self, nonce: str, origin: str) -> str:
        token: str = self._serializer(origin).dumps(nonce)
        return token

    def valid(self, token: str | None, nonce: str | None, origin: str) -> bool:
        if not token or not nonce or len(token) > 512:
            return False
        try:
            signed = self._serializer(origin).loads(token)
        except BadSignature:
            return False
        return isinstance(signed, str) and secrets.compare_digest(signed, nonce)


class SecurityMiddleware:
    """Pure ASGI middleware, so it can look at the start of a form body for the CSRF field and
    replay it intact to the route (BaseHTTPMiddleware would consume it)."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: set[str],
        *,
        limits: BodyLimits | None = None,
        tokens: CsrfTokens | None = None,
    ) -> None:
        self.app = app
        self.allowed_hosts = LOOPBACK_NAMES | allowed_hosts
        self.limits = limits or BodyLimits()
        self.tokens = tokens or CsrfTokens()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not host_allowed(request.headers.get("host"), self.allowed_hosts):
            # A DNS-rebinding page reaches us under its own host name; refuse it.
            await PlainTextResponse("Host not allowed", status_code=400)(scope, receive, send)
            return
        secure = scope.get("scheme") == "https"
        cookie_name = SECURE_CSRF_COOKIE if secure else CSRF_COOKIE
        nonce = request.cookies.get(cookie_name)
        new_nonce = None
        if not nonce or len(nonce) > 128:
            new_nonce = nonce = secrets.token_urlsafe(32)
        origin = app_origin(scope)
        scope.setdefault("state", {})["csrf_token"] = self.tokens.issue(nonce, origin)
        if request.method not in SAFE_METHODS:
            try:
                receive = await self._guard(scope, receive, request, origin, new_nonce is None)
            except Refusal as refusal:
                await _refuse(request, refusal)(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if new_nonce:
                    attributes = "HttpOnly; Path=/; SameSite=strict" + (
                        "; Secure" if secure else ""
                    )
                    headers.append("set-cookie", f"{cookie_name}={new_nonce}; {attributes}")
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _guard(
        self, scope: Scope, receive: Receive, request: Request, origin: str, had_cookie: bool
    ) -> Receive:
        """Refuse a state change unless it comes from our origin with our token; returns the
        `receive` the route reads the body from (the part read here replayed first)."""
        _check_origin(request, origin)
        limit = self.limits.for_path(request.url.path)
        _check_length(request, limit)
        if not had_cookie:
            raise Refusal(403, "CSRF token missing or invalid — reload the page and try again.")
        nonce = request.cookies.get(
            SECURE_CSRF_COOKIE if scope.get("scheme") == "https" else CSRF_COOKIE
        )
        content_type = request.headers.get("content-type", "")
        sent = request.headers.get(CSRF_HEADER)
        prefix: list[bytes] = []
        complete = False
        if sent is None and content_type.startswith("application/x-www-form-urlencoded"):
            body = await _read_up_to(receive, FORM_BYTES)
            prefix, complete = [body], True
            fields = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
            if len(fields) > MAX_FORM_FIELDS:
                raise Refusal(413, "The form has more than {n} fields.", n=MAX_FORM_FIELDS)
            sent = next((value for name, value in fields if name == CSRF_FIELD), None)
        elif sent is None and content_type.startswith("multipart/form-data"):
            sent, prefix, complete = await _token_in_multipart(content_type, receive)
        if not self.tokens.valid(sent, nonce, origin):
            raise Refusal(403, "CSRF token missing or invalid — reload the page and try again.")
        return _replay_then_stream(prefix, complete, receive)


def _check_origin(request: Request, origin: str) -> None:
    """The exact origin, from the Origin header or, without it, the Referer. A request with
    neither comes from a program (curl, a script), not a browser page; the token decides then."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise Refusal(403, "This form was sent from another site and is refused.")
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None:
        return
    ours = origin_of(origin)
    if ours is None or origin_of(claimed) != ours:
        raise Refusal(403, "This form was sent from another site and is refused.")


def _check_length(request: Request, limit: int) -> None:
    raw = request.headers.get("content-length")
    if raw is None:
        if request.headers.get("transfer-encoding"):
            # A chunked body has no length to check up front; browsers never send forms that way.
            raise Refusal(411, "Send the length of the request body.")
        return
    if not raw.isascii() or not raw.isdigit() or len(raw) > 15:
        raise Refusal(400, "The request has an invalid length.")
    if int(raw) > limit:
        raise Refusal(413, "The request is too large (at most {size}).", size=_size(limit))


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


async def _read_up_to(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        total += len(chunk)
        if total > limit:
            raise Refusal(413, "The request is too large (at most {size}).", size=_size(limit))
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class _TokenScanner:
    """python-multipart callbacks that keep the value of the CSRF field and nothing else."""

    def __init__(self) -> None:
        self.token: str | None = None
        self._name: bytes | None = None
        self._value = bytearray()
        self._header_field = bytearray()
        self._header_value = bytearray()

    def on_part_begin(self) -> None:
        self._name = None
        self._value.clear()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field.extend(data[start:end])

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value.extend(data[start:end])

    def on_header_end(self) -> None:
        if bytes(self._header_field).lower() == b"content-disposition":
            _, params = parse_options_header(bytes(self._header_value))
            self._name = params.get(b"name")
        self._header_field.clear()
        self._header_value.clear()

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._name == CSRF_FIELD.encode() and len(self._value) < 1024:
            self._value.extend(data[start:end])

    def on_part_end(self) -> None:
        if self._name == CSRF_FIELD.encode() and self.token is None:
            self.token = self._value.decode("ascii", "replace")


async def _token_in_multipart(
    content_type: str, receive: Receive
) -> tuple[str | None, list[bytes], bool]:
    """Parse the start of a multipart body until the CSRF field is complete, reading at most
    `TOKEN_SCAN_BYTES`; returns the token, the chunks read (to replay to the route) and whether
    they are the whole body."""
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise Refusal(400, "The upload is not a valid form.")
    scanner = _TokenScanner()
    callbacks = {
        name: getattr(scanner, name)
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_part_data",
            "on_part_end",
        )
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    read: list[bytes] = []
    total = 0
    while scanner.token is None and total < TOKEN_SCAN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return scanner.token, read, True
        chunk = message.get("body", b"")
        read.append(chunk)
        total += len(chunk)
        try:
            parser.write(chunk)
        except Exception as exc:  # python-multipart raises its own error types for bad bodies
            raise Refusal(400, "The upload is not a valid form.") from exc
        if not message.get("more_body", False):
            return scanner.token, read, True
    return scanner.token, read, False


def _replay_then_stream(prefix: list[bytes], complete: bool, receive: Receive) -> Receive:
    """The chunks already read, then the rest of the body straight from the server (which holds
    it to the declared length), so a large upload streams to the route without being buffered."""
    pending = list(prefix)

    async def replay() -> Message:
        if pending:
            chunk = pending.pop(0)
            return {
                "type": "http.request",
                "body": chunk,
                "more_body": bool(pending) or not complete,
            }
        return await receive()

    return replay


def _refuse(request: Request, refusal: Refusal) -> Response:
    lang = request.cookies.get("altruist_lang")
    if lang not in ("de", "en"):
        fallback = getattr(getattr(request.app, "state", None), "settings", None)
        lang = negotiate(
            request.headers.get("accept-language"), getattr(fallback, "language", "en")
        )
    message = Translator(lang).gettext(refusal.message, **refusal.values)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=refusal.status)
    return PlainTextResponse(message, status_code=refusal.status)
