"""CSRF bound to the exact origin and a server secret, body limits before any work, and the Host
check (issue 19). The forged requests are the ones a page on another local port can send."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message

from altruist.clock import Clock
from altruist.config import Settings
from altruist.store import Store, settings_repo
from altruist.web.app import create_app
from altruist.web.security import FORM_BYTES, TOKEN_SCAN_BYTES
from tests.web.conftest import csrf, import_files

T = TypeVar("T")
APP = "http://127.0.0.1:8000"


def _run_alone(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: Playwright's sync API may keep an event loop running
    in the test thread when the browser tests ran first."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _saved_zone(store: Store) -> object:
    with store.read() as conn:
        return settings_repo.get(conn, "timezone")


def test_planted_cookie_from_another_port_is_refused(demo_client: TestClient) -> None:
    """The issue's curl: a cookie planted by another port, the same value in the form."""
    demo_client.cookies.set("altruist_csrf", "T")
    response = demo_client.post(
        "/settings/timezone",
        data={"csrf_token": "T", "timezone": "Europe/Berlin"},
        headers={"origin": "http://127.0.0.1:9999"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert _saved_zone(demo_client.app.state.store) is None  # type: ignore[attr-defined]


def test_token_equal_to_cookie_is_not_enough(demo_client: TestClient) -> None:
    """Without any Origin (curl), a token that merely equals the cookie is not signed."""
    demo_client.cookies.set("altruist_csrf", "T")
    response = demo_client.post(
        "/settings/timezone",
        data={"csrf_token": "T", "timezone": "Asia/Tokyo"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert _saved_zone(demo_client.app.state.store) is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://127.0.0.1:9999"},  # another port, same host
        {"origin": "https://127.0.0.1:8000"},  # another scheme
        {"origin": "http://localhost:8000"},  # another host name
        {"origin": "null"},  # sandboxed frame or file page
        {"referer": "http://127.0.0.1:9999/evil.html"},
        {"sec-fetch-site": "same-site"},  # the browser itself says: another port of this host
    ],
)
def test_valid_token_from_another_origin_is_refused(
    demo_client: TestClient, headers: dict[str, str]
) -> None:
    token = csrf(demo_client)
    response = demo_client.post(
        "/settings/timezone",
        data={"csrf_token": token, "timezone": "Asia/Tokyo"},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert _saved_zone(demo_client.app.state.store) is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": APP},
        {"origin": "HTTP://127.0.0.1:8000"},
        {"referer": APP + "/settings"},
        {"sec-fetch-site": "same-origin", "origin": APP},
        {},  # a program without Origin: the signed token decides
    ],
)
def test_own_origin_with_signed_token_is_accepted(
    demo_client: TestClient, headers: dict[str, str]
) -> None:
    token = csrf(demo_client)
    response = demo_client.post(
        "/settings/timezone",
        data={"csrf_token": token, "timezone": "Asia/Tokyo"},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _saved_zone(demo_client.app.state.store) == "Asia/Tokyo"  # type: ignore[attr-defined]


def test_token_of_another_server_or_another_cookie_is_refused(
    demo_client: TestClient, sqlite_store: Store, clock: Clock
) -> None:
    other = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(other, base_url=APP) as other_client:
        foreign = csrf(other_client)
        nonce = other_client.cookies.get("altruist_csrf")
    csrf(demo_client)
    response = demo_client.post(
        "/settings/timezone",
        data={"csrf_token": foreign, "timezone": "Asia/Tokyo"},
        follow_redirects=False,
    )
    assert response.status_code == 403, "signed with another secret"
    own = csrf(demo_client)
    demo_client.cookies.set("altruist_csrf", str(nonce))
    response = demo_client.post(
        "/settings/timezone", data={"csrf_token": own, "timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 403, "signed for another cookie"


def test_refusal_is_in_the_users_language(demo_client: TestClient) -> None:
    demo_client.cookies.clear()
    response = demo_client.post(
        "/settings/timezone",
        data={"timezone": "Asia/Tokyo"},
        headers={"origin": "http://127.0.0.1:9999", "accept-language": "de"},
    )
    assert response.status_code == 403
    assert "anderen Website" in response.text


def test_testserver_host_only_when_a_test_asks(sqlite_store: Store, clock: Clock) -> None:
    plain = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(plain) as client:  # Starlette's default Host: testserver
        assert client.get("/api/session").status_code == 400
    allowing = create_app(
        Settings(embedder="fake"), store=sqlite_store, clock=clock, extra_hosts=("testserver",)
    )
    with TestClient(allowing) as client:
        assert client.get("/api/session").status_code == 200


def test_https_uses_the_host_prefixed_secure_cookie(sqlite_store: Store, clock: Clock) -> None:
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="https://127.0.0.1:8443") as client:
        cookie = client.get("/api/session").headers["set-cookie"]
        assert cookie.startswith("__Host-altruist_csrf=")
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        token = client.get("/api/session").json()["csrf_token"]
        response = client.post(
            "/settings/timezone",
            data={"csrf_token": token, "timezone": "Asia/Tokyo"},
            headers={"origin": "https://127.0.0.1:8443"},
            follow_redirects=False,
        )
        assert response.status_code == 303


# --- body limits: checked before the body is read ------------------------------------------


class _CountingBody:
    """An ASGI `receive` that hands out a body in chunks and counts what was taken."""

    def __init__(self, body: bytes, chunk: int = 64 * 1024) -> None:
        self.chunks = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
        self.taken = 0

    async def __call__(self) -> Message:
        if self.taken < len(self.chunks):
            chunk = self.chunks[self.taken]
            self.taken += 1
            return {
                "type": "http.request",
                "body": chunk,
                "more_body": self.taken < len(self.chunks),
            }
        return {"type": "http.disconnect"}

    @property
    def bytes_taken(self) -> int:
        return sum(len(c) for c in self.chunks[: self.taken])


def _call(
    client: TestClient, path: str, headers: dict[str, str], body: _CountingBody
) -> tuple[int, str]:
    """One raw ASGI request through the whole app (middleware included)."""
    cookie = f"altruist_csrf={client.cookies.get('altruist_csrf')}"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"cookie", cookie.encode())]
        + [(k.encode(), v.encode()) for k, v in headers.items()],
    }
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    _run_alone(client.app(scope, body, send))  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(start["status"]), text.decode()


