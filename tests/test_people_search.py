from __future__ import annotations

import pytest

from altruist.domain import Person
from altruist.store import Store, people_search
from altruist.store import people as people_repo
from altruist.store.people_search import PeopleFilter, search_page


@pytest.mark.parametrize("query", ["özdemir", "Özdemir", "ÖZDEMIR", "ayşe öz", "straße"])
def test_search_ignores_case_of_umlauts_on_both_backends(any_store: Store, query: str) -> None:
    with any_store.transaction() as conn:
        people_repo.add(conn, Person(name="Ayşe Özdemir", company="Bäckerei an der Straße"))
        people_repo.add(conn, Person(name="Otto Ozdemar"))
    with any_store.read() as conn:
        found, total = search_page(conn, PeopleFilter(query=query))
    assert [p.name for p in found] == ["Ayşe Özdemir"] and total == 1


def test_search_pages_follow_name_order_for_common_and_rare_words(any_store: Store) -> None:
    # A free-text search walks an index in name order and stops at the page's last match
    # (issue 12): its pages and totals must be those of filtering and sorting everyone.
    given = ["Zoë", "Anna", "Jörg", "Lukas", "Marie"]
    family = ["Müller", "Groß", "Weiß", "Nguyen"]
    everyone = [f"{given[i % 5]} {family[(i * 7) % 4]}{i % 13}" for i in range(180)]
    with any_store.transaction() as conn:
        for name in everyone:
            people_repo.add(conn, Person(name=name))
    for query, size in [("mueller", 10), ("zoe", 7), ("gross 1", 5), ("weiss 12", 4)]:
        words = query.split()
        expected = sorted(
            n
            for n in everyone
            if all(
                w
                in n.lower()
                .replace("ü", "ue")
                .replace("ö", "oe")
                .replace("ß", "ss")
                .replace("ë", "e")
                for w in words
            )
        )
        with any_store.read() as conn:
            pages = [
                search_page(conn, PeopleFilter(query=query), limit=size, offset=offset)
                for offset in range(0, len(expected) + size, size)
            ]
        found = [p.name for page, _total in pages for p in page]
        # Ties (same name) come in id order; the names alone are compared.
        assert found == expected, query
        assert all(total == len(expected) for page, total in pages if page), query


@pytest.mark.parametrize("company", ["", "acme"])
def test_capped_count_comes_with_every_page(
    any_store: Store, company: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page and the capped count come from one walk over the first COUNT_CAP + 1 matches;
    # pages beyond it, and a page past the last match, count on their own. Every page must
    # show the same capped total, with or without a filter outside the search index.
    monkeypatch.setattr(people_search, "COUNT_CAP", 5)
    names = [f"Anna Müller{i:02d}" for i in range(12)] + ["Bernd Schmidt", "Carla Weiß"]
    with any_store.transaction() as conn:
        for name in names:
            people_repo.add(conn, Person(name=name, company="ACME GmbH"))
    flt = PeopleFilter(query="mueller", company=company)
    with any_store.read() as conn:
        pages = [search_page(conn, flt, limit=4, offset=offset) for offset in (0, 4, 8, 12, 40)]
    assert [[p.name for p in page] for page, _ in pages] == [
        names[0:4],
        names[4:8],
        names[8:12],
        [],
        [],
    ]
    assert [total for _, total in pages] == [6, 6, 6, 6, 6]
    with any_store.read() as conn:
        none, total = search_page(conn, PeopleFilter(query="xylophon", company=company))
    assert (none, total) == ([], 0)


def test_the_postgresql_plan_hint_ends_with_the_search(any_store: Store) -> None:
    # On PostgreSQL the search's statements are planned without a sequential scan (so pg_trgm's
    # index serves LIKE); whatever runs after it in the same transaction is planned as usual.
    with any_store.transaction() as conn:
        people_repo.add(conn, Person(name="Anna Müller"))
    with any_store.read() as conn:
        found, total = search_page(conn, PeopleFilter(query="mueller"))
        assert [p.name for p in found] == ["Anna Müller"] and total == 1
        if any_store.dialect == "postgresql":
            assert conn.exec_driver_sql("SHOW enable_seqscan").scalar_one() == "on"
