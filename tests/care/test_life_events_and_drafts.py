"""Job changes become congratulations with a draft in the contact's language; drafts respect
"du"/"Sie" and speak the person's language, not the user's."""

from __future__ import annotations

from datetime import timedelta

from altruist.domain import Language, LifeEvent, Person, SuggestionKind
from altruist.engine import drafts
from altruist.engine.care import suggest as care
from altruist.store import Store, settings_repo
from altruist.store import ledger as ledger_repo
from tests.care.conftest import add_person, ctx_at, utc
from tests.helpers import shown

NOW = utc(2026, 11, 26)


def test_job_change_is_congratulated_for_a_month(sqlite_store: Store) -> None:
    kira = add_person(
        sqlite_store,
        "Kira Bolz",
        company="Zalando",
        position="Marketingleiterin",
        language=Language.DE,
    )
    with sqlite_store.transaction() as conn:
        settings_repo.put(conn, "language", "en")
        event = ledger_repo.add_event(
            conn,
            LifeEvent(
                kira.id or 0,
                "job_change",
                utc(2026, 11, 20),
                "Marketing Manager → Marketingleiterin",
            ),
        )
        ledger_repo.add_event(
            conn, LifeEvent(kira.id or 0, "moved", utc(2026, 11, 21), "Moved to Köln")
        )
    [item] = care.suggest(ctx_at(sqlite_store, NOW))
    assert item.kind is SuggestionKind.CONGRATULATE and item.key == f"congratulate:{event.id}"
    assert shown(item.title) == "Congratulate Kira Bolz"  # the reader's language
    assert "Marketing Manager → Marketingleiterin" in shown(item.reason)
    assert item.draft is not None and item.draft.startswith("Hallo Kira,")  # the contact's language
    assert "als Marketingleiterin bei Zalando" in item.draft
    fresher = item.score
    [older] = care.suggest(ctx_at(sqlite_store, NOW + timedelta(days=14)))
    assert older.score < fresher
    assert care.suggest(ctx_at(sqlite_store, NOW + timedelta(days=31))) == []


def test_german_ui_titles_and_reasons(sqlite_store: Store) -> None:
    add_person(sqlite_store, "Ben Brandt", tier="close")
    with sqlite_store.transaction() as conn:
        settings_repo.put(conn, "language", "de")
    from tests.care.conftest import add_contact

    add_contact(sqlite_store, add_person(sqlite_store, "Cem", tier="close"), utc(2026, 9, 1))
    [item] = [s for s in care.suggest(ctx_at(sqlite_store, NOW)) if "Cem" in shown(s.title)]
    assert shown(item.title, "de") == "Bei Cem melden"
    assert shown(item.reason, "de").startswith("Seit 86 Tagen kein Kontakt mit Cem")
    assert item.draft is not None and item.draft.startswith("Hi Cem,")  # Cem speaks English


def test_formal_german_draft_uses_sie() -> None:
    formal = Person(
        name="Dr. Eva Maier",
        given_name="Eva",
        family_name="Maier",
        language=Language.DE,
        tags=["Sie"],
    )
    informal = Person(name="Eva Maier", language=Language.DE)
    assert drafts.check_in(formal).startswith("Guten Tag Dr. Eva Maier,")
    assert "Wie geht es Ihnen" in drafts.check_in(formal)
    assert drafts.check_in(formal).endswith("Freundliche Grüße")
    assert "Wie geht es dir" in drafts.check_in(informal)
    assert "zum 50." in drafts.birthday(informal, 50)
    assert "50" not in drafts.birthday(informal, 37).replace("37", "")


def test_join_words_in_both_languages() -> None:
    assert drafts.join_words(["A", "B", "C"], Language.DE) == "A, B und C"
    assert drafts.join_words(["A", "B"], Language.EN, alternative=True) == "A or B"
    assert drafts.join_words([], Language.EN) == ""
