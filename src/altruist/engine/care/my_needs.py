"""My needs: what the user is looking for, stated openly (the blog post: "sag offen, dass du einen
Job suchst"). Today that is a job search with target roles, regions and companies; it lives in
the settings table (key `my_needs.job`) so the CLI and the web Settings page share it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection

from altruist.domain import Language
from altruist.engine.drafts import join_words
from altruist.errors import ConfigError
from altruist.store import settings_repo

JOB_SEARCH_KEY = "my_needs.job"
NEED_SLUG = "job"


@dataclass
class JobSearch:
    roles: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.roles or self.regions or self.companies or self.note)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def split_list(text: str | None) -> list[str]:
    """ "Data Engineer, ML Engineer; Berlin" → items; commas and semicolons separate."""
    if not text:
        return []
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def _clean(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in (i.strip() for i in items):
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def get_job_search(conn: Connection) -> JobSearch | None:
    raw = settings_repo.get(conn, JOB_SEARCH_KEY)
    if not raw:
        return None
    if not isinstance(raw, dict):
        raise ConfigError(f"setting {JOB_SEARCH_KEY} is not a job search record")
    need = JobSearch(
        roles=[str(x) for x in raw.get("roles") or []],
        regions=[str(x) for x in raw.get("regions") or []],
        companies=[str(x) for x in raw.get("companies") or []],
        note=raw.get("note") or None,
    )
    return None if need.is_empty else need


def set_job_search(
    conn: Connection,
    *,
    roles: list[str] | None = None,
    regions: list[str] | None = None,
    companies: list[str] | None = None,
    note: str | None = None,
) -> JobSearch:
    """Update the fields given (None keeps the stored value) and return the result."""
    need = get_job_search(conn) or JobSearch()
    if roles is not None:
        need.roles = _clean(roles)
    if regions is not None:
        need.regions = _clean(regions)
    if companies is not None:
        need.companies = _clean(companies)
    if note is not None:
        need.note = note.strip() or None
    if need.is_empty:
        raise ConfigError("a job search needs at least one role, region, company or note")
    settings_repo.put(conn, JOB_SEARCH_KEY, need.to_json())
    return need


def clear_job_search(conn: Connection) -> None:
    settings_repo.put(conn, JOB_SEARCH_KEY, None)


def describe(need: JobSearch, lang: Language) -> str:
    """What the user looks for, as the object of "Ich suche gerade …" / "I am looking for …"."""
    de = lang is Language.DE
    if need.roles:
        roles = join_words(need.roles, lang, alternative=True)
        text = f"eine Stelle als {roles}" if de else f"a role as {roles}"
    else:
        text = "eine neue Stelle" if de else "a new role"
    if need.regions:
        text += f" in {join_words(need.regions, lang, alternative=True)}"
    if need.companies:
        companies = join_words(need.companies, lang, alternative=True)
        text += f", zum Beispiel bei {companies}" if de else f", for example at {companies}"
    return text
