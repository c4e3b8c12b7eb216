"""An IMAP mailbox as a source of conversations — headers only (issue 17).

Read: the inbox and the sent folder (found by SPECIAL-USE, RFC 6154), and of each message only
From, To, Cc, Date, Message-ID and List-Id (the Subject only when the account enables it),
fetched with `BODY.PEEK[HEADER.FIELDS (…)]`: bodies never leave the server, and PEEK leaves the
\\Seen flag alone. Incremental by UIDVALIDITY and UID (RFC 3501 §2.3.1.1): only UIDs above the
last one seen are read; a changed UIDVALIDITY reads the folder again, and the Message-ID keeps
each mail stored once.

Who is met: a mail the user sent (From is one of the user's own addresses) is an outgoing
interaction with each recipient — someone the user writes to is a contact, new or not. A mail
received is an incoming interaction with its sender only if the sender is already a person
(or the user wrote to them): an inbox would otherwise turn every newsletter and stranger into
a contact. A mail with a List-Id belongs to a mailing list, not to a person: it is counted per
list in the report and never attributed to its sender.

Client: `imapclient` (kept, handles literals, UID commands and SPECIAL-USE flags).
"""

from __future__ import annotations

import contextlib
import hashlib
import imaplib
import ssl
from collections import Counter
from datetime import UTC, datetime
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import urlsplit

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlalchemy import select

from altruist.clock import Clock, system_clock
from altruist.domain import Direction, InteractionKind
from altruist.ingest.identity import normalize_email
from altruist.ingest.importer import write_parsed
from altruist.ingest.records import InteractionRecord, ParseResult, Participant
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store, own_addresses
from altruist.store import sync_repo as repo
from altruist.store.schema import identities
from altruist.store.sync_repo import Account

FORMAT = "imap"
CHUNK = 2000
HEADERS = ("FROM", "TO", "CC", "DATE", "MESSAGE-ID", "LIST-ID")


def sync_account(
    store: Store,
    account: Account,
    password: str | None,
    *,
    clock: Clock = system_clock,
    region: str = "DE",
    timeout: float = 30.0,
) -> AccountReport:
    report = AccountReport(account.name, account.kind)
    try:
        client = _connect(account, password or "", timeout)
    except SyncError as exc:
        report.errors.append(str(exc))
        return report
    try:
        # Sent first: whoever the user wrote to is a person before the inbox is read.
        for folder, sent in _folders(client):
            report.collections += 1
            try:
                _sync_folder(store, account, client, folder, sent, report, clock, region)
            except (IMAPClientError, imaplib.IMAP4.error, OSError) as exc:
                report.errors.append(f"{account.url} {folder}: {exc}")
    finally:
        with contextlib.suppress(IMAPClientError, imaplib.IMAP4.error, OSError):
            client.logout()
    return report


def _connect(account: Account, password: str, timeout: float) -> IMAPClient:
    parts = urlsplit(account.url)
    host, starttls = parts.hostname or "", parts.scheme == "imap"
    context = ssl.create_default_context(cafile=account.options.get("cafile"))
    try:
        client = IMAPClient(
            host,
            port=parts.port or (143 if starttls else 993),
            ssl=not starttls,
            ssl_context=context,
            timeout=timeout,
        )
        if starttls:
            client.starttls(context)
        client.login(account.username or "", password)
    except IMAPClientError as exc:
        raise SyncError(f"{account.url}: the server refused the login ({exc})") from exc
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise SyncError(f"{account.url}: the server's certificate is not trusted ({exc})") from exc
    except TimeoutError as exc:
        raise SyncError(f"{account.url}: the server did not answer in time") from exc
    except (imaplib.IMAP4.error, OSError) as exc:
        raise SyncError(f"{account.url}: cannot reach the server ({exc})") from exc
    return client


def _folders(client: IMAPClient) -> list[tuple[str, bool]]:
    sent = client.find_special_folder(b"\\Sent")
    return ([(sent, True)] if sent else []) + [("INBOX", False)]


