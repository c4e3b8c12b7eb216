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
a contact. A mail with a List-Id belongs to a mailing list, not to a person: it is never
attributed to its sender; its list becomes one of the user's groups (imap_lists.py). A mail the
user sends to a list's posting address (learned from List-Post) makes no contact of the list.

Client: the standard library's imaplib (imap_wire.py says why not imapclient).
"""

from __future__ import annotations

import hashlib
import imaplib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from sqlalchemy import select

from altruist.clock import Clock, system_clock
from altruist.domain import Direction, InteractionKind
from altruist.ingest.importer import write_parsed
from altruist.ingest.records import InteractionRecord, ParseResult, Participant
from altruist.ingest.sync import errors, imap_headers, imap_lists
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.imap_lists import ListMail
from altruist.ingest.sync.imap_wire import Mailbox, internaldate
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store, own_addresses
from altruist.store import sync_repo as repo
from altruist.store.schema import identities
from altruist.store.sync_repo import Account

FORMAT = "imap"
CHUNK = 5000
HEADERS = (
    "FROM",
    "TO",
    "CC",
    "DATE",
    "MESSAGE-ID",
    "LIST-ID",
    "LIST-ARCHIVE",
    "LIST-POST",
    "ARCHIVED-AT",
)
# Read only with subjects: they thread list posts, which exist only with a subject as title.
THREAD_HEADERS = ("SUBJECT", "IN-REPLY-TO", "REFERENCES")


@dataclass(slots=True)
class Mail:
    """The header fields of one message that decide what it is."""

    uid: int
    internal: str | None  # INTERNALDATE as the server wrote it; parsed only without a Date
    senders: list[tuple[str, str]]
    recipients: list[tuple[str, str]]
    date: str | None
    message_id: str
    subject: str
    list_mail: ListMail | None


@dataclass
class Folder:
    """One folder's fetched headers, held until every folder is fetched and then written."""

    name: str
    sent: bool
    collection_id: int
    state: dict[str, Any]
    validity: int
    uids: list[int]
    mails: list[Mail] = field(default_factory=list)


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
        report.add_error(exc)
        return report
    keep_subject = bool(account.options.get("subjects"))
    fetched: list[Folder] = []
    try:
        # Sent first: whoever the user wrote to is a person before the inbox is written.
        sent = box.sent_folder()
        for name, is_sent in ([(sent, True)] if sent else []) + [(b"INBOX", False)]:
            report.collections += 1
            try:
                fetched.append(_fetch_folder(store, account, box, name, is_sent, keep_subject))
            except SyncError as exc:
                report.add_error(exc)
            except (imaplib.IMAP4.error, OSError) as exc:
                where = f"{account.url} {name.decode(errors='replace')}"
                report.add_error(SyncError(errors.MAIL_FAILED, where=where, detail=exc))
    finally:
        box.close()
    # Every folder is read before any is written: the inbox's list mail names the lists' posting
    # addresses, which the user's sent mail to a list must not turn into a contact.
    list_addresses = set().union(*(f.state.get("list_addresses", []) for f in fetched))
    for folder in fetched:
        list_addresses |= {
            m.list_mail.post_address
            for m in folder.mails
            if m.list_mail and m.list_mail.post_address
        }
    for folder in fetched:
        _write_folder(store, account, folder, frozenset(list_addresses), report, clock, region)
    return report


def _fetch_folder(
    store: Store, account: Account, box: Mailbox, folder: bytes, sent: bool, keep_subject: bool
) -> Folder:
    name = folder.decode("utf-8", "replace").strip('"')
    with store.transaction() as conn:
        collection_id, state = repo.collection(conn, account.id, name)
    validity = box.examine(folder)
    last = int(state.get("last_uid", 0)) if state.get("uidvalidity") == validity else 0
    uids = box.uids_after(last)
    fetched = Folder(name, sent, collection_id, state, validity, uids)
    wanted = HEADERS + (THREAD_HEADERS if keep_subject else ())
    # Everything is fetched before anything is written: a server that stops costs nothing.
    for start in range(0, len(uids), CHUNK):
        for uid, internal, raw in box.headers(uids[start : start + CHUNK], wanted):
            mail = _mail(uid, internal, imap_headers.fields(raw), keep_subject)
            if mail is not None:
                fetched.mails.append(mail)
    return fetched


