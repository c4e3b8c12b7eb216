"""Mailing lists from an mbox file or a Maildir folder (stdlib `mailbox`).

Messages are threaded by Message-ID, In-Reply-To and References (RFC 5322 §3.6.4); a reply whose
parent is not in the box joins the thread with the same subject (without "Re:"). The first
message of a thread is the question; every other message of the thread is an answer to it
(`parent_external_id` = the question's Message-ID, whatever it replied to directly). Mailing lists
have no "accepted answer", so a thread is solved only when a subject says so ("[SOLVED]").
Accounts are lower-cased e-mail addresses.
"""

from __future__ import annotations

import mailbox
import re
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from altruist.domain import Group, Post
from altruist.errors import FetchError
from altruist.ingest.feeds.localfile import changed
from altruist.ingest.feeds.source import Fetched, SourceContext
from altruist.ingest.feeds.text import clean, html_to_text, one_line, stable_id
from altruist.store.rows import aware

_MSGID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|antw|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_LIST_PREFIX = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
_SOLVED = re.compile(r"\[(solved|gelöst|erledigt|resolved)\]", re.IGNORECASE)


def _header(msg: Message, name: str) -> str:
    raw = msg.get(name)
    if raw is None:
        return ""
    try:
        return one_line(str(make_header(decode_header(str(raw)))))
    except Exception:  # undecodable encoded-words: keep the raw text rather than lose the mail
        return one_line(str(raw))


def is_solved(subject: str) -> bool:
    """A mailing list has no accepted answer; a subject marked "[SOLVED]" is the nearest."""
    return bool(_SOLVED.search(subject))


def _ids(value: str) -> list[str]:
    return _MSGID.findall(value)


def normalized_subject(subject: str) -> str:
    subject = _LIST_PREFIX.sub("", subject)
    subject = _REPLY_PREFIX.sub("", subject)
    return _LIST_PREFIX.sub("", subject).strip().lower()


def _body(msg: Message) -> str:
    """The first text/plain part (or text/html as text), decoded with its declared charset."""
    html = ""
    for part in msg.walk() if msg.is_multipart() else [msg]:
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html") or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, "replace")
        except LookupError:  # an unknown charset name
            text = payload.decode("utf-8", "replace")
        if ctype == "text/plain":
            return clean(text)
        html = html or html_to_text(text)
    return html


def _date(msg: Message) -> datetime | None:
    raw = msg.get("Date")
    if not raw:
        return None
    try:
        return aware(parsedate_to_datetime(str(raw)))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class _Mail:
    def __init__(self, msg: Message, position: int) -> None:
        self.subject = _header(msg, "Subject")
        name, address = parseaddr(_header(msg, "From"))
        self.account = address.lower() or None
        self.name = name or address or None
        self.date = _date(msg)
        self.body = _body(msg)
        ids = _ids(str(msg.get("Message-ID") or ""))
        # A message without an id still needs a stable one so a re-fetch does not duplicate it.
        self.id = ids[0] if ids else stable_id(self.subject, self.account, self.date, self.body)
        refs = _ids(str(msg.get("References") or ""))
        reply_to = _ids(str(msg.get("In-Reply-To") or ""))
        # Nearest ancestor first: In-Reply-To, then References from last to first.
        self.ancestors = [*reply_to, *reversed(refs)]
        self.position = position
        # RFC 5064: the message's own page in the list archive, where the list adds one
        # (Mailman, Google Groups, lists.debian.org). List-Archive (RFC 2369) is only the
        # archive's start page, so it is not a link to this message.
        self.archived_at = _archive_link(_header(msg, "Archived-At"))


def _archive_link(value: str) -> str | None:
    """The first http(s) URL of an Archived-At header (`<https://…>`), else None."""
    for candidate in re.findall(r"<([^<>\s]+)>", value) or [value.strip()]:
        if candidate.lower().startswith(("https://", "http://")):
            return candidate
    return None