def _sync_folder(
    store: Store,
    account: Account,
    client: IMAPClient,
    folder: str,
    sent: bool,
    report: AccountReport,
    clock: Clock,
    region: str,
) -> None:
    with store.transaction() as conn:
        collection_id, state = repo.collection(conn, account.id, folder)
        own = own_addresses.load(conn)
        known = {
            v
            for (v,) in conn.execute(select(identities.c.value).where(identities.c.kind == "email"))
        }
    selected = client.select_folder(folder, readonly=True)
    validity = int(selected[b"UIDVALIDITY"])
    last = int(state.get("last_uid", 0)) if state.get("uidvalidity") == validity else 0
    uids = [u for u in client.search(["UID", f"{last + 1}:*"]) if u > last]
    keep_subject = bool(account.options.get("subjects"))
    fields = HEADERS + (("SUBJECT",) if keep_subject else ())
    item = f"BODY.PEEK[HEADER.FIELDS ({' '.join(fields)})]"
    answer = item.replace(".PEEK", "").encode()
    parsed = ParseResult(FORMAT)
    lists: Counter[str] = Counter(state.get("lists", {}))
    parser = BytesHeaderParser(policy=default_policy)
    # Everything is fetched before anything is written: a server that stops costs nothing.
    for start in range(0, len(uids), CHUNK):
        chunk = uids[start : start + CHUNK]
        for uid, data in client.fetch(chunk, [item, "INTERNALDATE"]).items():
            headers = parser.parsebytes(data.get(answer, b""))
            record = _record(
                uid, headers, data.get(b"INTERNALDATE"), own, known, sent, keep_subject
            )
            if isinstance(record, str):
                lists[record] += 1
            elif record is not None:
                parsed.interactions.append(record)
    report.fetched += len(uids)
    with store.transaction() as conn:
        if parsed.interactions:
            digest = hashlib.sha256(f"{account.name}{folder}{validity}{uids}".encode())
            report.absorb(
                write_parsed(
                    conn,
                    parsed,
                    f"imap://{account.name}/{folder}",
                    sha256=digest.hexdigest(),
                    now=clock(),
                    region=region,
                )
            )
        new_state = {"uidvalidity": validity, "last_uid": max(uids, default=last)}
        repo.save_state(conn, collection_id, state | new_state | {"lists": dict(lists)})


def _addresses(value: object) -> list[tuple[str, str]]:
    """(display name, normalised address) of a header; groups and junk are dropped."""
    if value is None:
        return []
    addresses = getattr(value, "addresses", None)
    if addresses is not None:
        pairs = [(a.display_name, a.addr_spec) for a in addresses if isinstance(a, Address)]
    else:
        pairs = getaddresses([str(value)])
    out: list[tuple[str, str]] = []
    for name, raw in pairs:
        email = normalize_email(raw)
        if email:
            out.append((name, email))
    return out


def _record(
    uid: int,
    headers: object,
    internal: object,
    own: frozenset[str],
    known: set[str],
    sent_folder: bool,
    keep_subject: bool,
) -> InteractionRecord | str | None:
    """One mail as an interaction; the List-Id (str) of a list mail; None for nothing."""
    get = headers.get  # type: ignore[attr-defined]
    try:
        list_id = get("List-Id")
        senders = _addresses(get("From"))
        recipients = _addresses(get("To")) + _addresses(get("Cc"))
    except (ValueError, TypeError, IndexError):
        return None  # a header too broken to read: the mail names nobody we can trust
    if list_id:
        return str(list_id).strip()[:300]
    outgoing = sent_folder or any(email in own for _, email in senders)
    if outgoing:
        people = [(n, e) for n, e in recipients if e not in own]
    else:
        people = [(n, e) for n, e in senders if e not in own and e in known]
    if not people:
        return None
    when = _date(get("Date"), internal)
    message_id = str(get("Message-ID") or "").strip()
    subject = str(get("Subject") or "").strip() if keep_subject else ""
    return InteractionRecord(
        line=uid,
        kind=InteractionKind.MESSAGE,
        occurred_at=when,
        participants=[Participant(name=n, email=e) for n, e in dict.fromkeys(people)],
        direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
        summary=subject[:300] or None,
        # The Message-ID identifies the mail in every folder and after a new UIDVALIDITY.
        dedup_material=message_id or f"{when.isoformat()}|{sorted(e for _, e in people)}",
    )


def _date(header: object, internal: object) -> datetime:
    try:
        if header is not None:
            when = parsedate_to_datetime(str(header))
            return when if when.tzinfo else when.replace(tzinfo=UTC)
    except (ValueError, TypeError, IndexError):
        pass
    if isinstance(internal, datetime):
        return internal if internal.tzinfo else internal.replace(tzinfo=UTC)
    return datetime.now(UTC)
