import numpy as np
import pytest

from altruist.engine.rounds import candidates as cand
from altruist.engine.rounds.features import (
    build_vectors,
    index_items,
    search_keys,
    split_items,
    tag_matrix,
)
from altruist.engine.rounds.model import Member
from altruist.engine.rounds.scoring import mutual_score, score_pairs
from altruist.understand.embedder import FakeEmbedder


def member(i: int, needs: str, offers: str) -> Member:
    return Member(email=f"m{i}@example.org", name=f"M{i}", needs=needs, offers=offers)


def test_split_items_caps_and_joins() -> None:
    assert split_items("a; b | c\nd • e; f") == ["a", "b", "c", "d; e; f"]
    assert split_items("  ") == []


def test_benefit_is_directional_and_names_the_items() -> None:
    members = [
        member(0, "help with kubernetes clusters; a tax advisor", "gardening tips"),
        member(1, "cooking classes", "kubernetes clusters consulting"),
    ]
    index = index_items(members)
    vectors = build_vectors(index, FakeEmbedder().embed)
    s = score_pairs(vectors, np.array([0]), np.array([1]))
    assert s.b_ab[0] > 0.3 and s.b_ba[0] == 0.0  # 1 helps 0, not the other way
    need = index.texts[vectors.need_items[0, s.a_need_slot[0]]]
    offer = index.texts[vectors.offer_items[1, s.b_offer_slot[0]]]
    assert (need, offer) == ("help with kubernetes clusters", "kubernetes clusters consulting")


def test_mutual_score_rewards_reciprocity_but_keeps_one_way_help() -> None:
    both = mutual_score(np.array([0.5]), np.array([0.5]))[0]
    lopsided = mutual_score(np.array([0.9]), np.array([0.1]))[0]
    one_way = mutual_score(np.array([0.8]), np.array([0.0]))[0]
    assert both > lopsided > one_way > 0


def test_block_search_finds_true_neighbours_and_masks_exclusions() -> None:
    rng = np.random.default_rng(3)
    n = 300
    query = rng.standard_normal((n, 16)).astype(np.float32)
    key = rng.standard_normal((n, 16)).astype(np.float32)
    company = rng.integers(-1, 5, size=n)
    excluded = [(0, 1), (2, 0), (5, 9)]
    ex = cand.Exclusions.build(n, excluded, company)
    parts = [cand.nearest_in_block(r, query, key, 7, ex) for r in cand.search_blocks(n, 64)]
    sims = query @ key.T
    allowed = np.ones((n, n), dtype=bool)
    np.fill_diagonal(allowed, False)
    for x, y in excluded:
        allowed[x, y] = allowed[y, x] = False
    allowed &= ~((company[:, None] == company[None, :]) & (company[:, None] >= 0))
    for (start, stop), (a, b) in zip(cand.search_blocks(n, 64), parts, strict=True):
        for row in range(start, stop):
            got = set(b[a == row].tolist())
            expected = set(np.argsort(np.where(allowed[row], sims[row], -np.inf))[-7:].tolist())
            assert got == expected
    a, b = cand.unique_pairs(parts, n)
    assert (a < b).all() and ex.allowed(a, b).all()
    assert len(set(zip(a.tolist(), b.tolist(), strict=True))) == len(a)


def test_search_keys_product_is_symmetric() -> None:
    members = [member(i, f"topic{i} help", f"topic{(i + 1) % 5} advice") for i in range(5)]
    vectors = build_vectors(index_items(members), FakeEmbedder().embed)
    query, key = search_keys(vectors, dim=512)
    product = query @ key.T
    assert product == pytest.approx(product.T, abs=1e-5)


def test_all_pairs_respects_exclusions() -> None:
    ex = cand.Exclusions.build(4, [(1, 2)], np.array([0, 0, -1, -1]))
    a, b = cand.all_pairs(4, ex)
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == {(0, 2), (0, 3), (1, 3), (2, 3)}


def test_shared_tags_raise_a_fitting_pair_but_never_make_one() -> None:
    base = [
        member(0, "kubernetes help", "tax advice"),
        member(1, "tax advice", "kubernetes help"),
        member(2, "gardening", "cooking"),
    ]
    tagged = [
        Member(m.email, m.name, needs=m.needs, offers=m.offers, tags=("cloud", "berlin"))
        for m in base
    ]
    plain = build_vectors(index_items(base), FakeEmbedder().embed)
    with_tags = build_vectors(index_items(tagged), FakeEmbedder().embed)
    with_tags.tags = tag_matrix(tagged)
    a, b = np.array([0, 0]), np.array([1, 2])
    before, after = score_pairs(plain, a, b).score, score_pairs(with_tags, a, b).score
    assert after[0] == pytest.approx(2 * before[0], rel=1e-4)  # identical tags: Jaccard 1
    assert before[1] == after[1] == 0.0
