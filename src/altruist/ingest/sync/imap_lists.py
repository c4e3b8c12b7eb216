"""Mailing-list mail read from an IMAP account becomes the user's groups (issue 17).

A mail with a List-Id (RFC 2919) was sent to a list, not to the user: it is no interaction
with its sender. Instead each list is a Group of kind `mailing-list`, found again by its list
identifier (`groups.list_id`), named after the List-Id's phrase (`Python DE <python-de.…>`)
or, without one, the identifier itself; its url is the list's archive (List-Archive, RFC 2369)
where the list names one, so the Groups page links to it.

Posts: only when the account keeps subjects (`--subjects`). Bodies are never read, so a post
is its subject, author, date and the message's archive page (Archived-At, RFC 5064); the
questions engine matches on the title then. Threads follow the headers alone: a mail without
In-Reply-To/References and without a reply prefix opens a thread (a question); any other mail
is an answer to the thread's first message, which RFC 5322 §3.6.4 puts first in References
(falling back to In-Reply-To). That needs no earlier mail at hand, so an incremental sync
threads a reply to a question it read a year ago. Without subjects a list is a group with its
archive link and no posts: a post without a title would be noise among the questions.

The user's own list mail (From one of their addresses) is a post `by_me`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update

from altruist.domain import Group, Post
from altruist.ingest.feeds.mbox import is_solved
from altruist.ingest.feeds.source import MAILING_LIST
from altruist.store import groups as groups_repo
from altruist.store.schema import groups, posts

_ANGLE = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*(re|aw|antw|wg|fwd?)\s*(\[\d+\])?\s*:", re.IGNORECASE)
_PREFIX_TAG = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
# Column sizes (schema.py): PostgreSQL refuses longer values, so they are cut here.
_NAME, _LIST_ID, _URL, _EXTERNAL, _ACCOUNT = 300, 300, 1000, 500, 300


@dataclass(slots=True)
class ListMail:
    """One list mail as far as the group needs it: its list, author, date, and thread."""

    list_id: str  # `python-de.example.org`, lower-cased
    list_name: str
    archive: str | None  # the list's archive page (List-Archive)
    archived_at: str | None  # this message's archive page (Archived-At)
    post_address: str | None  # where members write to (List-Post mailto:)
    message_id: str | None  # without angle brackets
    author_name: str | None
    author: str | None  # normalised address
    when: datetime
    subject: str  # "" unless the account keeps subjects
    thread_root: str | None  # the first message of its thread, for a reply


def list_identity(value: str) -> tuple[str, str] | None:
    """(identifier, display name) of a List-Id header; None when it names no list."""
    found = _ANGLE.search(value)
    ident = (found[1] if found else value).strip().strip("<>").lower()
    if not ident:
        return None
    phrase = value[: found.start()].strip().strip('"').strip() if found else ""
    return ident[:_LIST_ID], (phrase or ident)[:_NAME]


def first_link(value: str | None, schemes: tuple[str, ...] = ("https://", "http://")) -> str | None:
    """The first `<…>` URL of a header (List-Archive, Archived-At, List-Post) with one of the
    schemes; a bare URL is accepted too. `NO` (RFC 2369 §3.4: posting not allowed) is None."""
    if not value:
        return None
    for candidate in _ANGLE.findall(value) or [value.strip()]:
        if candidate.lower().startswith(schemes):
            return candidate[:_URL]
    return None


def post_address(value: str | None) -> str | None:
    link = first_link(value, ("mailto:",))
    return link[len("mailto:") :].split("?")[0].strip().lower() or None if link else None


def thread_root(in_reply_to: str | None, references: str | None) -> str | None:
    refs = _ANGLE.findall(references or "")
    if refs:
        return refs[0][:_EXTERNAL]
    parents = _ANGLE.findall(in_reply_to or "")
    return parents[0][:_EXTERNAL] if parents else None


def is_reply(subject: str, root: str | None) -> bool:
    return root is not None or bool(_REPLY_PREFIX.match(_PREFIX_TAG.sub("", subject)))


@dataclass
class ListsWritten:
    groups_added: int = 0
    posts_added: int = 0


def store_lists(
    conn: Connection,
    mails: Iterable[ListMail],
    *,
    own: frozenset[str],
    keep_posts: bool,
    now: datetime,
) -> ListsWritten:
    """Create or refresh the group of each list, and (with subjects) store its posts."""
    written = ListsWritten()
    by_list: dict[str, list[ListMail]] = {}
    for mail in mails:
        by_list.setdefault(mail.list_id, []).append(mail)
    for list_id, members in by_list.items():
        group, is_new = _group(conn, list_id, members, now)
        written.groups_added += is_new
        if keep_posts and group.id is not None:
            written.posts_added += _store_posts(conn, group.id, members, own)
    return written


def _group(
    conn: Connection, list_id: str, members: list[ListMail], now: datetime
) -> tuple[Group, bool]:
    # The latest mail's archive wins: a list that moved its archive links to the new one.
    archive = next((m.archive for m in reversed(members) if m.archive), None)
    if archive is not None and _url_taken(conn, archive, list_id):
        archive = None  # another group already links there (the user added the archive by hand)
    group = groups_repo.by_list_id(conn, list_id)
    if group is None:
        name = next((m.list_name for m in reversed(members) if m.list_name != list_id), list_id)
        group = groups_repo.add(
            conn, Group(name=name, kind=MAILING_LIST, url=archive, list_id=list_id)
        )
        is_new = True
    else:
        is_new = False
    values: dict[str, object] = {"last_fetched_at": now, "last_error": None}
    if archive is not None and archive != group.url:
        values["url"] = archive
    groups_repo.update_group(conn, group.id or 0, **values)
    return group, is_new


def _url_taken(conn: Connection, url: str, list_id: str) -> bool:
    owner = conn.execute(select(groups.c.list_id).where(groups.c.url == url)).first()
    return owner is not None and owner.list_id != list_id


def _store_posts(
    conn: Connection, group_id: int, members: list[ListMail], own: frozenset[str]
) -> int:
    added = 0
    roots: set[str] = set()
    for mail in members:
        if not mail.message_id:
            continue  # nothing to find it again by: a re-read would store it twice
        reply = is_reply(mail.subject, mail.thread_root)
        root = mail.thread_root if reply else None
        post = Post(
            group_id=group_id,
            external_id=mail.message_id[:_EXTERNAL],
            title=mail.subject or "(no subject)",
            body="",  # bodies never leave the server
            author_name=(mail.author_name or mail.author or None),
            author_account=(mail.author or "")[:_ACCOUNT] or None,
            parent_external_id=root,
            posted_at=mail.when,
            is_question=not reply,
            is_solved=is_solved(mail.subject),
            by_me=mail.author in own,
            url=mail.archived_at,
        )
        if post.author_name:
            post.author_name = post.author_name[:_NAME]
        added += groups_repo.upsert_post(conn, post)
        roots.add(root or post.external_id or "")
    _recount_answers(conn, group_id, roots - {""})
    return added


def _recount_answers(conn: Connection, group_id: int, roots: set[str]) -> None:
    """A thread's answers are counted from the stored posts, so a re-read counts nothing twice;
    a solved answer marks its question solved."""
    for root in roots:
        answers = conn.execute(
            select(func.count()).where(
                posts.c.group_id == group_id, posts.c.parent_external_id == root
            )
        ).scalar_one()
        solved = conn.execute(
            select(posts.c.id).where(
                posts.c.group_id == group_id,
                posts.c.parent_external_id == root,
                posts.c.is_solved.is_(True),
            )
        ).first()
        stmt = update(posts).where(posts.c.group_id == group_id, posts.c.external_id == root)
        values: dict[str, object] = {"answer_count": answers}
        if solved is not None:
            values["is_solved"] = True
        conn.execute(stmt.values(**values))
