"""The user's groups as sources of posts: RSS/Atom/RDF feeds, Discourse forums, Stack Exchange
(API and Posts.xml dumps) and mailing lists (mbox, Maildir). See docs/feeds.md.

Public API (what the CLI and the web Groups page call):
    add_group(store, url_or_path, name=, kind=, account=, client=) -> Group
    list_groups(store) -> list[GroupOverview]
    remove_group(store, group_id) -> Group
    fetch_all(store, group_ids=, politeness=, options=, workers=, progress=) -> FetchReport
"""

from altruist.ingest.feeds.fetch import FetchReport, SourceReport, fetch_all, fetch_group
from altruist.ingest.feeds.groups import (
    GroupOverview,
    add_group,
    list_groups,
    remove_group,
    set_account,
)
from altruist.ingest.feeds.http import PoliteClient, Politeness
from altruist.ingest.feeds.source import KINDS, SourceOptions

__all__ = [
    "KINDS",
    "FetchReport",
    "GroupOverview",
    "PoliteClient",
    "Politeness",
    "SourceOptions",
    "SourceReport",
    "add_group",
    "fetch_all",
    "fetch_group",
    "list_groups",
    "remove_group",
    "set_account",
]
