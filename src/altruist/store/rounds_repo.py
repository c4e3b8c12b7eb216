"""Connector rounds in the store: community members, rounds and the pairs each round proposed.

Functions over a Connection, like every repository; the caller decides the transaction, so a
whole round (members, round row, pairs) is written in one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import aliased

from altruist.store.rows import aware, utcnow
from altruist.store.schema import members, round_pairs, rounds

_UPDATABLE = ("name", "language", "needs", "offers", "tags", "city", "company", "paused")


def upsert_members(conn: Connection, community: str, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert or update members by (community, e-mail); return their ids in the order given.

    Each row has the keys email, name, language, needs, offers, tags, city, company, paused.
    """
    emails = [r["email"] for r in rows]
    existing = member_ids_by_email(conn, community, emails)
    fresh = [dict(r, community=community) for r in rows if r["email"] not in existing]
    # Bound names must differ from column names in an executemany UPDATE, hence the prefix.
    changed = [
        {"m_id": existing[r["email"]], **{f"v_{k}": r[k] for k in _UPDATABLE}}
        for r in rows
        if r["email"] in existing
    ]
    for start in range(0, len(fresh), 5000):
        conn.execute(insert(members), fresh[start : start + 5000])
    if changed:
        stmt = (
            update(members)
            .where(members.c.id == bindparam("m_id"))
            .values({k: bindparam(f"v_{k}") for k in _UPDATABLE})
        )
        conn.execute(stmt, changed)
    ids = member_ids_by_email(conn, community, emails)
    return [ids[e] for e in emails]


def member_ids_by_email(conn: Connection, community: str, emails: Iterable[str]) -> dict[str, int]:
    wanted = list(dict.fromkeys(emails))
    out: dict[str, int] = {}
    for start in range(0, len(wanted), 900):  # SQLite's bound-parameter limit
        chunk = wanted[start : start + 900]
        rows = conn.execute(
            select(members.c.email, members.c.id).where(
                members.c.community == community, members.c.email.in_(chunk)
            )
        )
        out.update({email: member_id for email, member_id in rows})
    return out


def list_members(conn: Connection, community: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(members).where(members.c.community == community).order_by(members.c.id)
    )
    return [dict(r._mapping) for r in rows]


def round_exists(conn: Connection, community: str, name: str) -> bool:
    row = conn.execute(
        select(rounds.c.id).where(rounds.c.community == community, rounds.c.name == name)
    ).first()
    return row is not None


def round_names(conn: Connection, community: str) -> list[str]:
    return list(
        conn.execute(
            select(rounds.c.name).where(rounds.c.community == community).order_by(rounds.c.id)
        ).scalars()
    )


def create_round(
    conn: Connection,
    community: str,
    name: str,
    params: dict[str, Any],
    created_at: datetime | None = None,
) -> int:
    result = conn.execute(
        insert(rounds).values(
            community=community, name=name, params=params, created_at=created_at or utcnow()
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def add_pairs(
    conn: Connection, round_id: int, pairs: Sequence[tuple[int, int, float, str]]
) -> None:
    """Store (member_a_id, member_b_id, score, reason) rows; a < b keeps lookups one-sided."""
    rows = [
        {
            "round_id": round_id,
            "member_a_id": min(a, b),
            "member_b_id": max(a, b),
            "score": score,
            "reason": reason,
        }
        for a, b, score, reason in pairs
    ]
    for start in range(0, len(rows), 5000):
        conn.execute(insert(round_pairs), rows[start : start + 5000])


def past_pairs_by_email(conn: Connection, community: str) -> set[frozenset[str]]:
    """Every pair any earlier round of the community proposed, as e-mail pairs: no repeats."""
    member_a, member_b = aliased(members), aliased(members)
    rows = conn.execute(
        select(member_a.c.email, member_b.c.email)
        .select_from(round_pairs)
        .join(rounds, rounds.c.id == round_pairs.c.round_id)
        .join(member_a, member_a.c.id == round_pairs.c.member_a_id)
        .join(member_b, member_b.c.id == round_pairs.c.member_b_id)
        .where(rounds.c.community == community)
    )
    return {frozenset((a, b)) for a, b in rows}


def round_pairs_by_name(conn: Connection, community: str, name: str) -> list[dict[str, Any]]:
    member_a, member_b = aliased(members), aliased(members)
    rows = conn.execute(
        select(
            member_a.c.email.label("email_a"),
            member_b.c.email.label("email_b"),
            round_pairs.c.score,
            round_pairs.c.reason,
            rounds.c.created_at,
        )
        .select_from(round_pairs)
        .join(rounds, rounds.c.id == round_pairs.c.round_id)
        .join(member_a, member_a.c.id == round_pairs.c.member_a_id)
        .join(member_b, member_b.c.id == round_pairs.c.member_b_id)
        .where(rounds.c.community == community, rounds.c.name == name)
        .order_by(round_pairs.c.id)
    )
    out = []
    for r in rows:
        item = dict(r._mapping)
        item["created_at"] = aware(item["created_at"])
        out.append(item)
    return out
