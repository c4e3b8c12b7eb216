"""What every source returns, and what it may use while fetching.

A source turns one Group into Posts. It never touches the store: `fetch.py` writes the result in
one transaction, so a source that fails half-way leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from altruist.domain import Group, Post
from altruist.ingest.feeds.http import PoliteClient

# The kinds a group can have; `detect.py` guesses one, `--kind` overrides it.
RSS = "rss"
DISCOURSE = "discourse"
STACKEXCHANGE = "stackexchange"
STACKEXCHANGE_DUMP = "stackexchange-dump"
MBOX = "mbox"
MAILDIR = "maildir"
KINDS = (RSS, DISCOURSE, STACKEXCHANGE, STACKEXCHANGE_DUMP, MBOX, MAILDIR)
# A list read from an IMAP account (ingest/sync/imap_lists.py): made by the mail sync, never
# added by hand, so not among the KINDS a user picks.
MAILING_LIST = "mailing-list"


@dataclass
class Fetched:
    """One source's answer: its posts, or "not modified", plus the validators to store."""

    posts: list[Post] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceOptions:
    """Knobs of the sources themselves (politeness lives in `http.Politeness`)."""

    # Stack Exchange API root; tests and mirrors point it elsewhere (e.g. http://127.0.0.1:PORT).
    se_api_base: str = "https://api.stackexchange.com/2.3"
    se_page_size: int = 50
    se_fetch_answers: bool = True
    # Discourse: how many changed topics to open per fetch; the rest wait for the next run,
    # so one fetch costs at most this many requests plus the topic list.
    discourse_max_topics: int = 30


@dataclass
class SourceContext:
    client: PoliteClient
    options: SourceOptions
    # The posts already stored for this group, by external id; read lazily because only
    # Discourse needs them (to skip topics that did not change).
    known: Callable[[], dict[str, Post]]


Source = Callable[[Group, SourceContext], Fetched]
