"""My expertise: what the user knows, in their own words — stated skills, a pasted CV or bio.
It is the core of the knowledge profile that ranks open questions (engine/questions/suggest.py), next to
the user's offers and their own earlier posts. Stored in the settings table (key
`my_expertise`) so the CLI (`altruist expertise`) and the web Settings page share it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection

from altruist.domain import FacetKind
from altruist.errors import ConfigError
from altruist.store import Store, settings_repo
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo

EXPERTISE_KEY = "my_expertise"
MAX_CHARS = 20_000  # a long CV fits; a whole book pasted by mistake does not
TOP_TAGS = 10


def get_expertise(conn: Connection) -> str:
    return str(settings_repo.get(conn, EXPERTISE_KEY) or "")


def expertise_topics(text: str) -> list[str]:
    """The stated expertise split into its topics ("SQL; Airflow and dbt. Datenqualität"): a long
    list of skills embeds as one diffuse vector, each topic alone matches a question sharply."""
    topics = [part.strip() for part in re.split(r"[;.\n]|, ", text) if len(part.strip()) > 3]
    return list(dict.fromkeys(topics))


def my_offers(conn: Connection) -> list[str]:
    """The offers on the user's own contact card: knowledge they stated to give."""
    me = people_repo.me(conn)
    if me is None:
        return []
    return [f.text for f in facets_repo.for_person(conn, me.id or 0) if f.kind is FacetKind.OFFER]


def set_expertise(conn: Connection, text: str) -> str:
    """Replace the stated expertise; empty text clears it."""
    cleaned = text.strip()
    if len(cleaned) > MAX_CHARS:
        raise ConfigError(
            f"the expertise text has {len(cleaned):,} characters; at most {MAX_CHARS:,} are kept"
        )
    settings_repo.put(conn, EXPERTISE_KEY, cleaned or None)
    return cleaned


@dataclass
class KnowledgeOverview:
    """Everything the knowledge profile is built from, for showing it (CLI and Questions page)."""

    expertise: str = ""
    topics: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    my_posts: int = 0
    my_posts_per_group: dict[str, int] = field(default_factory=dict)
    my_top_tags: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def knowledge_overview(store: Store) -> KnowledgeOverview:

    with store.read() as conn:
        stated = get_expertise(conn)
        offers = my_offers(conn)
        mine = groups_repo.my_posts(conn)
        names = {g.id: g.name for g in groups_repo.all_groups(conn)}
    tags = Counter(t for p in mine for t in p.tags)
    return KnowledgeOverview(
        expertise=stated,
        topics=expertise_topics(stated),
        offers=offers,
        my_posts=len(mine),
        my_posts_per_group=dict(Counter(names.get(p.group_id, "?") for p in mine).most_common()),
        my_top_tags=dict(tags.most_common(TOP_TAGS)),
    )
