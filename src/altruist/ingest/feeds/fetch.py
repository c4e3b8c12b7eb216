"""Fetch all groups concurrently and store each one's posts in its own transaction.

Network work runs in a bounded thread pool (fetching is I/O-bound; one shared PoliteClient keeps
the per-host limit across threads). Writing happens in the calling thread as results arrive, so
SQLite sees one writer at a time and the progress callback runs where the caller's UI lives.
A failing source is recorded on its group (`last_error`) and reported; the others go on.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from altruist.clock import Clock, system_clock
from altruist.domain import Group, Post
from altruist.errors import AltruistError
from altruist.ingest.feeds import source as kinds
from altruist.ingest.feeds.discourse import fetch_discourse
from altruist.ingest.feeds.http import PoliteClient, Politeness
from altruist.ingest.feeds.mbox import fetch_mailbox
from altruist.ingest.feeds.rss import fetch_rss
from altruist.ingest.feeds.se_dump import fetch_se_dump
from altruist.ingest.feeds.source import Fetched, Source, SourceContext, SourceOptions
from altruist.ingest.feeds.stackexchange import fetch_stackexchange
from altruist.store import Store
from altruist.store import groups as groups_repo


def _synced_by_mail(group: Group, _ctx: SourceContext) -> Fetched:
    """A mailing list read from an IMAP account gets its posts from that account's sync
    (ingest/sync/imap_lists.py); fetching it has nothing to do."""
    return Fetched(not_modified=True, etag=group.etag, last_modified=group.last_modified)


SOURCES: dict[str, Source] = {
    kinds.RSS: fetch_rss,
    kinds.DISCOURSE: fetch_discourse,
    kinds.STACKEXCHANGE: fetch_stackexchange,
    kinds.STACKEXCHANGE_DUMP: fetch_se_dump,
    kinds.MBOX: fetch_mailbox,
    kinds.MAILDIR: fetch_mailbox,
    kinds.MAILING_LIST: _synced_by_mail,
}

# Column sizes of the posts table; PostgreSQL refuses longer values, SQLite would keep them.
_LIMITS = {
    "external_id": 500,
    "author_name": 300,
    "author_account": 300,
    "parent_external_id": 500,
    "url": 1000,
}
_COMPARED = [f.name for f in dataclasses.fields(Post) if f.name != "id"]


@dataclass
class SourceReport:
    group_id: int
    name: str
    url: str
    kind: str
    status: str  # "ok" | "not_modified" | "error"
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class FetchReport:
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceReport]:
        return [s for s in self.sources if s.status == "error"]

    @property
    def all_failed(self) -> bool:
        return bool(self.sources) and len(self.failed) == len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": [s.to_dict() for s in self.sources],
            "new": sum(s.new for s in self.sources),
            "updated": sum(s.updated for s in self.sources),
            "failed": len(self.failed),
        }


Progress = Callable[[SourceReport, int, int], None]  # (report, done so far, total)


def fetch_all(
    store: Store,
    *,
    group_ids: Iterable[int] | None = None,
    politeness: Politeness | None = None,
    options: SourceOptions | None = None,
    workers: int = 8,
    progress: Progress | None = None,
    clock: Clock = system_clock,
    client: PoliteClient | None = None,
) -> FetchReport:
    """Fetch the given groups (default: all) and store their posts; never raises for a source."""
    with store.read() as conn:
        groups = groups_repo.all_groups(conn)
    if group_ids is not None:
        wanted = set(group_ids)
        groups = [g for g in groups if g.id in wanted]
    own_client = client is None
    http = client or PoliteClient(politeness, max_connections=max(workers, 1) * 2)
    opts = options or SourceOptions()
    report = FetchReport()
    store_lock = threading.Lock()  # workers read known posts; the writer must not interleave
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fetch") as pool:
            futures: dict[Future[Fetched], Group] = {
                pool.submit(_fetch_one, store, group, http, opts, store_lock): group
                for group in groups
            }
            for future in as_completed(futures):
                group = futures[future]
                with store_lock:
                    source_report = _store_outcome(store, group, future, clock)
                report.sources.append(source_report)
                if progress is not None:
                    progress(source_report, len(report.sources), len(groups))
    finally:
        if own_client:
            http.close()
    order = {g.id: i for i, g in enumerate(groups)}
    report.sources.sort(key=lambda s: order.get(s.group_id, 0))
    return report


def fetch_group(store: Store, group_id: int, **kw: Any) -> SourceReport:
    report = fetch_all(store, group_ids=[group_id], **kw)
    if not report.sources:
        from altruist.errors import NotFoundError

        raise NotFoundError(f"no group with id {group_id}")
    return report.sources[0]


def _fetch_one(
    store: Store,
    group: Group,
    client: PoliteClient,
    options: SourceOptions,
    store_lock: threading.Lock,
) -> Fetched:
    fetch = SOURCES.get(group.kind)
    if fetch is None:
        raise AltruistError(f"unknown group kind {group.kind!r}")

    def known() -> dict[str, Post]:
        with store_lock, store.read() as conn:
            return _known_posts(conn, group.id or 0)

    return fetch(group, SourceContext(client=client, options=options, known=known))


def _known_posts(conn: Connection, group_id: int) -> dict[str, Post]:
    return {p.external_id: p for p in groups_repo.posts_of(conn, group_id) if p.external_id}


def _store_outcome(
    store: Store, group: Group, future: Future[Fetched], clock: Clock
) -> SourceReport:
    report = SourceReport(
        group_id=group.id or 0, name=group.name, url=group.url or "", kind=group.kind, status="ok"
    )
    try:
        fetched = future.result()
        report.warnings = list(fetched.warnings)
        with store.transaction() as conn:
            if not fetched.not_modified:
                report.new, report.updated, report.unchanged = _store_posts(conn, group, fetched)
            else:
                report.status = "not_modified"
            # Validators are saved only together with the posts they describe: a failed write
            # rolls back both, so the next fetch asks for the full content again.
            groups_repo.update_group(
                conn,
                group.id or 0,
                etag=_clip(fetched.etag, 300),
                last_modified=_clip(fetched.last_modified, 100),
                last_fetched_at=clock(),
                last_error=None,
            )
    except Exception as exc:  # any failure of one source is reported; the others go on
        report.status = "error"
        report.error = (
            str(exc)
            if isinstance(exc, AltruistError)
            else (f"{group.url}: unexpected {type(exc).__name__}: {exc}")
        )
        try:
            with store.transaction() as conn:
                groups_repo.update_group(
                    conn, group.id or 0, last_fetched_at=clock(), last_error=report.error[:2000]
                )
        except AltruistError:
            pass  # the database itself failed; the report still tells the user
    return report


def _store_posts(conn: Connection, group: Group, fetched: Fetched) -> tuple[int, int, int]:
    known = _known_posts(conn, group.id or 0)
    mine = (group.my_account or "").strip().lower()
    fresh: dict[str, Post] = {}  # new posts, inserted together at the end
    updated = unchanged = 0
    for post in fetched.posts:
        post.group_id = group.id or 0
        _fit_columns(post)
        post.by_me = bool(mine) and (post.author_account or "").strip().lower() == mine
        key = post.external_id or ""
        stored = known.get(key)
        if stored is None:
            fresh[key] = post  # a source listing one item twice stores its last version
            continue
        # Who wrote it may have been linked to a Person since; a re-fetch must keep that.
        post.author_person_id = stored.author_person_id
        if all(getattr(stored, n) == getattr(post, n) for n in _COMPARED):
            unchanged += 1
            continue
        groups_repo.upsert_post(conn, post)
        known[key] = post
        updated += 1
    groups_repo.insert_posts(conn, list(fresh.values()))
    return len(fresh), updated, unchanged


def _fit_columns(post: Post) -> None:
    for name, limit in _LIMITS.items():
        value = getattr(post, name)
        if isinstance(value, str):
            setattr(post, name, value.replace("\x00", "")[:limit] or None)
    post.title = post.title.replace("\x00", "") or "(untitled)"
    post.body = post.body.replace("\x00", "")
    post.tags = [t.replace("\x00", "")[:100] for t in post.tags]


def _clip(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else None
