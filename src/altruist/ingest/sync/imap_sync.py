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

Client: the standard library's imaplib (imap_wire.py says why not imapclient).
"""

from __future__ import annotations

import hashlib
import imaplib
from collections import Counter
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime

from sqlalchemy import select

from altruist.clock import Clock, system_clock
from altruist.domain import Direction, InteractionKind
from altruist.ingest.identity import normalize_email
from altruist.ingest.importer import write_parsed
from altruist.ingest.records import InteractionRecord, ParseResult, Participant
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.imap_wire import Mailbox
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
        box = Mailbox(
            account.url,
            account.username or "",
            password or "",
            cafile=account.options.get("cafile"),
            timeout=timeout,
            fingerprint=account.options.get("fingerprint"),
        )
    except SyncError as exc:
        report.errors.append(str(exc))
        return report
    try:
        # Sent first: whoever the user wrote to is a person before the inbox is read.
        sent = box.sent_folder()
        for folder, is_sent in ([(sent, True)] if sent else []) + [(b"INBOX", False)]:
            report.collections += 1
            try:
                _sync_folder(store, account, box, folder, is_sent, report, clock, region)
            except (imaplib.IMAP4.error, OSError, SyncError) as exc:
                report.errors.append(f"{account.url} {folder.decode(errors='replace')}: {exc}")
    finally:
        box.close()
    return report


def _sync_folder(
    store: Store,
    account: Account,
    box: Mailbox,
    folder: bytes,
    sent: bool,
    report: AccountReport,
    clock: Clock,
    region: str,
) -> None:
    name = folder.decode("utf-8", "replace").strip('"')
    with store.transaction() as conn:
        collection_id, state = repo.collection(conn, account.id, name)
        own = own_addresses.load(conn)
        known = {
            v
            for (v,) in conn.execute(select(identities.c.value).where(identities.c.kind == "email"))
        }
    validity = box.examine(folder)
    last = int(state.get("last_uid", 0)) if state.get("uidvalidity") == validity else 0
    uids = box.uids_after(last)
    keep_subject = bool(account.options.get("subjects"))
    fields = HEADERS + (("SUBJECT",) if keep_subject else ())
    parsed = ParseResult(FORMAT)
    lists: Counter[str] = Counter(state.get("lists", {}))
    # compat32 (the default policy) with getaddresses: the modern header registry parses each
    # address into objects and cost ~4 ms a message, most of a 100,000-message first sync.
    parser = BytesHeaderParser()
    # Everything is fetched before anything is written: a server that stops costs nothing.
    for start in range(0, len(uids), CHUNK):
        for uid, internal, raw in box.headers(uids[start : start + CHUNK], fields):
            headers = parser.parsebytes(raw)
            record = _record(uid, headers, internal, own, known, sent, keep_subject)
            if isinstance(record, str):
                lists[record] += 1
            elif record is not None:
                parsed.interactions.append(record)
    report.fetched += len(uids)
    with store.transaction() as conn:
        if parsed.interactions:
            digest = hashlib.sha256(f"{account.name}{name}{validity}{uids}".encode())
            report.absorb(
                write_parsed(
                    conn,
                    parsed,
                    f"imap://{account.name}/{name}",
                    sha256=digest.hexdigest(),
                    now=clock(),
                    region=region,
                )
            )
        new_state = {"uidvalidity": validity, "last_uid": max(uids, default=last)}
        repo.save_state(conn, collection_id, state | new_state | {"lists": dict(lists)})


def _addresses(value: str | None) -> list[tuple[str, str]]:
    """(display name, normalised address) of a header; groups and junk are dropped."""
    if not value:
        return []
    out: list[tuple[str, str]] = []
    for name, raw in getaddresses([str(value)]):
        email = normalize_email(raw)
        if email:
            out.append((_decoded(name), email))
    return out


def _decoded(name: str) -> str:
    """An RFC 2047 display name (`=?utf-8?q?J=C3=B6rg?=`) as text."""
    if "=?" not in name:
        return name
    try:
        return str(make_header(decode_header(name)))
    except (HeaderParseError, LookupError, UnicodeDecodeError):
        return name


def _record(
    uid: int,
    headers: Message,
    internal: datetime | None,
    own: frozenset[str],
    known: set[str],
    sent_folder: bool,
    keep_subject: bool,
) -> InteractionRecord | str | None:
    """One mail as an interaction; the List-Id (str) of a list mail; None for nothing."""
    get = headers.get
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
    subject = _decoded(str(get("Subject") or "")).strip() if keep_subject else ""
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
