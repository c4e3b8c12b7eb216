from __future__ import annotations

import pytest

from altruist.domain import Person
from altruist.store import Store
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
