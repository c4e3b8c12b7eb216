"""The question ranker measured against the groups' background: a question near the centre of a
group is near everyone, so what sets a question apart for the person decides (vectors by hand)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from altruist.engine.memo_embedder import MemoEmbedder
from altruist.engine.questions.ranker import (
    Background,
    KnowledgeProfile,
    ProfileEntry,
    QuestionDoc,
    QuestionIndex,
    tag_lift,
)
from altruist.understand.embedder import FakeEmbedder

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
DIM = 4


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def index_with(
    questions: list[QuestionDoc],
    vectors: list[np.ndarray],
    profile: KnowledgeProfile,
    profile_vectors: list[np.ndarray],
    background: Background | None,
) -> QuestionIndex:
    embedder = MemoEmbedder(FakeEmbedder(DIM))
    embedder.remember([e.text for e in profile.entries], np.vstack(profile_vectors))
    return QuestionIndex(questions, embedder, vectors=np.vstack(vectors), background=background)


# The group's typical question points along axis 0; this person's niche is axis 1. Their profile
# leans to the centre (they also answered typical questions), so plain similarity prefers the
# typical question, the lift prefers the niche one.
TYPICAL, NICHE = unit(1, 0.05, 0, 0), unit(0.45, 1, 0, 0)
PROFILE = KnowledgeProfile(entries=(ProfileEntry("what I wrote", tags=()),))
PROFILE_VECTOR = unit(1, 0.6, 0, 0)
QUESTIONS = [QuestionDoc("typical", "typical"), QuestionDoc("niche", "niche")]


def test_background_lifts_the_question_that_sets_the_person_apart() -> None:
    plain = index_with(QUESTIONS, [TYPICAL, NICHE], PROFILE, [PROFILE_VECTOR], None)
    assert plain.rank(PROFILE, NOW)[0].question.key == "typical"
    crowd = [unit(1, 0, 0.1 * i, 0) for i in range(20)] + [NICHE]
    background = Background.of(np.vstack(crowd), [() for _ in crowd])
    lifted = index_with(QUESTIONS, [TYPICAL, NICHE], PROFILE, [PROFILE_VECTOR], background)
    assert lifted.rank(PROFILE, NOW)[0].question.key == "niche"


def test_unknown_background_takes_nothing_away() -> None:
    background = Background.unknown(DIM)
    assert not background.centroid.any()
    index = index_with(QUESTIONS, [TYPICAL, NICHE], PROFILE, [PROFILE_VECTOR], background)
    plain = index_with(QUESTIONS, [TYPICAL, NICHE], PROFILE, [PROFILE_VECTOR], None)
    assert [r.score for r in index.rank(PROFILE, NOW)] == [
        r.score for r in plain.rank(PROFILE, NOW)
    ]


def brewer(n_posts: int, yeast_posts: int) -> KnowledgeProfile:
    return KnowledgeProfile(
        entries=tuple(
            ProfileEntry(f"post {i}", tags=("beer", "yeast") if i < yeast_posts else ("beer",))
            for i in range(n_posts)
        )
    )


# A beer site: "beer" is on every question, "yeast" on one in twenty.
SITE = Background.of(
    np.zeros((100, DIM)), [("beer", "yeast") if i < 5 else ("beer",) for i in range(100)]
)


def test_a_tag_on_every_question_says_nothing_a_rare_one_does() -> None:
    lifts = tag_lift(brewer(8, 3), SITE, prior_posts=5.0)
    assert lifts["beer"] == pytest.approx(0.0, abs=0.01)
    assert lifts["yeast"] > 1.0


def test_more_posts_at_the_same_share_are_stronger_evidence() -> None:
    few = tag_lift(brewer(4, 2), SITE, prior_posts=5.0)["yeast"]
    many = tag_lift(brewer(40, 20), SITE, prior_posts=5.0)["yeast"]
    assert many > few > 0


def test_tag_signal_prefers_the_specific_tag_over_the_frequent_one() -> None:
    profile = brewer(8, 3)
    questions = [
        QuestionDoc("common", "common", tags=("beer",)),
        QuestionDoc("rare", "rare", tags=("yeast",)),
    ]
    same = unit(1, 0, 0, 0)
    embedder = MemoEmbedder(FakeEmbedder(DIM))
    embedder.remember([e.text for e in profile.entries], np.vstack([same] * 8))
    index = QuestionIndex(questions, embedder, vectors=np.vstack([same, same]), background=SITE)
    parts = index.signals(profile)["tags"]
    assert parts[1] == 1.0
    assert parts[0] < 0.05  # "beer" is on every question: next to no lift


def test_without_background_tags_count_by_use() -> None:
    lifts = tag_lift(brewer(10, 2), Background.unknown(DIM), prior_posts=5.0)
    assert 0 < lifts["yeast"] < lifts["beer"]
