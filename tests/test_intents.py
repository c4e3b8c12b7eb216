from __future__ import annotations

import pytest

from altruist.understand.intents import Intent, classify, topic_of


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("looking for a data engineering role in Berlin", Intent.JOB),
        ("sucht eine neue Stelle als Data Engineer", Intent.JOB),
        ("Open to work: backend, Python", Intent.JOB),
        ("we are hiring backend engineers", Intent.HIRE),
        ("sucht einen Data Engineer für einen Kunden in Hamburg", Intent.HIRE),
        ("Suche Mitgründer mit technischem Hintergrund", Intent.COFOUNDER),
        ("looking for a freelance DevOps engineer", Intent.FREELANCER),
        ("sucht freiberufliche UX-Projekte", Intent.PROJECTS),
        ("sucht Pilotkunden in der Logistik", Intent.CUSTOMERS),
        ("Kontakte zu Fachjournalisten", Intent.CONTACTS),
        ("advice on SQL performance tuning", Intent.KNOWLEDGE),
    ],
)
def test_intent_of_german_and_english_statements(text: str, intent: Intent) -> None:
    assert classify(text) is intent


def test_topic_drops_intent_words_but_keeps_the_subject() -> None:
    assert topic_of("looking for a data engineering role in Berlin") == "data engineering Berlin"
    assert "PostgreSQL" in topic_of("Wissen über SQL-Optimierung in PostgreSQL")
