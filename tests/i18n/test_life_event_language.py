"""A life event says what happened in the reader's language (issue 14): the import and the
by-hand job change store the news as a message, not as English prose, so a German user reads
"ist jetzt … bei …" and switching the language changes it without touching the row."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from altruist.clock import Clock
from altruist.domain import Message, Person
from altruist.engine.care.suggest import record_job_change
from altruist.engine.drafts import congratulate_reason
from altruist.i18n import Translator
from altruist.i18n.message import render
from altruist.ingest.importer import import_file
from altruist.store import Store
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo
from altruist.store.schema import life_events

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _connections(tmp: Path, company: str, position: str) -> Path:
    path = tmp / "Connections.csv"
    path.write_text(
        HEADER + f"Anke,Weiß,https://www.linkedin.com/in/anke-w,,{company},{position},3 Dec 2024\n",
        encoding="utf-8",
    )
    return path


def test_an_imported_job_change_is_told_in_the_readers_language(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    import_file(any_store, _connections(tmp_path, "ACME GmbH", "Entwicklerin"), clock=clock)
    import_file(any_store, _connections(tmp_path, "KPMG", "Senior Managerin"), clock=clock)
    with any_store.read() as conn:
        [stored] = conn.execute(select(life_events.c.summary)).scalars()
        [event] = ledger_repo.events_since(conn, clock() - timedelta(days=1))
        person = people_repo.get(conn, event.person_id)
    assert stored != "Anke Weiß is now Senior Managerin at KPMG"  # a message, not prose
    assert isinstance(event.summary, Message)
    reason = congratulate_reason(person, event.summary, clock().date())
    german, english = render(reason, Translator("de")), render(reason, Translator("en"))
    assert "Anke Weiß ist jetzt Senior Managerin bei KPMG" in german
    assert "Anke Weiß is now Senior Managerin at KPMG" in english
    assert "is now" not in german and " bei " not in english


def test_the_news_stays_the_events_own_after_the_person_changes_again(
    any_store: Store, clock: Clock
) -> None:
    """Before, the news was rebuilt from the person's *current* job and fell back to English
    prose once that differed; now the event keeps its own facts."""
    with any_store.transaction() as conn:
        pid = (
            people_repo.add(conn, Person(name="Bo Berg", position="Engineer", company="SAP SE")).id
            or 0
        )
    with any_store.transaction() as conn:
        record_job_change(conn, pid, clock(), position="CTO", company="Zalando")
        people_repo.update_fields(conn, pid, position="CEO", company="Otto")
    with any_store.read() as conn:
        [event] = ledger_repo.events_since(conn, clock() - timedelta(days=1))
        person = people_repo.get(conn, pid)
    reason = congratulate_reason(person, event.summary, clock().date())
    assert "Bo Berg ist jetzt CTO bei Zalando" in render(reason, Translator("de"))
    assert "Bo Berg is now CTO at Zalando" in render(reason, Translator("en"))


def test_a_row_stored_as_prose_before_still_shows() -> None:
    person = Person(name="Bo Berg", position="CTO", company="Zalando")
    on = date(2026, 12, 3)
    told = render(
        congratulate_reason(person, "Bo Berg is now CTO at Zalando", on), Translator("de")
    )
    assert "Bo Berg ist jetzt CTO bei Zalando" in told
    odd = render(congratulate_reason(person, "SAP SE → CTO @ Zalando", on), Translator("de"))
    assert "SAP SE → CTO @ Zalando" in odd
