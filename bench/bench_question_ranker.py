"""Rank 100,000 posts against a knowledge profile once their embeddings exist (issue 5: < 2 s).

Prints the time to build the lexical index over the posts, the time to rank them for one
profile, and peak memory. Embeddings are random unit vectors standing in for vectors read from
the store's cache; the texts are generated from a fixed vocabulary with a fixed seed.

    .venv/bin/python bench/bench_question_ranker.py [N]
"""

from __future__ import annotations

import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from altruist.engine.memo_embedder import MemoEmbedder
from altruist.engine.questions.ranker import (
    Background,
    KnowledgeProfile,
    ProfileEntry,
    QuestionDoc,
    QuestionIndex,
)
from altruist.understand.embedder import FakeEmbedder

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TOPICS = [f"topic{i}" for i in range(300)]
WORDS = [f"word{i}" for i in range(20_000)]


def make_posts(n: int, rng: random.Random) -> list[QuestionDoc]:
    posts = []
    for i in range(n):
        title = " ".join(rng.choices(WORDS, k=8))
        body = " ".join(rng.choices(WORDS, k=60))
        posts.append(
            QuestionDoc(
                key=i,
                title=title,
                body=body,
                tags=tuple(rng.sample(TOPICS, 3)),
                posted_at=NOW - timedelta(hours=rng.randrange(24 * 365)),
                answer_count=rng.choice([0, 0, 0, 1, 2, 5]),
                is_solved=rng.random() < 0.3,
            )
        )
    return posts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(7)
    posts = make_posts(n, rng)
    profile = KnowledgeProfile(
        expertise="word1 word2 word3 topic1 topic2",
        entries=tuple(
            ProfileEntry(
                " ".join(rng.choices(WORDS, k=60)),
                tags=tuple(rng.sample(TOPICS, 2)),
                at=NOW - timedelta(days=d),
            )
            for d in range(200)
        ),
    )
    dim = 512
    vectors = np.random.default_rng(7).standard_normal((n, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # The profile's own texts are embedded at rank time; give them vectors too ("embeddings exist").
    embedder = MemoEmbedder(FakeEmbedder(dim))
    texts = [e.text for e in profile.all_entries(3.0)]
    embedder.remember(
        texts, np.random.default_rng(8).standard_normal((len(texts), dim)).astype(np.float32)
    )

    t0 = time.perf_counter()
    # The groups' background (every stored question), as the product computes it once per run.
    background = Background.of(vectors, (p.tags for p in posts))
    index = QuestionIndex(posts, embedder, vectors=vectors, background=background)
    t1 = time.perf_counter()
    ranked = index.rank(profile, NOW)
    index.explain(ranked[:10], profile)
    t2 = time.perf_counter()

    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"posts: {n:,}  profile entries: {len(profile.entries)}  vector dim: {dim}")
    print(f"build lexical index and background: {t1 - t0:.2f} s")
    print(f"rank for one profile (+ reasons for top 10): {t2 - t1:.2f} s")
    print(f"total: {t2 - t0:.2f} s")
    print(f"peak memory (process max RSS, incl. the {n:,} posts and vectors): {max_rss:.0f} MiB")
    print(f"top: {ranked[0].question.key} score {ranked[0].score:.3f} – {ranked[0].reason}")


if __name__ == "__main__":
    main()
