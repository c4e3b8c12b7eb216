"""Benchmark connector rounds: time and peak memory for 1k → 10k → 100k members.

    .venv/bin/python bench/bench_rounds.py                      # real USE model, all sizes
    .venv/bin/python bench/bench_rounds.py --sizes 1000 --embedder fake
    .venv/bin/python bench/bench_rounds.py --ratio --embedder fake   # exact vs approximate
    .venv/bin/python bench/bench_rounds.py --ivf-recall 20000 --embedder fake --probes 24

Members are generated (`altruist.engine.rounds.synthetic`): 1–3 needs and 1–3 offers each,
40 % German, most item texts unique through personal detail. Each size runs in a fresh
subprocess so its peak RSS is its own. Per size it prints the seconds of each step (embedding
the unique item texts, candidate search, scoring, matching), the pairs, the total score and the
peak memory; at sizes where the LP relaxation fits it also prints the greedy matcher's share of
the LP upper bound. No store is used: embeddings are computed, not read from a cache.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np


def run_one(n: int, embedder: str, per_person: int) -> dict[str, object]:
    from altruist.engine.rounds.matching import approx_b_matching, lp_b_matching
    from altruist.engine.rounds.pairing import RoundOptions, pair_members
    from altruist.engine.rounds.synthetic import generate_members
    from altruist.understand.embedder import get_embedder

    members = generate_members(n, seed=1)
    model = get_embedder(embedder)
    started = time.perf_counter()
    pairing = pair_members(
        members,
        model.embed,
        RoundOptions(per_person=per_person, method="approx", exclude_same_company=True),
    )
    total = time.perf_counter() - started
    out: dict[str, object] = {
        "members": n,
        "embedder": model.model_id,
        "seconds_total": round(total, 1),
        **pairing.stats,
        "pairs": len(pairing.pairs),
    }
    scores = pairing.scores
    if 1000 < len(scores) <= 400_000:  # certify the scalable matcher against the LP bound
        capacity = np.full(len(pairing.eligible), per_person)
        greedy = approx_b_matching(scores.a, scores.b, scores.score, capacity)
        _, bound = lp_b_matching(scores.a, scores.b, scores.score, capacity)
        out["greedy_share_of_lp_bound"] = round(float(scores.score[greedy].sum()) / bound, 4)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU seconds next to wall seconds: on a shared machine wall time includes waiting for a core.
    out["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    out["peak_rss_mb"] = round(usage.ru_maxrss / 1024)
    return out


def approximation_ratio(embedder: str) -> None:
    """Exact MILP over all pairs vs the approximate pipeline (kNN candidates + matcher)."""
    from altruist.engine.rounds.pairing import RoundOptions, pair_members
    from altruist.engine.rounds.synthetic import generate_members
    from altruist.understand.embedder import get_embedder

    model = get_embedder(embedder)
    for n in (100, 300):
        for k in (1, 2, 3):
            members = generate_members(n, seed=n + k)
            exact = pair_members(members, model.embed, RoundOptions(per_person=k, method="exact"))
            row = [f"members={n} k={k} exact_total={exact.stats['total_score']:.3f}"]
            for matcher in ("lp", "greedy"):
                approx = pair_members(
                    members,
                    model.embed,
                    RoundOptions(per_person=k, method="approx", matcher=matcher),
                )
                ratio = approx.stats["total_score"] / exact.stats["total_score"]
                row.append(f"{matcher}_ratio={ratio:.4f}")
            print(" ".join(row), flush=True)


def ivf_recall(n: int, embedder: str, probes: int) -> None:
    """How much of the brute-force candidate graph the IVF index finds, and what that costs."""
    from altruist.engine.rounds.pairing import RoundOptions, pair_members
    from altruist.engine.rounds.synthetic import generate_members
    from altruist.understand.embedder import get_embedder

    members = generate_members(n, seed=1)
    model = get_embedder(embedder)
    runs = {}
    for name, ivf_from in (("brute", 10**9), ("ivf", 1)):
        runs[name] = pair_members(
            members,
            model.embed,
            RoundOptions(per_person=2, method="approx", matcher="greedy", ivf_min_members=ivf_from),
        )
    brute = set(zip(runs["brute"].scores.a.tolist(), runs["brute"].scores.b.tolist(), strict=True))
    ivf = set(zip(runs["ivf"].scores.a.tolist(), runs["ivf"].scores.b.tolist(), strict=True))
    print(
        f"members={n} ivf_recall_of_brute_candidates={len(brute & ivf) / len(brute):.3f} "
        f"total_score_ivf/brute={runs['ivf'].stats['total_score'] / runs['brute'].stats['total_score']:.3f} "
        f"seconds_candidates brute={runs['brute'].stats['seconds_candidates']} "
        f"ivf={runs['ivf'].stats['seconds_candidates']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--embedder", default="use", help="use (real model) or fake")
    parser.add_argument("--per-person", type=int, default=2)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ratio", action="store_true", help="exact vs approximate totals")
    parser.add_argument("--ivf-recall", type=int, metavar="N", help="IVF vs brute force at N")
    parser.add_argument("--probes", type=int, default=24, help="IVF clusters searched")
    args = parser.parse_args()
    if args.ivf_recall:
        ivf_recall(args.ivf_recall, args.embedder, args.probes)
        return
    if args.ratio:
        approximation_ratio(args.embedder)
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.embedder, args.per_person)))
        return
    for n in args.sizes:
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(n),
                "--embedder",
                args.embedder,
                "--per-person",
                str(args.per_person),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(f"{n} members: failed\n{proc.stderr[-2000:]}")
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
