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
