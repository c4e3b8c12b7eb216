"""Introductions: pairs of contacts who would profit from meeting, with the reason in one sentence.

Score of a pair = mutual benefit: the harmonic mean of both directions when both help each
other, and a discounted one-way benefit otherwise (strong one-way help still counts, issue 4).
Pairs who already know each other (a recorded relation, e.g. colleagues) are skipped, each person
appears in at most `PER_PERSON_CAP` suggestions, and a dismissed pair keeps its key, so the
agenda never shows it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from altruist.domain import Person, Suggestion, SuggestionKind, Text
from altruist.engine.context import EngineContext
from altruist.engine.introductions.affinity import affinity
from altruist.engine.need_offer import Match, match_needs
from altruist.engine.phrases import phrase, sentences
from altruist.store import facets as facets_repo
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.understand.needs import shown_offer

PER_PERSON_CAP = 2
ONE_WAY_DISCOUNT = 0.8
MAX_SUGGESTIONS = 50
# Pairs scored by the pair model; beyond the best few thousand by benefit the model cannot lift
# a pair into the top anyway, since affinity at most halves a score.
CANDIDATES = 5000
SMALL_COMPANY = 20


@dataclass(frozen=True)
class PairScore:
    a: int
    b: int
    score: float
    a_to_b: Match | None  # a's need met by b's offer
    b_to_a: Match | None


def pair_key(a: int, b: int) -> str:
    low, high = sorted((a, b))
    return f"intro:{low}:{high}"


def mutual_score(a_to_b: float, b_to_a: float) -> float:
    if a_to_b > 0 and b_to_a > 0:
        return 2 * a_to_b * b_to_a / (a_to_b + b_to_a)
    return ONE_WAY_DISCOUNT * max(a_to_b, b_to_a)


def score_pairs(
    matches: dict[tuple[int, int], Match], known: set[tuple[int, int]]
) -> list[PairScore]:
    seen: set[tuple[int, int]] = set()
    pairs: list[PairScore] = []
    for needer, offerer in matches:
        low, high = sorted((needer, offerer))
        if (low, high) in seen or (low, high) in known:
            continue
        seen.add((low, high))
        forward, backward = matches.get((low, high)), matches.get((high, low))
        score = mutual_score(
            forward.similarity if forward else 0.0, backward.similarity if backward else 0.0
        )
        pairs.append(PairScore(low, high, score, forward, backward))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def cap_per_person(pairs: list[PairScore], cap: int, limit: int) -> list[PairScore]:
    used: dict[int, int] = {}
    kept: list[PairScore] = []
    for pair in pairs:
        if used.get(pair.a, 0) >= cap or used.get(pair.b, 0) >= cap:
            continue
        kept.append(pair)
        used[pair.a] = used.get(pair.a, 0) + 1
        used[pair.b] = used.get(pair.b, 0) + 1
        if len(kept) >= limit:
            break
    return kept


def explain(pair: PairScore, people: dict[int, Person]) -> tuple[Text, Text]:
    a, b = people[pair.a].name, people[pair.b].name
    title = phrase("intro_title", a=a, b=b)
    forward, backward = pair.a_to_b, pair.b_to_a
    complementary = next((m for m in (forward, backward) if m and m.offer_is_need), None)
    if forward and backward and complementary is None:
        reason = phrase(
            "intro_reason_mutual",
            a=a,
            b=b,
            a_need=forward.need,
            b_offer=shown_offer(forward.offer, people[forward.helper]),
            b_need=backward.need,
            a_offer=shown_offer(backward.offer, people[backward.helper]),
        )
    elif complementary is not None:
        reason = phrase(
            "intro_reason_complement",
            a=people[complementary.needer].name,
            b=people[complementary.helper].name,
            a_need=complementary.need,
            b_need=complementary.offer,
        )
    else:
        match = forward or backward
        assert match is not None
        reason = phrase(
            "intro_reason_oneway",
            a=people[match.needer].name,
            b=people[match.helper].name,
            a_need=match.need,
            b_offer=shown_offer(match.offer, people[match.helper]),
        )
    place = next((m.place for m in (forward, backward) if m and m.place and m.place.why), None)
    if place is not None:
        reason = sentences(reason, phrase(f"place_{place.why}", where=place.where or ""))
    return title, reason


def same_small_company(
    people: dict[int, Person], limit: int = SMALL_COMPANY
) -> set[tuple[int, int]]:
    """Pairs at the same company of at most `limit` people in the network: they know each other."""
    by_company: dict[str, list[int]] = {}
    for pid, person in people.items():
        if person.company and person.company.strip():
            by_company.setdefault(person.company.strip().lower(), []).append(pid)
    pairs: set[tuple[int, int]] = set()
    for ids in by_company.values():
        if 2 <= len(ids) <= limit:
            ordered = sorted(ids)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return pairs


def suggest(ctx: EngineContext) -> list[Suggestion]:
    with ctx.store.read() as conn:
        me = people_repo.me(conn)
        facets = [f for f in facets_repo.all_facets(conn) if me is None or f.person_id != me.id]
        related = interactions_repo.related_pairs(conn)
        met = interactions_repo.co_attended_pairs(conn)
        everyone = {p.id or 0: p for p in people_repo.all_people(conn)}
    known = related | met | same_small_company(everyone)
    matches = match_needs(ctx.store, ctx.embedder, facets, people=everyone)
    candidates = score_pairs(matches, known)[:CANDIDATES]
    # The pair model (shared contacts, city, company, tags) scales benefit by how likely the two
    # are to click; known ties are its evidence, not candidates.
    likes = affinity(list(everyone.values()), related | met, [(p.a, p.b) for p in candidates])
    rescored = [
        PairScore(p.a, p.b, p.score * likes.get((p.a, p.b), 1.0), p.a_to_b, p.b_to_a)
        for p in candidates
    ]
    rescored.sort(key=lambda p: (-p.score, p.a, p.b))
    pairs = cap_per_person(rescored, PER_PERSON_CAP, MAX_SUGGESTIONS)
    if not pairs:
        return []
    out: list[Suggestion] = []
    for pair in pairs:
        title, reason = explain(pair, everyone)
        out.append(
            Suggestion(
                kind=SuggestionKind.INTRODUCE,
                key=pair_key(pair.a, pair.b),
                title=title,
                reason=reason,
                score=round(pair.score, 4),
                person_ids=[pair.a, pair.b],
            )
        )
    return out
