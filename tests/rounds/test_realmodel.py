"""One round with the real multilingual model: a German need meets an English offer."""

from pathlib import Path

import pytest

from altruist.engine.rounds.plan import plan_round
from altruist.store import Store


@pytest.mark.realmodel
def test_german_need_meets_english_offer(sqlite_store: Store, tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text(
        "Name;E-Mail;Sprache;Bedarf;Angebot\n"
        "Anna;anna@example.org;de;Suche einen Mentor für maschinelles Lernen;"
        "Kontakte zu Investoren im Fintech-Bereich\n"
        "Ben;ben@example.org;en;introductions to fintech investors;"
        "10 years of machine learning experience, happy to mentor\n"
        "Clara;clara@example.org;en;a backend developer job in Berlin;I can review CVs\n"
        "Dieter;dieter@example.org;de;Hilfe beim Lebenslauf;"
        "Wir stellen Backend-Entwickler in Berlin ein\n",
        encoding="utf-8",
    )
    result = plan_round(sqlite_store, members, embedder="use")
    pairs = {frozenset((result.members[p.a].name, result.members[p.b].name)) for p in result.pairs}
    assert pairs == {frozenset(("Anna", "Ben")), frozenset(("Clara", "Dieter"))}
    anna_ben = next(p for p in result.pairs if {p.a, p.b} == {0, 1})
    assert anna_ben.a_gets is not None and "machine learning" in anna_ben.a_gets.offer
