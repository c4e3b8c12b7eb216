"""Searching and filtering people for the People page and `/api/people`: free text plus filters
(tag, company, city, need/offer text, "not contacted since"), one page at a time with the total.

Free text is matched against `people.search_text`, the searched columns folded by the same
`names.fold_words` that identity matching uses: "Mueller" finds Müller, "Gross" Groß, "Zoe" Zoë,
and the other way round, identically on SQLite and PostgreSQL. A normalised column rather than
FTS5 / `unaccent` + `pg_trgm`: one rule in Python for both databases and for matching (unaccent
knows no ä → ae), substring search inside words (FTS matches whole tokens or prefixes). The column is read
through an index (migration 0008): on SQLite a covering index in name order, which a search
walks until its page is full; on PostgreSQL pg_trgm's GIN index, which serves LIKE '%…%'.
An SQLite FTS5 trigram table was measured and not taken: with 30,000 people a common word
("mueller", 3,800 matches) still took 16 ms there, since every candidate is checked against
the row again and then sorted, while the index walk stops after the page (bench/bench_web.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, cast, exists, func, literal, or_, select

from altruist.domain import Person
from altruist.names import fold_words
from altruist.store.people import to_person
from altruist.store.rows import aware
from altruist.store.schema import facets, interactions, people

COUNT_CAP = 1000


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


def _pattern(value: str) -> str:
    # Escape LIKE wildcards so a search for "50%" means the text, not a pattern.
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(conn: Connection, column: Any, value: str) -> Any:
    """Case-insensitive substring test. SQLite's LIKE ignores ASCII case only (and wrapping the
    column in lower() would triple the scan at 30,000 people); PostgreSQL's ILIKE folds non-ASCII
    letters only under a UTF-8 collation, not under "C". So for a word with umlauts or accents
    the usual spellings are tried too: "özdemir" must find "Özdemir" on every database."""
    spellings = [value]
    if not value.isascii():
        spellings = list(dict.fromkeys((value, value.lower(), value.capitalize(), value.upper())))
    if conn.dialect.name == "postgresql":
        tests = [column.ilike(_pattern(v), escape="\\") for v in spellings]
    else:
        tests = [column.like(_pattern(v), escape="\\") for v in spellings]
    return tests[0] if len(tests) == 1 else or_(*tests)


def _conditions(conn: Connection, flt: PeopleFilter) -> list[Any]:
    # coalesce(): an index lookup of "merged_into IS NULL" matches nearly every row and would
    # fetch them in random order; SQLite picks it anyway unless the column is wrapped.
    conds: list[Any] = [func.coalesce(people.c.merged_into, 0) == 0, people.c.is_me.is_(False)]
    for word in flt.query.split():
        folded = fold_words(word)
        if folded:
            # Folded text is lower-case: LIKE's ASCII case folding (SQLite) is not needed, and
            # plain LIKE keeps PostgreSQL from lower-casing 30,000 rows.
            conds.append(people.c.search_text.like(_pattern(folded), escape="\\"))
    if flt.company.strip():
        conds.append(_contains(conn, people.c.company, flt.company.strip()))
    if flt.city.strip():
        conds.append(_contains(conn, people.c.city, flt.city.strip()))
    if flt.tag.strip():
        # Tags are a JSON list; matching the tag JSON-encoded (quotes, \\u escapes as stored)
        # inside its text form works on SQLite and PostgreSQL alike and cannot match a tag that
        # merely contains the wanted one.
        quoted = json.dumps(flt.tag.strip())
        conds.append(_contains(conn, cast(people.c.tags, String), quoted))
    if flt.facet_text.strip():
        conds.append(
            exists().where(
                facets.c.person_id == people.c.id,
                _contains(conn, facets.c.text, flt.facet_text.strip()),
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
    """One page of matching people (by name) and how many match — exactly without filters,
    otherwise counted up to COUNT_CAP + 1 (the page then says "more than 1,000").

    Without filters the name index gives the page directly. A free-text search alone walks
    `ix_people_search` — name, id and the columns the search reads, in name order — and stops
    at the page's last match: a common word ("müller", "berlin") is answered after a few hundred
    index entries, a rare one after one pass over the index, never a scan of the table plus a
    sort of every match. PostgreSQL has a pg_trgm index on search_text instead and plans for
    itself. Other filters read columns outside that index: one sequential scan plus a sort of
    the matches (`name || ''` keeps the planner off the name index, which would visit every row
    in random order whenever the matches are rare or cluster at one end of the alphabet — every
    "Zoë" sorts last). The page and the capped count come from one walk: the first
    COUNT_CAP + 1 matches in name order, counted by a window over them. A count of its own
    walked the same entries again, so a clustered word ("zoë") cost two passes (issue 12,
    measured in bench/bench_web.py)."""
    with _trigram_index_preferred(conn, flt):
        return _search_page(conn, flt, limit, offset)


@contextmanager
def _trigram_index_preferred(conn: Connection, flt: PeopleFilter) -> Iterator[None]:
    """PostgreSQL prices pg_trgm's GIN index above a sequential scan for `LIKE '%word%'`:
    with 30,000 people it scanned the table for every search, 32 ms for a rare word that the
    index answers in 1 ms (EXPLAIN ANALYZE; bench_web's 11 searches plus one without a match
    took 310–330 ms instead of 470–560 ms in all, on a loaded machine). So the search's own statements are planned without the scan; it stays
    possible where no index serves (other filters). SET LOCAL ends with the transaction, and it
    is switched back right after the search; an error aborts the transaction, whose rollback
    undoes it too."""
    words = any(fold_words(w) for w in flt.query.split())
    if conn.dialect.name != "postgresql" or not words:
        yield
        return
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    yield
    conn.exec_driver_sql("SET LOCAL enable_seqscan = on")


def _search_page(
    conn: Connection, flt: PeopleFilter, limit: int, offset: int
) -> tuple[list[Person], int]:
    conds = _conditions(conn, flt)
    in_name_order = flt.is_empty or flt == PeopleFilter(query=flt.query)
    name_order = people.c.name if in_name_order else people.c.name.concat("")
    matching = select(people.c.id).where(*conds).order_by(name_order, people.c.id)
    if flt.is_empty or offset + limit > COUNT_CAP + 1:
        ids = list(conn.execute(matching.limit(limit).offset(offset)).scalars())
        total = None if offset == 0 and len(ids) < limit else _count(conn, flt, conds)
    else:
        ids, total = _page_and_capped_count(conn, conds, name_order, limit, offset)
        if total is None:  # no match at all, or asked past the last one: count on its own
            total = 0 if offset == 0 else _count(conn, flt, conds)
    found = _people_by_id(conn, ids)
    return found, len(found) if total is None else total


def _page_and_capped_count(
    conn: Connection, conds: list[Any], name_order: Any, limit: int, offset: int
) -> tuple[list[int], int | None]:
    """One walk gives both: the first COUNT_CAP + 1 matches in name order, counted by a window
    over them, of which only the page's ids leave the database. A count of its own would walk
    the same index entries a second time, as far as the page did and further."""
    first = (
        select(people.c.id, name_order.label("sort_name"))
        .where(*conds)
        .order_by(name_order, people.c.id)
        .limit(COUNT_CAP + 1)
        .subquery()
    )
    rows = conn.execute(
        select(first.c.id, func.count().over())
        .order_by(first.c.sort_name, first.c.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [r[0] for r in rows], (int(rows[0][1]) if rows else None)


def _count(conn: Connection, flt: PeopleFilter, conds: list[Any]) -> int:
    """Exact without filters, otherwise up to COUNT_CAP + 1."""
    if flt.is_empty:
        return int(
            conn.execute(select(func.count()).select_from(people).where(*conds)).scalar_one()
        )
    capped = select(literal(1)).select_from(people).where(*conds).limit(COUNT_CAP + 1)
    return int(conn.execute(select(func.count()).select_from(capped.subquery())).scalar_one())


def _people_by_id(conn: Connection, ids: list[int]) -> list[Person]:
    """The page's full rows, read by primary key, in the order of `ids`."""
    if not ids:
        return []
    by_id = {r.id: to_person(r) for r in conn.execute(select(people).where(people.c.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


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
