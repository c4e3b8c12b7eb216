"""A small WebDAV client for CardDAV (RFC 6352) and CalDAV (RFC 4791) over httpx.

Discovery (RFC 6764 §6, RFC 5397): `/.well-known/carddav|caldav`, then the current user
principal, then its address book or calendar home set, then the collections in it (or the URL
itself when it already is a collection). Changes come from sync-collection (RFC 6578) with the
stored token; a server without it, or one that forgot the token, is scanned instead (every
href with its ETag, compared with what is stored). Items are fetched with one multiget REPORT
per 100 hrefs.

Why not the `caldav` package: it speaks CalDAV only, while CardDAV needs the same discovery,
sync-collection and multiget; one client of ~250 lines over httpx (already a dependency, with
certificate checks and timeouts) serves both the same way. Responses are parsed with
defusedxml: a server is not trusted to send a well-behaved document (entity expansion).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import httpx
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from altruist.ingest.sync import errors, tls
from altruist.ingest.sync.errors import SyncError

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
MULTIGET_CHUNK = 100


@dataclass(frozen=True)
class Flavour:
    """What differs between CardDAV and CalDAV: names, namespaces and the item's content type."""

    kind: str  # "carddav" | "caldav"
    ns: str
    home_set: str
    collection: str  # resourcetype of a collection
    multiget: str
    data: str

    @property
    def well_known(self) -> str:
        return f"/.well-known/{self.kind}"


CARDDAV = Flavour(
    "carddav", CARD, "addressbook-home-set", "addressbook", "addressbook-multiget", "address-data"
)
CALDAV = Flavour(
    "caldav", CAL, "calendar-home-set", "calendar", "calendar-multiget", "calendar-data"
)


@dataclass
class Collection:
    href: str
    name: str
    sync_token: str | None = None
    ctag: str | None = None


@dataclass
class Changes:
    """What changed since the stored state: hrefs with their new ETag, hrefs removed, and the
    state to store once they are written. `complete` means `changed` lists every item (a scan)."""

    changed: dict[str, str | None] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    token: str | None = None
    complete: bool = False


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


