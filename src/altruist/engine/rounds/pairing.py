"""The computing core of a round, without files or database: members in, pairs out.

Used by `plan.plan_round` (which adds the CSV, the store and the output) and directly by the
quality evaluation and the benchmark, which bring their own members and vectors.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from altruist.engine.rounds import candidates as cand
from altruist.engine.rounds.features import (
    MemberVectors,
    build_vectors,
    index_items,
    search_keys,
    tag_matrix,
)
from altruist.engine.rounds.intents import item_intents, with_topic_vectors
from altruist.engine.rounds.matching import approx_b_matching, exact_b_matching, lp_b_matching
from altruist.engine.rounds.model import Match, Member, Pair, Unpaired
from altruist.engine.rounds.runner import LocalRunner, Runner
from altruist.engine.rounds.scoring import PAIR_CHUNK, PairScores, score_pairs
from altruist.errors import ConfigError

EmbedFn = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class RoundOptions:
    per_person: int = 1  # k: at most this many introductions per member and round
    method: str = "auto"  # auto | exact | approx
    exclude_same_company: bool = False
    exclude_met: bool = False  # honour the CSV's "met" column
    candidates: int = 20  # nearest neighbours per member in approximate mode
    min_score: float = 0.05  # below this an introduction is not worth anyone's time
    exact_limit: int = 300  # auto picks exact up to this many eligible members
    search_dim: int = 128
    matcher: str = "auto"  # approx mode: lp | greedy | auto (lp up to lp_edge_limit pairs)
    lp_edge_limit: int = 250_000
    ivf_min_members: int = cand.IVF_MIN_MEMBERS  # coarse index (approximate search) from here
    probes: int = 24  # clusters searched per query group (IVF); 24 keeps ~84 % recall at 20k

    def validate(self) -> None:
        if self.per_person < 1:
            raise ConfigError("--per-person must be at least 1")
        if self.method not in ("auto", "exact", "approx"):
            raise ConfigError(f"unknown method {self.method!r}: auto, exact or approx")
        if self.matcher not in ("auto", "lp", "greedy"):
            raise ConfigError(f"unknown matcher {self.matcher!r}: auto, lp or greedy")
        if self.candidates < 1:
            raise ConfigError("candidates must be at least 1")

    def as_params(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Pairing:
    pairs: list[Pair]
    unpaired: list[Unpaired]
    stats: dict[str, Any]
    scores: PairScores  # every scored candidate pair (indices into eligible members)
    eligible: list[int]  # member indices that took part


def score_chunk(pairs: tuple[np.ndarray, np.ndarray], vectors: MemberVectors) -> PairScores:
    """One scoring task (module level so Dask can ship it)."""
    return score_pairs(vectors, pairs[0], pairs[1])


def pair_members(
    members: Sequence[Member],
    embed: EmbedFn,
    options: RoundOptions,
    *,
    past: set[frozenset[str]] | None = None,
    runner: Runner | None = None,
    vectors: MemberVectors | None = None,
    read_embeddings: bool = False,
) -> Pairing:
    """Choose this round's pairs among `members`; `past` holds e-mail pairs of earlier rounds.
    Items are read for direction and place (engine/rounds/intents.py) — with the reader's
    embedding model when `read_embeddings` (the vectors come from the USE model), else by cues."""
    options.validate()
    runner = runner or LocalRunner()
    stats: dict[str, Any] = {"runner": runner.name}
    clock = time.perf_counter()
    eligible = [i for i, m in enumerate(members) if not m.paused and m.has_text]
    group = [members[i] for i in eligible]
    n = len(group)

    if vectors is None:
        index = index_items(group)
        vectors = build_vectors(index, embed)
        vectors.tags = tag_matrix(group)
        vectors.intents = item_intents(
            group,
            index.texts,
            vectors.need_items,
            vectors.offer_items,
            vectors.item_vecs,
            embeddings=read_embeddings,
        )
        if vectors.intents.read is not None:
            vectors.item_vecs = with_topic_vectors(
                vectors.item_vecs, index.texts, vectors.intents.read, embed
            )
        # The giving side: offers, then needs (a job seeker meets a hiring manager's need).
        vectors.offer_items = np.hstack([vectors.offer_items, vectors.need_items])
        texts = index.texts
        stats["unique_item_texts"] = len(texts)
    else:
        texts = []
    stats["seconds_embed"] = round(time.perf_counter() - clock, 3)

    exclusions = _exclusions(group, options, past or set())
    method = options.method
    if method == "auto":
        method = "exact" if n <= options.exact_limit else "approx"
    stats["method"] = method

    clock = time.perf_counter()
    if method == "exact":
        a, b = cand.all_pairs(n, exclusions)
    else:
        query, key = search_keys(vectors, options.search_dim)
        if n >= options.ivf_min_members:
            coarse = cand.build_coarse_index(query, key, options.probes)
            tasks = cand.coarse_tasks(coarse)
            stats["search"] = (
                f"ivf {len(coarse.members_by_cluster)} clusters, {options.probes} probes"
            )
            parts = runner.map(
                cand.nearest_in_group,
                tasks,
                query_vecs=query,
                key_vecs=key,
                c=options.candidates,
                exclusions=exclusions,
            )
        else:
            stats["search"] = "brute force"
            parts = runner.map(
                cand.nearest_in_block,
                cand.search_blocks(n),
                query_vecs=query,
                key_vecs=key,
                c=options.candidates,
                exclusions=exclusions,
            )
        a, b = cand.unique_pairs(parts, n)
    stats["candidate_pairs"] = len(a)
    stats["seconds_candidates"] = round(time.perf_counter() - clock, 3)

    clock = time.perf_counter()
    step = PAIR_CHUNK * 8
    chunks = [(a[i : i + step], b[i : i + step]) for i in range(0, len(a), step)]
    scores = PairScores.concat(runner.map(score_chunk, chunks, vectors=vectors))
    scores = scores.take(scores.score >= options.min_score)
    stats["seconds_scoring"] = round(time.perf_counter() - clock, 3)

    clock = time.perf_counter()
    capacity = np.full(n, options.per_person, dtype=np.int64)
    if method == "exact":
        chosen = exact_b_matching(scores.a, scores.b, scores.score, capacity)
    else:
        matcher = options.matcher
        if matcher == "auto":
            matcher = "lp" if len(scores) <= options.lp_edge_limit else "greedy"
        stats["matcher"] = matcher
        if matcher == "lp":
            chosen, bound = lp_b_matching(scores.a, scores.b, scores.score, capacity)
            stats["lp_upper_bound"] = round(bound, 6)
        else:
            chosen = approx_b_matching(scores.a, scores.b, scores.score, capacity)
    stats["seconds_matching"] = round(time.perf_counter() - clock, 3)

    picked = scores.take(chosen)
    order = np.lexsort((picked.b, picked.a, -picked.score))
    pairs = [_to_pair(picked, int(i), eligible, vectors, texts) for i in order]
    stats["total_score"] = round(float(picked.score.sum()), 6)
    unpaired = _unpaired(members, eligible, pairs, scores, exclusions, options)
    return Pairing(pairs, unpaired, stats, scores, eligible)


def _exclusions(
    group: Sequence[Member], options: RoundOptions, past: set[frozenset[str]]
) -> cand.Exclusions:
    position = {m.email: i for i, m in enumerate(group)}
    blocked: set[tuple[int, int]] = set()
    for pair in past:
        if len(pair) == 2:
            x, y = sorted(pair)
            if x in position and y in position:
                blocked.add((position[x], position[y]))
    if options.exclude_met:
        for i, member in enumerate(group):
            for email in member.met:
                j = position.get(email)
                if j is not None and j != i:
                    blocked.add((min(i, j), max(i, j)))
    company = None
    if options.exclude_same_company:
        codes: dict[str, int] = {}
        company = np.asarray(
            [
                codes.setdefault(m.company.strip().lower(), len(codes)) if m.company else -1
                for m in group
            ],
            dtype=np.int64,
        )
    return cand.Exclusions.build(len(group), sorted(blocked), company)


def _match(
    texts: list[str],
    vectors: MemberVectors,
    needer: int,
    giver: int,
    need_slot: int,
    offer_slot: int,
    benefit: float,
) -> Match | None:
    if benefit <= 0 or not texts:
        return None
    need_id = int(vectors.need_items[needer, need_slot])
    offer_id = int(vectors.offer_items[giver, offer_slot])
    if need_id >= len(texts) or offer_id >= len(texts):
        return None
    # The giving side is the offers, then the needs (see `pair_members`): a slot past the offers
    # is one of the giver's own needs.
    offers_width = vectors.offer_items.shape[1] - vectors.need_items.shape[1]
    offer_is_need = offers_width > 0 and offer_slot >= offers_width
    return Match(texts[need_id], texts[offer_id], round(benefit, 4), offer_is_need)


def _to_pair(
    s: PairScores, i: int, eligible: list[int], vectors: MemberVectors, texts: list[str]
) -> Pair:
    a, b = int(s.a[i]), int(s.b[i])
    return Pair(
        a=eligible[a],
        b=eligible[b],
        score=float(s.score[i]),
        a_gets=_match(
            texts, vectors, a, b, int(s.a_need_slot[i]), int(s.b_offer_slot[i]), float(s.b_ab[i])
        ),
        b_gets=_match(
            texts, vectors, b, a, int(s.b_need_slot[i]), int(s.a_offer_slot[i]), float(s.b_ba[i])
        ),
    )


def _unpaired(
    members: Sequence[Member],
    eligible: list[int],
    pairs: list[Pair],
    scores: PairScores,
    exclusions: cand.Exclusions,
    options: RoundOptions,
) -> list[Unpaired]:
    paired = {m for p in pairs for m in (p.a, p.b)}
    n = len(eligible)
    blocked = np.bincount(exclusions.pairs // max(n, 1), minlength=n) if n else np.zeros(0)
    if exclusions.company is not None and n:
        codes = exclusions.company
        sizes = np.bincount(codes[codes >= 0], minlength=1)
        blocked = blocked + np.where(codes >= 0, sizes[np.maximum(codes, 0)] - 1, 0)
    fitting = np.zeros(n, dtype=bool)
    fitting[scores.a] = True
    fitting[scores.b] = True
    local = {m: i for i, m in enumerate(eligible)}
    out = []
    for i, member in enumerate(members):
        if i in paired:
            continue
        if member.paused:
            reason = "asked to pause this round"
        elif not member.has_text:
            reason = "gave no needs and no offers"
        elif n == 1:
            reason = "no other member takes part in this round"
        elif n - 1 - blocked[local[i]] <= 0:
            reason = "every other member was met before or excluded (same company / already met)"
        elif not fitting[local[i]] and blocked[local[i]] > 0:
            reason = (
                "no fitting partner they have not met before (earlier rounds, same "
                "company or already met)"
            )
        elif not fitting[local[i]]:
            reason = (
                "no fitting partner: nobody's offers meet their needs, and their offers "
                "meet nobody's needs"
            )
        else:
            reason = (
                f"their fitting partners already had {options.per_person} "
                "introduction(s) with stronger pairs"
            )
        out.append(Unpaired(i, reason))
    return out
