from __future__ import annotations

from pathlib import Path

import pytest

from altruist.clock import Clock
from altruist.demo import build_demo
from altruist.errors import ConfigError
from altruist.store import Store, open_store
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo


def test_demo_is_deterministic_and_realistic(tmp_path: Path, clock: Clock) -> None:
    stores = [open_store(f"sqlite:///{tmp_path / f'd{i}.db'}") for i in range(2)]
    for store in stores:
        build_demo(store, seed=3, people=150, clock=clock)
    with stores[0].read() as a, stores[1].read() as b:
        names_a = [p.name for p in people_repo.all_people(a)]
        assert names_a == [p.name for p in people_repo.all_people(b)]
        people = people_repo.all_people(a)
        me = people_repo.me(a)
        posts = groups_repo.posts_of(a)
    assert me is not None and me.is_me
    assert len(people) == 150
    birthdays = [p.birthday for p in people if p.birthday]
    assert any(b.year is None for b in birthdays)
    assert any((b.month, b.day) == (2, 29) for b in birthdays)
    assert any(ch in "".join(names_a) for ch in "äöüß"), "German names with umlauts"
    questions = [p for p in posts if p.is_question]
    assert 150 <= len(questions) <= 250
    assert sum(1 for q in questions if q.answer_count == 0) > len(questions) / 3
    assert any(p.by_me for p in posts)


def test_demo_refuses_a_database_with_people(sqlite_store: Store, clock: Clock) -> None:
    build_demo(sqlite_store, people=20, clock=clock)
    with pytest.raises(ConfigError):
        build_demo(sqlite_store, people=20, clock=clock)