@pytest.fixture
def session(demo_client: TestClient) -> Iterator[TestClient]:
    csrf(demo_client)
    yield demo_client


def test_oversized_form_is_refused_before_a_byte_is_read(session: TestClient) -> None:
    body = _CountingBody(b"x" * (FORM_BYTES + 1))
    status, _ = _call(
        session,
        "/settings/timezone",
        {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": str(FORM_BYTES + 1),
        },
        body,
    )
    assert status == 413
    assert body.taken == 0


def test_oversized_upload_is_refused_before_a_byte_is_read(session: TestClient) -> None:
    body = _CountingBody(b"")
    status, _ = _call(
        session,
        "/import",
        {"content-type": "multipart/form-data; boundary=x", "content-length": str(250 * 2**20)},
        body,
    )
    assert status == 413
    assert body.taken == 0


def test_upload_without_token_reads_only_the_start(session: TestClient) -> None:
    """A 20 MB upload without a token: refused after at most the token scan window."""
    boundary = "b0undary"
    payload = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode() + b"Name\n" * (4 * 2**20)
    body = _CountingBody(payload)
    status, _ = _call(
        session,
        "/import",
        {
            "content-type": f"multipart/form-data; boundary={boundary}",
            "content-length": str(len(payload)),
        },
        body,
    )
    assert status == 403
    assert body.bytes_taken <= TOKEN_SCAN_BYTES + 64 * 1024
    assert body.taken < len(body.chunks)


def test_chunked_body_without_length_is_refused_unread(session: TestClient) -> None:
    body = _CountingBody(b"timezone=Asia/Tokyo")
    status, _ = _call(
        session,
        "/settings/timezone",
        {"content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked"},
        body,
    )
    assert status == 411
    assert body.taken == 0


def test_too_many_form_fields_are_refused(session: TestClient) -> None:
    token = csrf(session)
    data = "&".join(f"f{i}=1" for i in range(1000)) + f"&csrf_token={token}&timezone=UTC"
    response = session.post(
        "/settings/timezone",
        content=data,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_upload_with_token_streams_through_to_the_route(session: TestClient) -> None:
    """The part read for the token is replayed: the route gets the whole file, byte for byte."""
    token = csrf(session)
    rows = "".join(f"Vorname{i},Nachname{i},p{i}@example.org\n" for i in range(3000))
    content = "First Name,Last Name,E-mail Address\n" + rows
    response = import_files(
        session,
        data={"csrf_token": token},
        files={"files": ("contacts.csv", content.encode(), "text/csv")},
    )
    assert response.status_code == 200, response.text[:300]
    assert "3,000 added" in response.text
