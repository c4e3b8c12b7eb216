"""Quality of connector rounds on real advice networks (issue 8, "Quality").

Each person of a network becomes a member. Their *offers* describe what they know, from their
own attributes (practice, office, status, department, discipline …); their *needs* describe the
advice they seek, from the attributes of the people they visibly go to for advice (falling back
to their own field when they have none). A share of the advice ties is hidden; the visible ones
count as "already met" and are never proposed. Then a round is planned and we count how many of
its pairs are hidden real advice ties — against random pairing and tag-overlap pairing, each
under the same per-person cap and exclusions.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from altruist.engine.memo_embedder import MemoEmbedder
from altruist.engine.rounds.matching import approx_b_matching, exact_b_matching
from altruist.engine.rounds.model import Member
from altruist.engine.rounds.pairing import RoundOptions, pair_members
from altruist.eval.networks import Network, load_networks
from altruist.eval.planted_pairs import evaluate_planted
from altruist.understand.embedder import get_embedder

HIDDEN_SHARE = 0.3
RANDOM_DRAWS = 20

# Codes of the datasets' SOURCE.txt turned into words an embedding model understands.
# Gender and age are left out on purpose: introductions are not made by them.
LABELS: dict[str, dict[str, str]] = {
    "status": {"1": "partner", "2": "associate"},
    "office": {"1": "Boston office", "2": "Hartford office", "3": "Providence office"},
    "practice": {"1": "litigation", "2": "corporate law"},
    "law_school": {"1": "Harvard or Yale alumni", "2": "UConn alumni", "3": "other law school"},
    "level": {"1": "chief executive", "2": "vice president", "3": "manager"},
    "dept": {str(i): f"department {i}" for i in range(6)},
    "Discipline": {
        "1": "sociology",
        "2": "anthropology",
        "3": "mathematics and statistics",
        "4": "other discipline",
    },
}


def attribute_phrases(network: Network, node: int) -> dict[str, str]:
    out = {}
    for attr, labels in LABELS.items():
        values = network.attributes.get(attr)
        if values and values[node]:
            label = labels.get(values[node][0])
            if label:
                out[attr] = label
    return out


def build_members(network: Network, visible: set[tuple[int, int]]) -> list[Member]:
    """Members whose needs come from their visible advisors and offers from themselves."""
    phrases = [attribute_phrases(network, i) for i in range(network.n_nodes)]
    advisors: dict[int, list[int]] = {i: [] for i in range(network.n_nodes)}
    for source, target in visible:
        advisors[source].append(target)
    known = {frozenset(p) for p in visible}
    members = []
    for i in range(network.n_nodes):
        own = phrases[i]
        # One item per side: a pair is scored by its best single need/offer item, and here the
        # whole profile (field, office, seniority, school) is what makes a good advisor.
        offers = ", ".join(own.values())
        wanted: list[str] = []
        for attr in LABELS:
            seen = Counter(phrases[j][attr] for j in advisors[i] if attr in phrases[j])
            if seen:
                wanted.append(seen.most_common(1)[0][0])
            elif attr in own:
                wanted.append(own[attr])
        needs = "advice from " + ", ".join(wanted) if wanted else ""
        met = tuple(f"n{j}@net" for j in range(network.n_nodes) if frozenset((i, j)) in known)
        members.append(
            Member(
                email=f"n{i}@net",
                name=network.node_ids[i],
                needs=needs,
                offers=offers,
                met=met,
                tags=tuple(own.values()),
            )
        )
    return members


def _matched_pairs(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> set[frozenset[int]]:
    return {frozenset((int(x), int(y))) for x, y in zip(a[mask], b[mask], strict=True)}


def _precision(pairs: set[frozenset[int]], hidden: set[frozenset[int]]) -> float:
    return len(pairs & hidden) / len(pairs) if pairs else 0.0


def evaluate_network(
    network: Network, embedder: str = "use", per_person: int = 2, splits: int = 5
) -> dict[str, Any]:
    ties = sorted({frozenset(e) for e in network.edges}, key=sorted)
    n = network.n_nodes
    embed = MemoEmbedder(get_embedder(embedder)).embed  # the same offers in every split
    tags = [set(attribute_phrases(network, i).items()) for i in range(n)]
    scores: dict[str, list[float]] = {
        "altruist": [],
        "tag_overlap": [],
        "random": [],
        "base_rate": [],
    }
    for split in range(splits):
        rng = np.random.default_rng(split)
        hidden_idx = rng.choice(len(ties), int(len(ties) * HIDDEN_SHARE), replace=False)
        hidden = {ties[i] for i in hidden_idx}
        visible = {e for e in network.edges if frozenset(e) not in hidden}
        members = build_members(network, visible)
        known = {frozenset(e) for e in visible}
        a, b = (
            np.asarray(x)
            for x in zip(
                *[
                    (i, j)
                    for i in range(n)
                    for j in range(i + 1, n)
                    if frozenset((i, j)) not in known
                ],
                strict=True,
            )
        )
        capacity = np.full(n, per_person)

        pairing = pair_members(
            members,
            embed,
            RoundOptions(per_person=per_person, method="exact", exclude_met=True, min_score=0.0),
        )
        proposed = {frozenset((p.a, p.b)) for p in pairing.pairs}
        scores["altruist"].append(_precision(proposed, hidden))

        jaccard = np.array(
            [
                len(tags[x] & tags[y]) / max(len(tags[x] | tags[y]), 1)
                for x, y in zip(a, b, strict=True)
            ]
        )
        jaccard = jaccard + rng.random(len(a)) * 1e-6  # random tie-break among equal overlaps
        overlap = exact_b_matching(a, b, jaccard, capacity)
        scores["tag_overlap"].append(_precision(_matched_pairs(a, b, overlap), hidden))

        draws = [
            _precision(
                _matched_pairs(
                    a, b, approx_b_matching(a, b, rng.random(len(a)), capacity, max_passes=0)
                ),
                hidden,
            )
            for _ in range(RANDOM_DRAWS)
        ]
        scores["random"].append(float(np.mean(draws)))
        scores["base_rate"].append(len(hidden) / len(a))
    return {
        "network": network.name,
        "members": n,
        "ties": len(ties),
        "splits": splits,
        "per_person": per_person,
        "embedder": embedder,
        **{k: round(float(np.mean(v)), 4) for k, v in scores.items()},
    }


def evaluate_folder(
    folder: Path | str,
    embedder: str = "use",
    per_person: int = 2,
    splits: int = 5,
    only_advice: bool = True,
) -> dict[str, Any]:
    networks = [net for net in load_networks(folder) if not only_advice or "advice" in net.name]
    planted = evaluate_planted(
        MemoEmbedder(get_embedder(embedder)).embed, read_embeddings=embedder == "use"
    )
    return {
        "hidden_share": HIDDEN_SHARE,
        "networks": [evaluate_network(net, embedder, per_person, splits) for net in networks],
        "planted": planted,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"share of proposed pairs that are hidden real advice ties "
        f"({int(report['hidden_share'] * 100)} % of ties hidden)",
        f"{'network':<14}{'members':>8}{'altruist':>10}{'tag overlap':>13}{'random':>9}"
        f"{'base rate':>11}",
    ]
    for row in report["networks"]:
        lines.append(
            f"{row['network']:<14}{row['members']:>8}{row['altruist']:>10.3f}"
            f"{row['tag_overlap']:>13.3f}{row['random']:>9.3f}{row['base_rate']:>11.3f}"
        )
    planted = report.get("planted")
    if planted:
        lines.append(
            f"planted pairs (hiring manager and job seeker, same role and city, among "
            f"distractors): {planted['planted_paired']:.3f} paired over {planted['runs']} runs of "
            f"{planted['members_per_run']} members (worst run {planted['worst_run']:.3f})"
        )
    return "\n".join(lines)
