from __future__ import annotations

import pytest

from altruist.domain import FacetKind
from altruist.understand.intents import COMPATIBLE, Intent, kind_of, topic_of
from altruist.understand.reader import Reader


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("sucht eine neue Stelle als Data Engineer", Intent.JOB),
        ("Open to work: backend, Python", Intent.JOB),
        ("we are hiring backend engineers", Intent.HIRE),
        ("Suche Mitgründer mit technischem Hintergrund", Intent.COFOUNDER),
        ("sucht Pilotkunden in der Logistik", Intent.CUSTOMERS),
    ],
)
def test_cue_words_alone_read_plain_statements(text: str, intent: Intent) -> None:
    # Without the embedding model (the `fake` embedder of tests) the reader falls back to cues.
    assert Reader().read_one(text).intent is intent


def test_direction_two_hiring_managers_or_two_job_seekers_never_fit() -> None:
    assert Intent.JOB in COMPATIBLE[Intent.HIRE] and Intent.HIRE in COMPATIBLE[Intent.JOB]
    for one_sided in (Intent.HIRE, Intent.JOB, Intent.FUNDING, Intent.KNOWLEDGE_NEED):
        assert one_sided not in COMPATIBLE.get(one_sided, {})
    assert kind_of(Intent.INVESTING) is FacetKind.OFFER and kind_of(Intent.HIRE) is FacetKind.NEED


def test_topic_drops_intent_words_but_keeps_the_subject() -> None:
    assert topic_of("looking for a data engineering role in Berlin") == "data engineering Berlin"
    assert "PostgreSQL" in topic_of("Wissen über SQL-Optimierung in PostgreSQL")
