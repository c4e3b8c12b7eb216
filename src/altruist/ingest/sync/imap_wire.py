"""The few IMAP commands a header-only sync needs, over the standard library's imaplib.

LOGIN (after TLS: implicit on 993, or STARTTLS), LIST with the SPECIAL-USE attributes of RFC
6154, EXAMINE (read-only SELECT) for UIDVALIDITY, UID SEARCH and UID FETCH of
`BODY.PEEK[HEADER.FIELDS (…)]`. Why not imapclient: its pure-Python response parser took about
0.3 ms per message here (~30 s of a 100,000-message first sync, measured in bench/bench_imap.py);
imaplib hands back each header block as the bytes the server sent, and a UID and INTERNALDATE
are read from the line before it with one regular expression.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

from altruist.ingest.sync import errors, tls
from altruist.ingest.sync.errors import SyncError

_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)$')
_FETCHED = re.compile(rb"UID (\d+)|INTERNALDATE \"([^\"]+)\"")


class Mailbox:
    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        cafile: str | None,
        timeout: float,
        fingerprint: str | None = None,
    ):
        parts = urlsplit(url)
        host, starttls = parts.hostname or "", parts.scheme == "imap"
        port = parts.port or (143 if starttls else 993)
        context = tls.context(host, port, cafile=cafile, pinned=fingerprint, timeout=timeout)
        self.url = url
        try:
            if starttls:
                self.imap: imaplib.IMAP4 = imaplib.IMAP4(host, port, timeout=timeout)
                self.imap.starttls(ssl_context=context)
            else:
                self.imap = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        except (ssl.SSLError, ssl.CertificateError) as exc:
            raise tls.untrusted_error(url, host, port, exc, timeout) from exc
        except TimeoutError as exc:
            raise SyncError(errors.TIMEOUT, where=url) from exc
        except (imaplib.IMAP4.error, OSError) as exc:
            raise SyncError(errors.UNREACHABLE, where=url, detail=exc) from exc
        try:
            self.imap.login(user, password)
        except imaplib.IMAP4.error as exc:
            self.close()
            raise SyncError(errors.REFUSED, where=url, detail=_text(exc)) from exc

    def close(self) -> None:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self.imap.logout()

    def sent_folder(self) -> bytes | None:
        """The folder flagged \\Sent (RFC 6154), as the server spells its name."""
        typ, lines = self.imap.list()
        if typ != "OK":
            return None
        for line in lines:
            match = _LIST.match(line) if isinstance(line, bytes) else None
            if match and b"\\sent" in match["flags"].lower().split():
                return match["name"]
        return None

    def examine(self, folder: bytes) -> int:
        """Open read-only; the folder's UIDVALIDITY."""
        typ, data = self.imap.select(folder.decode("ascii", "replace"), readonly=True)
        if typ != "OK":
            raise SyncError(f"{self.url}: cannot open folder {folder!r} ({_text(data)})")
        _, values = self.imap.response("UIDVALIDITY")
        return int(values[0]) if values and values[0] else 0

    def uids_after(self, last: int) -> list[int]:
        typ, data = self.imap.uid("SEARCH", f"UID {last + 1}:*")
        if typ != "OK":
            raise SyncError(f"{self.url}: UID SEARCH failed ({_text(data)})")
        # `N:*` names the highest UID even when it is below N (RFC 3501 §6.4.8): filter.
        return sorted(u for u in (int(x) for x in (data[0] or b"").split()) if u > last)

    def headers(
        self, uids: list[int], fields: tuple[str, ...]
    ) -> Iterator[tuple[int, str | None, bytes]]:
        """(UID, INTERNALDATE as sent, header bytes) of each message; never a body. The date
        is parsed by `internaldate` only where a message lacks a usable Date header."""
        item = f"(INTERNALDATE BODY.PEEK[HEADER.FIELDS ({' '.join(fields)})])"
        typ, data = self.imap.uid("FETCH", _uid_set(uids), item)
        if typ != "OK":
            raise SyncError(f"{self.url}: UID FETCH failed ({_text(data)})")
        for index, part in enumerate(data):
            if not isinstance(part, tuple):
                continue  # the closing ")" of each message
            # A server may name UID and INTERNALDATE before the header block or after it (RFC
            # 3501 fixes no order of FETCH items): read the text on both sides.
            after = data[index + 1] if index + 1 < len(data) else b""
            uid, when = None, None
            for found in _FETCHED.finditer(
                part[0] + b" " + (after if isinstance(after, bytes) else b"")
            ):
                if found[1]:
                    uid = int(found[1])
                elif found[2]:
                    when = found[2].decode("ascii", "replace")
            if uid is not None:
                yield uid, when, part[1]


def _uid_set(uids: list[int]) -> str:
    """`3:7,9,12:14` from sorted UIDs: a short command line for thousands of messages."""
    ranges: list[str] = []
    start = prev = uids[0]
    for uid in [*uids[1:], 0]:  # 0 ends the last run
        if uid == prev + 1:
            prev = uid
            continue
        ranges.append(str(start) if start == prev else f"{start}:{prev}")
        start = prev = uid
    return ",".join(ranges)


def internaldate(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _text(value: object) -> str:
    if isinstance(value, list):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
