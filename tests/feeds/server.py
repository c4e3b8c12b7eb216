"""A real HTTP server on 127.0.0.1 for the feed tests: serves fixture files read in place and
misbehaves on request (slow, 5xx before success, 304 for conditional GETs, broken bodies)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Route:
    body: bytes | Path | Callable[[], bytes] = b""
    content_type: str = "application/xml"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    fail_first: int = 0  # answer 500 this many times before the real answer
    delay: float = 0.0  # seconds to wait before answering (to trip the client's timeout)
    retry_after: str | None = None
    location: str | None = None  # answer 302 with this Location (redirect tests)
    drip: float = 0.0  # seconds between single body bytes (a server that never quite stops)
    served: int = field(default=0)

    def payload(self) -> bytes:
        if isinstance(self.body, Path):
            return self.body.read_bytes()  # fixtures are read in place, never copied
        if callable(self.body):
            return self.body()
        return self.body


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


class FixtureServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._handle(self)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(
        self, path: str, body: bytes | Path | Callable[[], bytes] = b"", **kw: object
    ) -> Route:
        self.routes[path] = Route(body=body, **kw)  # type: ignore[arg-type]
        return self.routes[path]

    def hits_of(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path.split("?")[0] == path]

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes slow handlers so shutdown does not wait for them
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        self.hits.append(Hit(request.path, {k: v for k, v in request.headers.items()}))
        route = self.routes.get(request.path.split("?")[0])
        if route is None:
            self._send(request, 404, b"not found", "text/plain")
            return
        route.served += 1
        if route.delay:
            self._stop.wait(route.delay)
        if route.location is not None:
            self._send(request, 302, b"", "text/plain", {"Location": route.location})
            return
        if route.drip:
            self._drip(request, route)
            return
        if route.served <= route.fail_first:
            headers = {"Retry-After": route.retry_after} if route.retry_after else {}
            self._send(request, 500, b"temporary failure", "text/plain", headers)
            return
        if (route.etag and request.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and request.headers.get("If-Modified-Since") == route.last_modified
        ):
            self._send(request, 304, b"", route.content_type, self._validators(route))
            return
        self._send(
            request, route.status, route.payload(), route.content_type, self._validators(route)
        )

    def _drip(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        body = route.payload()
        try:
            request.send_response(200)
            request.send_header("Content-Type", route.content_type)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            for byte in body:
                if self._stop.wait(route.drip):
                    return
                request.wfile.write(bytes([byte]))
                request.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _validators(route: Route) -> dict[str, str]:
        headers = {}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        return headers

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", ctype)
            if status != 304:
                request.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            if status != 304:
                request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to clean up
