"""Managing the user's groups: add (with kind detection), list with counts, remove.

These are the calls the CLI and the web Groups page make; neither touches SQL itself.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from altruist.domain import Group
from altruist.errors import ConfigError
from altruist.ingest.feeds import source as kinds
from altruist.ingest.feeds.detect import detect_kind, is_url, normalize_location
from altruist.ingest.feeds.http import PoliteClient
from altruist.ingest.feeds.stackexchange import site_and_tags
from altruist.store import Store
from altruist.store import groups as groups_repo


@dataclass
class GroupOverview:
    id: int
    name: str
    kind: str
    url: str
    my_account: str | None
    posts: int
    questions: int
    open_questions: int
    answers: int
    mine: int
    last_fetched_at: datetime | None
    last_error: str | None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["last_fetched_at"] = self.last_fetched_at.isoformat() if self.last_fetched_at else None
        return data


def default_name(location: str, kind: str) -> str:
    if kind == kinds.STACKEXCHANGE:
        try:
            site, tags = site_and_tags(location)
        except Exception:
            site, tags = urlsplit(location).hostname or location, []
        return f"{site} [{', '.join(tags)}]" if tags else site
    if is_url(location):
        parts = urlsplit(location)
        path = parts.path.rstrip("/")
        return f"{parts.hostname}{path}" if path else str(parts.hostname)
    file = Path(location)
    return file.parent.name if file.name.lower() == "posts.xml" else file.name


def add_group(
    store: Store,
    url_or_path: str,
    *,
    name: str | None = None,
    kind: str | None = None,
    account: str | None = None,
    client: PoliteClient | None = None,
) -> Group:
    """Register a group. The kind is guessed unless given; a URL whose shape says nothing is
    probed with one request through `client` (none given: no network, ask for --kind)."""
    location = normalize_location(url_or_path)
    if not location:
        raise ConfigError("give a URL or a path for the group")
    if kind is not None and kind not in kinds.KINDS:
        raise ConfigError(f"unknown kind {kind!r}; choose one of {', '.join(kinds.KINDS)}")
    kind = kind or detect_kind(location, client=client)
    with store.transaction() as conn:
        existing = groups_repo.by_url(conn, location)
        if existing is not None:
            raise ConfigError(f"group {existing.id} ({existing.name}) already has {location}")
        group = Group(
            name=(name or default_name(location, kind))[:300],
            kind=kind,
            url=location,
            my_account=(account or None),
        )
        return groups_repo.add(conn, group)


def set_account(store: Store, group_id: int, account: str | None) -> None:
    """Which account in this group is the user's; their stored posts are re-marked at once."""
    with store.transaction() as conn:
        groups_repo.update_group(conn, group_id, my_account=account or None)
        groups_repo.mark_my_posts(conn, group_id, account)


def remove_group(store: Store, group_id: int) -> Group:
    with store.transaction() as conn:
        group = groups_repo.get(conn, group_id)
        groups_repo.delete_group(conn, group_id)
    return group


def list_groups(store: Store) -> list[GroupOverview]:
    with store.read() as conn:
        groups = groups_repo.all_groups(conn)
        counts = groups_repo.post_counts(conn)
    empty = {"posts": 0, "questions": 0, "open": 0, "answers": 0, "mine": 0}
    overviews = []
    for group in groups:
        c = counts.get(group.id or 0, empty)
        overviews.append(
            GroupOverview(
                id=group.id or 0,
                name=group.name,
                kind=group.kind,
                url=group.url or group.list_id or "",  # a list without an archive link
                my_account=group.my_account,
                posts=c["posts"],
                questions=c["questions"],
                open_questions=c["open"],
                answers=c["answers"],
                mine=c["mine"],
                last_fetched_at=group.last_fetched_at,
                last_error=group.last_error,
            )
        )
    return overviews
