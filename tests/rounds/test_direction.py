"""Issue 15 in a connector round: hiring managers meet job seekers, never each other, and a job
match needs compatible places."""

from __future__ import annotations

from altruist.engine.rounds.model import Member
from altruist.engine.rounds.pairing import RoundOptions, pair_members
from altruist.understand.embedder import get_embedder


def _members() -> list[Member]:
    hiring = [
        Member(
            f"cto{i}@x.de",
            f"CTO {i}",
            "de",
            needs="Suchen einen Data Engineer für unser Team",
            city="Hamburg",
        )
        for i in range(3)
    ]
    seekers = [
        Member(
            f"de{i}@x.de",
            f"Engineer {i}",
            "de",
            needs="Suche eine Stelle als Data Engineer in Hamburg",
            city="Hamburg",
        )
        for i in range(3)
    ]
    far = [
        Member(
            "b@x.de",
            "Berliner",
            "de",
            needs="Suche eine Stelle als Data Engineer, nur in Berlin",
            city="Berlin",
        )
    ]
    return hiring + seekers + far


def test_every_hiring_manager_gets_a_job_seeker_of_her_city() -> None:
    members = _members()
    embedder = get_embedder("use")
    pairing = pair_members(
        members,
        lambda texts: embedder.embed(texts),
        RoundOptions(per_person=1, method="exact"),
        read_embeddings=True,
    )
    pairs = {frozenset((members[p.a].name, members[p.b].name)) for p in pairing.pairs}
    kinds = [sorted(n.split()[0] for n in pair) for pair in pairs]
    assert len(pairs) == 3
    assert all(k == ["CTO", "Engineer"] for k in kinds), pairs  # never two CTOs or two seekers
    assert all("Berliner" not in pair for pair in pairs)