def thread_posts(mails: list[_Mail], *, group_id: int) -> list[Post]:
    mails.sort(key=lambda m: (m.date is None, m.date or datetime.min, m.position))
    by_id: dict[str, _Mail] = {}
    for mail in mails:
        by_id.setdefault(mail.id, mail)
    # Direct parent = the nearest ancestor that is in the box; dates may lie, so links decide.
    parent = {
        mail.id: next((a for a in mail.ancestors if a in by_id and a != mail.id), None)
        for mail in by_id.values()
    }
    root_of: dict[str, str] = {}
    root_by_subject: dict[str, str] = {}
    for mail in by_id.values():  # in date order, so the earliest same-subject root wins
        root, seen = mail.id, {mail.id}
        while (up := parent[root]) is not None and up not in seen:  # `seen` breaks cycles
            seen.add(up)
            root = up
        if root == mail.id:
            subject = normalized_subject(mail.subject)
            is_reply = bool(mail.ancestors) or bool(_REPLY_PREFIX.match(mail.subject))
            if is_reply and subject in root_by_subject:
                root = root_by_subject[subject]  # a reply whose parent is missing from the box
            else:
                root_by_subject.setdefault(subject, mail.id)
        root_of[mail.id] = root
    # A root that was itself re-attached by subject passes its thread on.
    root_of = {mid: root_of.get(root, root) for mid, root in root_of.items()}
    threads: dict[str, list[_Mail]] = {}
    for mail in by_id.values():
        threads.setdefault(root_of[mail.id], []).append(mail)
    posts: list[Post] = []
    for root_id, members in threads.items():
        first = by_id[root_id]
        replies = [m for m in members if m.id != root_id]
        posts.append(
            _post(
                first,
                group_id,
                title=first.subject or "(no subject)",
                answer_count=len(replies),
                solved=any(_SOLVED.search(m.subject) for m in members),
            )
        )
        for reply in replies:
            post = _post(reply, group_id, title=reply.subject or f"Re: {first.subject}")
            post.is_question = False
            post.parent_external_id = root_id
            posts.append(post)
    return posts


def _post(
    mail: _Mail, group_id: int, *, title: str, answer_count: int = 0, solved: bool = False
) -> Post:
    return Post(
        group_id=group_id,
        external_id=mail.id,
        title=title,
        body=mail.body,
        author_name=mail.name,
        author_account=mail.account,
        posted_at=mail.date,
        answer_count=answer_count,
        is_solved=solved,
        url=mail.archived_at,
    )


def read_mailbox(path: Path, *, group_id: int = 0) -> tuple[list[Post], list[str]]:
    """Posts of an mbox file or Maildir folder, and a warning per message that could not be read."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise FetchError(f"{path}: not a Maildir (no cur/ or new/ folder)")
        box: mailbox.Mailbox = mailbox.Maildir(path, create=False)
    else:
        box = mailbox.mbox(path, create=False)
    mails: list[_Mail] = []
    warnings: list[str] = []
    try:
        for position, key in enumerate(box.iterkeys()):
            try:
                msg = box.get_message(key)
                mails.append(_Mail(msg, position))
            except Exception as exc:  # one broken message is reported, the rest still count
                warnings.append(f"{path}: message {position + 1}: {type(exc).__name__}: {exc}")
    except OSError as exc:
        raise FetchError(f"{path}: cannot read mailbox: {exc.strerror or exc}") from exc
    finally:
        box.close()
    if not mails and path.is_file() and path.stat().st_size and not _starts_like_mbox(path):
        raise FetchError(f"{path}:1: not an mbox file (no 'From ' line)")
    return thread_posts(mails, group_id=group_id), warnings


def _starts_like_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def fetch_mailbox(group: Group, _ctx: SourceContext) -> Fetched:
    path = Path(group.url or "")
    is_new, stamp = changed(path, group.last_modified)
    if not is_new:
        return Fetched(not_modified=True, last_modified=stamp)
    posts, warnings = read_mailbox(path, group_id=group.id or 0)
    return Fetched(posts=posts, last_modified=stamp, warnings=warnings)
