"""The polite HTTP fetcher every web source goes through.

Politeness is one policy in one place (docs/feeds.md): an honest User-Agent, conditional GET
(ETag / Last-Modified, RFC 9110 §13.1), a minimum interval between requests to the same host,
timeouts, a size cap, and retries with exponential backoff only where retrying can help (5xx,
429, timeouts, refused connections) — never on other 4xx, which would only repeat the same answer.

Besides the timeout between two reads there is a total deadline per `get` (connect, every read
and every retry): a server dripping one byte a second never holds a fetch longer than that. A
redirect to another scheme (file://, ftp://) and a redirect loop are refused at once, never
retried: asking again would get the same answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from altruist import __version__
from altruist.errors import FetchError

USER_AGENT = f"altruist/{__version__} (+local-first networking assistant)"

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Politeness:
    """How hard we may lean on other people's servers. Defaults are for the real web; tests and
    benchmarks shrink the waits so nothing sleeps for seconds."""

    timeout: float = 20.0  # seconds to connect and between bytes read
    deadline: float = 120.0  # seconds for one `get` in all: connect, all reads, all retries
    retries: int = 3  # extra attempts after the first, for retryable failures only
    backoff: float = 1.0  # first wait before a retry; doubles with every attempt
    max_backoff: float = 60.0  # cap for our backoff and for a server's Retry-After
    min_interval: float = 1.0  # at most one request per host per this many seconds
    max_bytes: int = 20_000_000  # a feed larger than this is refused, not buffered


@dataclass(frozen=True)
class HttpResponse:
    url: str
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or ''}:{parts.port or ''}"


class HostRateLimiter:
    """Hands out request slots per host, `min_interval` apart. Threads reserve a slot under the
    lock and sleep outside it, so one slow host never blocks requests to the others."""

    def __init__(
        self,
        min_interval: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_interval = min_interval
        self._sleep = sleep
        self._now = monotonic
        self._next_free: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until this host may be asked again; returns the seconds waited."""
        with self._lock:
            now = self._now()
            slot = max(now, self._next_free.get(host, now))
            self._next_free[host] = slot + self.min_interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay

    def hold_off(self, host: str, seconds: float) -> None:
        """A server asked us to stay away (Retry-After, Stack Exchange's `backoff`)."""
        with self._lock:
            now = self._now()
            self._next_free[host] = max(self._next_free.get(host, now), now + seconds)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class PoliteClient:
    """A thread-safe GET-only client: share one between all concurrent fetches so the per-host
    limit holds across them."""

    def __init__(
        self,
        policy: Politeness | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        max_connections: int = 16,
    ) -> None:
        self.policy = policy or Politeness()
        self._sleep = sleep
        self.limiter = HostRateLimiter(self.policy.min_interval, sleep=sleep)
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=True,
            limits=httpx.Limits(max_connections=max_connections),
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> HttpResponse:
        """GET with conditional headers; 304 comes back as a response, failures as FetchError."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs can be fetched")
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        host = host_key(url)
        attempts = self.policy.retries + 1
        last_problem = ""
        give_up_at = time.monotonic() + self.policy.deadline
        for attempt in range(attempts):
            self.limiter.wait(host)
            wait: float | None = None
            if time.monotonic() >= give_up_at:
                raise FetchError(f"{url}: {self._late(last_problem)}")
            try:
                response, retry_after = self._get_once(url, headers, give_up_at)
            except httpx.UnsupportedProtocol as exc:
                raise FetchError(f"{url}: redirected to a URL that is not http or https") from exc
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"{url}: too many redirects (a redirect loop?)") from exc
            except httpx.TimeoutException:
                last_problem = f"timed out after {self.policy.timeout:g} s"
            except httpx.TransportError as exc:
                last_problem = f"connection failed ({type(exc).__name__}: {exc})"
            except httpx.HTTPError as exc:  # an invalid URL or header: asking again cannot help
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
            else:
                if response.status < 400:  # 304 Not Modified included
                    return response
                reason = f"HTTP {response.status}"
                if response.status not in RETRYABLE_STATUS:
                    raise FetchError(f"{url}: {reason}{_snippet(response.body)}")
                last_problem = reason
                wait = retry_after_seconds(retry_after)
                if wait is not None:
                    self.limiter.hold_off(host, min(wait, self.policy.max_backoff))
            if attempt + 1 < attempts:
                backoff = self.policy.backoff * (2**attempt)
                pause = min(max(backoff, wait or 0.0), self.policy.max_backoff)
                if time.monotonic() + pause >= give_up_at:
                    last_problem += (
                        f"; no time left within the deadline of {self.policy.deadline:g} s"
                    )
                    attempts = attempt + 1
                    break
                self._sleep(pause)
        raise FetchError(f"{url}: {last_problem} (gave up after {attempts} attempts)")

    def _late(self, last_problem: str) -> str:
        return f"no complete answer within the deadline of {self.policy.deadline:g} s" + (
            f" (last: {last_problem})" if last_problem else ""
        )

    def _get_once(
        self, url: str, headers: dict[str, str], give_up_at: float
    ) -> tuple[HttpResponse, str | None]:
        remaining = max(0.001, give_up_at - time.monotonic())
        timeout = httpx.Timeout(min(self.policy.timeout, remaining))
        with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise FetchError(f"{url}: response of {declared} bytes exceeds the size limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                if time.monotonic() > give_up_at:
                    raise FetchError(f"{url}: {self._late('still reading')}")
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise FetchError(
                        f"{url}: response exceeds the size limit of {self.policy.max_bytes} bytes"
                    )
                chunks.append(chunk)
            return (
                HttpResponse(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    content_type=response.headers.get("Content-Type", ""),
                ),
                response.headers.get("Retry-After"),
            )


def _snippet(body: bytes) -> str:
    text = body[:200].decode("utf-8", "replace").strip()
    return f": {' '.join(text.split())[:120]}" if text else ""