class DavClient:
    def __init__(
        self,
        url: str,
        username: str | None,
        password: str | None,
        *,
        timeout: float = 30.0,
        verify: bool | ssl.SSLContext = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        auth = httpx.BasicAuth(username, password or "") if username else None
        self.http = httpx.Client(
            auth=auth,
            timeout=timeout,
            verify=verify,
            follow_redirects=True,
            headers={"user-agent": "altruist (sync)"},
            transport=transport,
        )

    def close(self) -> None:
        self.http.close()

    # --- requests ------------------------------------------------------------------------------

    def _request(
        self, method: str, url: str, body: str, depth: str, *, token_check: bool = False
    ) -> httpx.Response:
        try:
            response = self.http.request(
                method,
                url,
                content=body.encode(),
                headers={"depth": depth, "content-type": "application/xml; charset=utf-8"},
            )
        except httpx.TimeoutException as exc:
            raise SyncError(errors.TIMEOUT, where=url) from exc
        except httpx.HTTPError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                parts = urlsplit(url)
                raise tls.untrusted_error(
                    url, parts.hostname or "", parts.port or 443, exc, self.timeout
                ) from exc
            raise SyncError(errors.UNREACHABLE, where=url, detail=exc) from exc
        if token_check and response.status_code == 403 and b"valid-sync-token" in response.content:
            return response  # RFC 6578 §3.2: the server forgot our token, not our login
        if response.status_code in (401, 403):
            raise SyncError(errors.REFUSED, where=url, detail=response.status_code)
        if response.status_code >= 500:
            # The server is failing: discovery must not read this as "nothing here".
            raise SyncError(errors.SERVER_FAILED, where=url, status=response.status_code)
        return response

    def _multistatus(self, method: str, url: str, body: str, depth: str) -> Element:
        response = self._request(method, url, body, depth)
        if response.status_code != 207:
            raise SyncError(
                errors.ANSWERED, where=url, method=method, status=response.status_code, expected=207
            )
        return parse_xml(response.content, url)

    # --- discovery -----------------------------------------------------------------------------

    def discover(self, flavour: Flavour) -> list[Collection]:
        """The address books or calendars of the account."""
        found = self._collections_at(self.url, flavour, depth="0")
        if found:
            return found  # the URL is a collection itself
        principal = self._principal(flavour)
        home = self._href_prop(principal, _q(flavour.ns, flavour.home_set)) or principal
        return self._collections_at(home, flavour, depth="1")

    def _principal(self, flavour: Flavour) -> str:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.url))
        for start in (urljoin(origin, flavour.well_known), self.url):
            try:
                href = self._href_prop(start, _q(DAV, "current-user-principal"))
            except SyncError as exc:
                if exc.msgid == errors.REFUSED:
                    raise
                continue  # the well-known URL may fail where the account's own URL works
            if href:
                return href
        return self.url

    def _href_prop(self, url: str, prop: str) -> str | None:
        body = f'<d:propfind xmlns:d="DAV:"><d:prop>{_prop_element(prop)}</d:prop></d:propfind>'
        response = self._request("PROPFIND", url, body, "0")
        if response.status_code != 207:
            return None
        root = parse_xml(response.content, url)
        for node in root.iter(prop):
            href = node.find(_q(DAV, "href"))
            if href is not None and href.text:
                return urljoin(str(response.url), href.text.strip())
        return None

    def _collections_at(self, url: str, flavour: Flavour, depth: str) -> list[Collection]:
        body = (
            '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
            "<d:prop><d:resourcetype/><d:displayname/><d:sync-token/><cs:getctag/></d:prop>"
            "</d:propfind>"
        )
        response = self._request("PROPFIND", url, body, depth)
        if response.status_code != 207:
            return []
        root = parse_xml(response.content, url)
        out: list[Collection] = []
        for resp in root.iter(_q(DAV, "response")):
            href = _text(resp, _q(DAV, "href"))
            kind = resp.find(f".//{_q(DAV, 'resourcetype')}")
            if not href or kind is None or kind.find(_q(flavour.ns, flavour.collection)) is None:
                continue
            out.append(
                Collection(
                    href=urljoin(str(response.url), href),
                    name=_text(resp, f".//{_q(DAV, 'displayname')}") or href,
                    sync_token=_text(resp, f".//{_q(DAV, 'sync-token')}"),
                    ctag=_text(resp, f".//{_q(CS, 'getctag')}"),
                )
            )
        return out

    # --- changes -------------------------------------------------------------------------------

    def changes(self, coll: Collection, token: str | None, known: dict[str, str | None]) -> Changes:
        """Changes since `token` (RFC 6578); a scan when there is no token or the server cannot
        use it. `known` is href -> ETag as stored, for the scan."""
        if token and coll.sync_token:
            found = self._sync_collection(coll.href, token)
            if found is not None:
                return found
        if coll.sync_token:
            found = self._sync_collection(coll.href, "")
            if found is not None:
                found.complete = True
                found.removed = [h for h in known if h not in found.changed]
                found.changed = {h: e for h, e in found.changed.items() if known.get(h) != e}
                return found
        return self._scan(coll, known)

    def _sync_collection(self, href: str, token: str) -> Changes | None:
        body = (
            '<d:sync-collection xmlns:d="DAV:">'
            f"<d:sync-token>{_escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
            "<d:prop><d:getetag/></d:prop></d:sync-collection>"
        )
        response = self._request("REPORT", href, body, "0", token_check=True)
        if response.status_code != 207:
            return None  # 403/409 valid-sync-token, or 501: scan instead
        root = parse_xml(response.content, href)
        out = Changes(token=_text(root, _q(DAV, "sync-token")))
        for resp in root.iter(_q(DAV, "response")):
            item = _text(resp, _q(DAV, "href"))
            if not item or _same(urljoin(href, item), href):
                continue
            item = urljoin(href, item)
            status = _text(resp, _q(DAV, "status")) or ""
            if " 404" in status:
                out.removed.append(item)
            else:
                out.changed[item] = _text(resp, f".//{_q(DAV, 'getetag')}")
        return out

    def _scan(self, coll: Collection, known: dict[str, str | None]) -> Changes:
        body = '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
        root = self._multistatus("PROPFIND", coll.href, body, "1")
        present: dict[str, str | None] = {}
        for resp in root.iter(_q(DAV, "response")):
            item = _text(resp, _q(DAV, "href"))
            if not item or _same(urljoin(coll.href, item), coll.href):
                continue
            present[urljoin(coll.href, item)] = _text(resp, f".//{_q(DAV, 'getetag')}")
        return Changes(
            changed={h: e for h, e in present.items() if known.get(h) != e or e is None},
            removed=[h for h in known if h not in present],
            token=coll.ctag,
            complete=True,
        )

    def fetch(
        self, coll: Collection, flavour: Flavour, hrefs: list[str]
    ) -> Iterator[tuple[str, str | None, str]]:
        """(href, ETag, text) of each item, by multiget in chunks."""
        for start in range(0, len(hrefs), MULTIGET_CHUNK):
            chunk = hrefs[start : start + MULTIGET_CHUNK]
            refs = "".join(f"<d:href>{_escape(urlsplit(h).path)}</d:href>" for h in chunk)
            body = (
                f'<x:{flavour.multiget} xmlns:d="DAV:" xmlns:x="{flavour.ns}">'
                f"<d:prop><d:getetag/><x:{flavour.data}/></d:prop>{refs}</x:{flavour.multiget}>"
            )
            root = self._multistatus("REPORT", coll.href, body, "1")
            for resp in root.iter(_q(DAV, "response")):
                item = _text(resp, _q(DAV, "href"))
                data = _text(resp, f".//{_q(flavour.ns, flavour.data)}")
                if item and data is not None:
                    yield urljoin(coll.href, item), _text(resp, f".//{_q(DAV, 'getetag')}"), data

    # --- write-back (push) ----------------------------------------------------------------------

    def get(self, href: str) -> tuple[str, str | None]:
        """One item's text and its current ETag."""
        try:
            response = self.http.get(href)
        except httpx.HTTPError as exc:
            raise SyncError(errors.UNREACHABLE, where=href, detail=exc) from exc
        if response.status_code != 200:
            raise SyncError(
                errors.ANSWERED, where=href, method="GET", status=response.status_code, expected=200
            )
        return response.text, response.headers.get("etag")

    def put_if_match(
        self, href: str, text: str, etag: str, content_type: str
    ) -> tuple[int, str | None]:
        """Write an item only if it is still the version with `etag` (RFC 7232 If-Match): a
        412 means someone changed it on the server, and nothing was overwritten."""
        try:
            response = self.http.put(
                href,
                content=text.encode(),
                headers={"if-match": etag, "content-type": content_type},
            )
        except httpx.HTTPError as exc:
            raise SyncError(f"{href}: cannot reach the server ({exc})") from exc
        if response.status_code in (401, 403):
            raise SyncError(f"{href}: the server refused the write ({response.status_code})")
        return response.status_code, response.headers.get("etag")


def parse_xml(content: bytes, url: str) -> Element:
    try:
        return ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise SyncError(errors.MALFORMED, where=url, detail=exc) from exc


def _text(node: Element, path: str) -> str | None:
    found = node.find(path)
    return found.text.strip() if found is not None and found.text is not None else None


def _same(a: str, b: str) -> bool:
    return urlsplit(a).path.rstrip("/") == urlsplit(b).path.rstrip("/")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _prop_element(prop: str) -> str:
    ns, name = prop[1:].split("}", 1)
    return f'<p:{name} xmlns:p="{ns}"/>'