def _write_folder(
    store: Store,
    account: Account,
    folder: Folder,
    list_addresses: frozenset[str],
    report: AccountReport,
    clock: Clock,
    region: str,
) -> None:
    keep_subject = bool(account.options.get("subjects"))
    with store.transaction() as conn:
        own = own_addresses.load(conn)
        known = {
            v
            for (v,) in conn.execute(select(identities.c.value).where(identities.c.kind == "email"))
        }
        parsed = ParseResult(FORMAT)
        lists: dict[str, int] = dict(folder.state.get("lists", {}))
        list_mails: list[ListMail] = []
        for mail in folder.mails:
            if mail.list_mail is not None:
                list_mails.append(mail.list_mail)
                lists[mail.list_mail.list_id] = lists.get(mail.list_mail.list_id, 0) + 1
                continue
            record = _record(mail, own, list_addresses, known, folder.sent)
            if record is not None:
                parsed.interactions.append(record)
        report.fetched += len(folder.uids)
        if parsed.interactions:
            uids = folder.uids
            digest = hashlib.sha256(f"{account.name}{folder.name}{folder.validity}{uids}".encode())
            report.absorb(
                write_parsed(
                    conn,
                    parsed,
                    f"imap://{account.name}/{folder.name}",
                    sha256=digest.hexdigest(),
                    now=clock(),
                    region=region,
                )
            )
        if list_mails:
            written = imap_lists.store_lists(
                conn, list_mails, own=own, keep_posts=keep_subject, now=clock()
            )
            report.groups_added += written.groups_added
            report.posts_added += written.posts_added
        last = int(folder.state.get("last_uid", 0))
        new_state = {
            "uidvalidity": folder.validity,
            "last_uid": max(folder.uids, default=last),
            "lists": lists,
            "list_addresses": sorted(list_addresses),
        }
        repo.save_state(conn, folder.collection_id, folder.state | new_state)


def _mail(
    uid: int, internal: str | None, header: dict[str, str], keep_subject: bool
) -> Mail | None:
    """The fields of one message, or None when a header is too broken to trust."""
    get = header.get
    try:
        senders = imap_headers.addresses(get("from"))
        recipients = imap_headers.addresses(get("to")) + imap_headers.addresses(get("cc"))
    except (ValueError, TypeError, IndexError):
        return None  # a header too broken to read: the mail names nobody we can trust
    subject = imap_headers.decoded(get("subject", "")).strip() if keep_subject else ""
    message_id = get("message-id", "").strip()
    mail = Mail(uid, internal, senders, recipients, get("date"), message_id, subject, None)
    identity = imap_lists.list_identity(get("list-id", ""))
    if identity is not None:
        author_name, author = senders[0] if senders else (None, None)
        mail.list_mail = ListMail(
            list_id=identity[0],
            list_name=imap_headers.decoded(identity[1]),
            archive=imap_lists.first_link(get("list-archive")),
            archived_at=imap_lists.first_link(get("archived-at")),
            post_address=imap_lists.post_address(get("list-post")),
            message_id=message_id.strip("<>") or None,
            author_name=author_name or None,
            author=author,
            when=_date(mail),
            subject=subject[:300],
            thread_root=imap_lists.thread_root(get("in-reply-to"), get("references")),
        )
    return mail


def _record(
    mail: Mail,
    own: frozenset[str],
    list_addresses: frozenset[str],
    known: set[str],
    sent_folder: bool,
) -> InteractionRecord | None:
    """One mail as an interaction, or None when it is with nobody who counts."""
    outgoing = sent_folder or any(email in own for _, email in mail.senders)
    not_people = own | list_addresses
    if outgoing:
        people = [(n, e) for n, e in mail.recipients if e not in not_people]
    else:
        people = [(n, e) for n, e in mail.senders if e not in not_people and e in known]
    if not people:
        return None
    when = _date(mail)
    return InteractionRecord(
        line=mail.uid,
        kind=InteractionKind.MESSAGE,
        occurred_at=when,
        participants=[Participant(name=n, email=e) for n, e in dict.fromkeys(people)],
        direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
        summary=mail.subject[:300] or None,
        # The Message-ID identifies the mail in every folder and after a new UIDVALIDITY.
        dedup_material=mail.message_id or f"{when.isoformat()}|{sorted(e for _, e in people)}",
    )


def _date(mail: Mail) -> datetime:
    try:
        if mail.date:
            when = parsedate_to_datetime(mail.date)
            return when if when.tzinfo else when.replace(tzinfo=UTC)
    except (ValueError, TypeError, IndexError):
        pass
    internal = internaldate(mail.internal) if mail.internal else None
    if internal is not None:
        return internal
    return datetime.now(UTC)
