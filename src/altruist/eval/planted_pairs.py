"""Planted pairs for `altruist rounds eval` (issue 15): does a round find the obvious pairs?

Each run plants pairs of a hiring manager and a job seeker with the same role and city (worded in
German or English from several templates) among distractors: job seekers of the same role in
another city, hiring managers of another role in the same city, and members with plain knowledge
needs and offers. The figure is the share of planted pairs the round pairs (aim ≥ 0.9).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import numpy as np

from altruist.engine.rounds.model import Member
from altruist.engine.rounds.pairing import RoundOptions, pair_members

ROLES = (
    ("Data Engineer", "Data Engineer"),
    ("Frontend-Entwicklerin", "frontend developer"),
    ("Produktmanager", "product manager"),
    ("UX-Designerin", "UX designer"),
    ("Buchhalter", "accountant"),
    ("Pflegefachkraft", "nurse"),
    ("Vertriebsleiterin", "sales manager"),
    ("DevOps Engineer", "DevOps engineer"),
    ("Data Scientist", "data scientist"),
    ("Projektmanagerin", "project manager"),
    ("Backend-Entwickler", "backend developer"),
    ("Marketingmanagerin", "marketing manager"),
)
CITIES = ("Hamburg", "Berlin", "München", "Köln", "Frankfurt", "Leipzig", "Stuttgart", "Dresden")
# Distracting job seekers live here, where nobody hires: a planted pair has exactly one answer.
ELSEWHERE = ("Bremen", "Hannover", "Nürnberg", "Kiel", "Wien", "Zürich")
HIRE = {
    "de": ("Suchen eine:n {role} für unser Team in {city}", "Wir stellen in {city} ein: {role}"),
    "en": (
        "Hiring a {role} for our team in {city}",
        "We're looking for a {role} to join us in {city}",
    ),
}
JOB = {
    "de": ("Suche eine Stelle als {role} in {city}", "Bin auf Jobsuche als {role}, gern in {city}"),
    "en": ("Looking for a job as {role} in {city}", "Open to work: {role}, based in {city}"),
}
TOPICS = ("Steuern für Selbstständige", "Kubernetes", "Fundraising", "Gartenplanung", "SEO")
KNOWLEDGE = {
    "de": ("Helfe gern bei Fragen zu {topic}", "Brauche Rat zu {topic}"),
    "en": ("Happy to help with {topic}", "Need advice on {topic}"),
}


def _member(i: int, lang: str, needs: str, offers: str, city: str) -> Member:
    return Member(f"m{i}@example.org", f"Member {i}", lang, needs=needs, offers=offers, city=city)


def planted_round(seed: int, planted: int) -> tuple[list[Member], list[tuple[int, int]]]:
    rng = random.Random(seed)
    combos = rng.sample([(r, c) for r in range(len(ROLES)) for c in CITIES], planted)
    taken = set(combos)
    members: list[Member] = []
    pairs: list[tuple[int, int]] = []

    def add(lang: str, needs: str, city: str, offers: str = "") -> int:
        members.append(_member(len(members), lang, needs, offers, city))
        return len(members) - 1

    def role(r: int, lang: str) -> str:
        return ROLES[r][0 if lang == "de" else 1]

    for r, city in combos:
        hire_lang, job_lang = rng.choice(["de", "en"]), rng.choice(["de", "en"])
        hirer = add(
            hire_lang, rng.choice(HIRE[hire_lang]).format(role=role(r, hire_lang), city=city), city
        )
        seeker = add(
            job_lang, rng.choice(JOB[job_lang]).format(role=role(r, job_lang), city=city), city
        )
        pairs.append((hirer, seeker))
        # Distractors: the same role elsewhere, another role here, plain knowledge.
        elsewhere = rng.choice(ELSEWHERE)
        lang = rng.choice(["de", "en"])
        add(lang, rng.choice(JOB[lang]).format(role=role(r, lang), city=elsewhere), elsewhere)
        other = rng.choice([o for o in range(len(ROLES)) if (o, city) not in taken])
        taken.add((other, city))
        lang = rng.choice(["de", "en"])
        add(lang, rng.choice(HIRE[lang]).format(role=role(other, lang), city=city), city)
        lang, topic = rng.choice(["de", "en"]), rng.choice(TOPICS)
        offer, need = KNOWLEDGE[lang]
        add(lang, need.format(topic=topic), city, offers=offer.format(topic=rng.choice(TOPICS)))
    return members, pairs


def evaluate_planted(
    embed: Callable[[list[str]], np.ndarray],
    *,
    read_embeddings: bool,
    runs: int = 5,
    planted: int = 8,
) -> dict[str, Any]:
    shares = []
    for seed in range(runs):
        members, planted_pairs = planted_round(seed, planted)
        pairing = pair_members(
            members,
            embed,
            RoundOptions(per_person=1, method="exact"),
            read_embeddings=read_embeddings,
        )
        found = {frozenset((p.a, p.b)) for p in pairing.pairs}
        shares.append(sum(frozenset(p) in found for p in planted_pairs) / len(planted_pairs))
    return {
        "runs": runs,
        "planted_per_run": planted,
        "members_per_run": planted * 5,
        "planted_paired": round(float(np.mean(shares)), 4),
        "worst_run": round(float(min(shares)), 4),
    }
