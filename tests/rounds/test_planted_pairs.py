"""The planted-pairs evaluation of rounds (issue 15): each planted pair has one right answer."""

from __future__ import annotations

from altruist.eval.planted_pairs import evaluate_planted, planted_round
from altruist.understand.embedder import FakeEmbedder
from altruist.understand.place import city_of


def test_each_planted_pair_shares_role_and_city_and_no_distractor_does() -> None:
    members, pairs = planted_round(seed=3, planted=6)
    assert len(members) == 30 and len(pairs) == 6
    planted = {m for pair in pairs for m in pair}
    for hirer, seeker in pairs:
        city = members[hirer].city
        assert city == members[seeker].city == city_of(members[seeker].needs)
        # Nobody else in that city seeks a job: the hiring manager's only fitting seeker.
        others = [
            i
            for i, m in enumerate(members)
            if i not in planted
            and m.city == city
            and m.needs.startswith(("Suche", "Bin", "Look", "Open"))
        ]
        assert others == []


def test_the_figure_is_a_share_of_planted_pairs() -> None:
    result = evaluate_planted(FakeEmbedder().embed, read_embeddings=False, runs=2, planted=4)
    assert result["runs"] == 2 and result["members_per_run"] == 20
    assert 0.0 <= result["worst_run"] <= result["planted_paired"] <= 1.0
