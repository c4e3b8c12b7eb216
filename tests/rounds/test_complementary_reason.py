"""A round pair met by two complementary needs (a hiring manager and a job seeker) says so: neither
"offers" the other's need — in the stored reason, the German reason, both drafts and the stored
round read back for the web (issue 15, third pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from altruist.engine.rounds.output import draft_de, draft_en
from altruist.engine.rounds.plan import plan_round, reason_text
from altruist.i18n import Translator
from altruist.store import Store
from altruist.web.pages._rounds import stored_round


@pytest.mark.realmodel
def test_complementary_needs_are_not_called_offers(sqlite_store: Store, tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text(
        "Name;E-Mail;Sprache;Bedarf;Angebot\n"
        "Carla;carla@example.org;de;Suchen einen Data Engineer für unser Team in Hamburg;\n"
        "Deniz;deniz@example.org;de;Suche eine Stelle als Data Engineer in Hamburg;\n"
        "Ben;ben@example.org;en;advice on machine learning;\n"
        "Ada;ada@example.org;en;;10 years of machine learning experience, happy to advise\n",
        encoding="utf-8",
    )
    result = plan_round(sqlite_store, members, community="c", embedder="use")
    names = {
        frozenset((result.members[p.a].name, result.members[p.b].name)): p for p in result.pairs
    }
    jobs = names[frozenset(("Carla", "Deniz"))]
    advice = names[frozenset(("Ada", "Ben"))]
    assert jobs.a_gets and jobs.a_gets.offer_is_need
    assert jobs.b_gets and jobs.b_gets.offer_is_need

    english = reason_text(result, jobs)
    assert "offers" not in english and english.count("each fits the other") == 2
    german = reason_text(result, jobs, Translator("de"))
    assert "bietet" not in german and german.count("Anliegen von") == 4
    assert "offers" not in draft_en(result, jobs) and "each fits the other" in draft_en(
        result, jobs
    )
    assert "bietet" not in draft_de(result, jobs) and "passt zueinander" in draft_de(result, jobs)

    # An offer stays an offer.
    assert "Ada offers" in reason_text(result, advice)
    assert "Ada bietet" in reason_text(result, advice, Translator("de"))

    # The web reads the stored English reason back and words it the same way again.
    assert result.round_id is not None
    back = stored_round(sqlite_store, result.round_id)
    by_names = {frozenset((back.members[p.a].name, back.members[p.b].name)): p for p in back.pairs}
    again = by_names[frozenset(("Carla", "Deniz"))]
    assert reason_text(back, again) == english
    assert reason_text(back, by_names[frozenset(("Ada", "Ben"))]) == reason_text(result, advice)
