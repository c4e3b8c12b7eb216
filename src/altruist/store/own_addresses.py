"""The user's own e-mail addresses: never a contact, and what decides the direction of a mail.

Three sources (issue 17: "the user's own addresses come from the profile"): the addresses the
user lists in Settings, the e-mail identities of the "me" person, and the user names of their
accounts that are addresses (an IMAP login usually is one).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from altruist.store import settings_repo
from altruist.store.schema import identities, people, sync_accounts

SETTING_KEY = "own_addresses"


def listed(conn: Connection) -> list[str]:
    """The addresses the user listed, as entered (normalised)."""
    value = settings_repo.get(conn, SETTING_KEY, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def set_listed(conn: Connection, addresses: Iterable[str]) -> list[str]:
    clean = sorted({a.strip().lower() for a in addresses if "@" in a and a.strip()})
    settings_repo.put(conn, SETTING_KEY, clean)
    return clean


def load(conn: Connection) -> frozenset[str]:
    found = {a.lower() for a in listed(conn)}
    mine = conn.execute(
        select(identities.c.value)
        .join(people, people.c.id == identities.c.person_id)
        .where(people.c.is_me.is_(True), identities.c.kind == "email")
    )
    found.update(v.lower() for (v,) in mine)
    for (user,) in conn.execute(select(sync_accounts.c.username)):
        if user and "@" in user:
            found.add(user.strip().lower())
    return frozenset(found)
