"""Searching and filtering people for the People page and `/api/people`: free text plus filters
(tag, company, city, need/offer text, "not contacted since"), one page at a time with the total.

Substring matching (LIKE) rather than FTS5: the schema has no FTS table yet, and a scan of
30,000 rows stays in the tens of milliseconds (bench/bench_web.py measures it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, cast, exists, func, or_, select

from altruist.domain import Person
from altruist.store.people import to_person
from altruist.store.rows import aware
from altruist.store.schema import facets, interactions, people

TEXT_COLUMNS = ("name", "company", "position", "city", "headline")


@dataclass(frozen=True)
class PeopleFilter:
    query: str = ""
    tag: str = ""
    company: str = ""
    city: str = ""
    facet_text: str = ""  # matches the text of a need or an offer
    not_contacted_since: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.query.strip()
            or self.tag.strip()
            or self.company.strip()
            or self.city.strip()
            or self.facet_text.strip()
            or self.not_contacted_since
        )


def _like(value: str) -> str:
    # Escape LIKE wildcards so a search for "50%" means the text, not a pattern.
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(flt: PeopleFilter) -> list[Any]:
    conds: list[Any] = [people.c.merged_into.is_(None), people.c.is_me.is_(False)]
    for word in flt.query.split():
        pattern = _like(word)
        conds.append(
            or_(*(func.lower(people.c[c]).like(pattern, escape="\\") for c in TEXT_COLUMNS))
        )
    if flt.company.strip():
        conds.append(func.lower(people.c.company).like(_like(flt.company.strip()), escape="\\"))
    if flt.city.strip():
        conds.append(func.lower(people.c.city).like(_like(flt.city.strip()), escape="\\"))
    if flt.tag.strip():
        # Tags are a JSON list; matching the tag JSON-encoded (quotes, \\u escapes as stored)
        # inside its text form works on SQLite and PostgreSQL alike and cannot match a tag that
        # merely contains the wanted one.
        quoted = json.dumps(flt.tag.strip().lower())
        conds.append(func.lower(cast(people.c.tags, String)).like(_like(quoted), escape="\\"))
    if flt.facet_text.strip():
        conds.append(
            exists().where(
                facets.c.person_id == people.c.id,
                func.lower(facets.c.text).like(_like(flt.facet_text.strip()), escape="\\"),
            )
        )
    if flt.not_contacted_since is not None:
        conds.append(
            ~exists().where(
                interactions.c.person_id == people.c.id,
                interactions.c.occurred_at >= flt.not_contacted_since,
            )
        )
    return conds


def search_page(
    conn: Connection, flt: PeopleFilter, *, limit: int = 50, offset: int = 0
) -> tuple[list[Person], int]:
    """One page of matching people (by name) and how many match in total."""
    conds = _conditions(flt)
    total = int(conn.execute(select(func.count()).select_from(people).where(*conds)).scalar_one())
    rows = conn.execute(
        select(people).where(*conds).order_by(people.c.name, people.c.id).limit(limit).offset(offset)
    )
    return [to_person(r) for r in rows], total


def last_contacts(conn: Connection, person_ids: list[int]) -> dict[int, datetime]:
    """Latest interaction per person, for the people on one page only (cheap at any size)."""
    if not person_ids:
        return {}
    rows = conn.execute(
        select(interactions.c.person_id, func.max(interactions.c.occurred_at))
        .where(interactions.c.person_id.in_(person_ids))
        .group_by(interactions.c.person_id)
    )
    return {pid: aware(at) for pid, at in rows if at is not None}  # type: ignore[misc]


def all_tags(conn: Connection, limit: int = 200) -> list[str]:
    """Distinct tags in use, for the filter's suggestions."""
    seen: set[str] = set()
    for (tags,) in conn.execute(select(people.c.tags).where(people.c.merged_into.is_(None))):
        seen.update(str(t) for t in tags or [])
        if len(seen) >= limit:
            break
    return sorted(seen, key=str.casefold)
