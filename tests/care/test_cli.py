"""The care, ledger, needs, tier/cadence and export commands through the real CLI and a real
SQLite file. Assertions never depend on today's date."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.domain import Birthday, Interaction, InteractionKind, Person
from altruist.export import feed_token
from altruist.store import Store, open_store
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "cli.db"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as conn:
        people_repo.add(conn, Person(name="Ada Weber", company="SAP SE", birthday=Birthday(2, 29)))
        grete = people_repo.add(conn, Person(name="Grete", tier="close"))
        old = datetime(2001, 1, 1, tzinfo=UTC)  # overdue on any day the test runs
        interactions_repo.add(conn, Interaction(grete.id or 0, InteractionKind.CALL, old))
    store.dispose()
    return path, {"ALTRUIST_CONFIG": str(tmp_path / "none.toml")}


def run(db: tuple[Path, dict[str, str]], *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db[0]), *args], env=db[1])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_give_received_and_ledger_json(db: tuple[Path, dict[str, str]]) -> None:
    assert "Recorded: gave introduction" in run(db, "give", "1", "introduction", "--note", "to Bo")
    assert "offered to help me" in run(db, "received", "1", "offered-help")
    entries = json.loads(run(db, "ledger", "1", "--json"))
    assert [(e["direction"], e["kind"]) for e in entries] == [
        ("received", "offered_help"),
        ("gave", "introduction"),
    ]
    assert entries[1]["note"] == "to Bo" and entries[1]["person"] == "Ada Weber"


def test_bad_input_gives_a_clear_error_and_exit_code(db: tuple[Path, dict[str, str]]) -> None:
    runner = CliRunner()
    bad_kind = runner.invoke(app, ["--db", str(db[0]), "give", "1", "bribe"], env=db[1])
    assert bad_kind.exit_code != 0 and "unknown ledger kind" in str(bad_kind.exception)
    missing = runner.invoke(app, ["--db", str(db[0]), "ledger", "99"], env=db[1])
    assert missing.exit_code != 0 and "no person with id 99" in str(missing.exception)


def test_needs_then_ask_appears_in_care(db: tuple[Path, dict[str, str]]) -> None:
    assert "SAP" in run(db, "needs", "set", "--roles", "Data Engineer", "--companies", "SAP")
    assert json.loads(run(db, "needs", "--json"))["companies"] == ["SAP"]
    run(db, "give", "1", "tip")
    kinds = [item["kind"] for item in json.loads(run(db, "care", "--json"))]
    assert "ask" in kinds and "check_in" in kinds
    run(db, "needs", "clear")
    assert "ask" not in [item["kind"] for item in json.loads(run(db, "care", "--json"))]


def test_tier_and_cadence(db: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    assert "every 365 days" in run(db, "tier", "1", "yearly")
    assert "every 14 days" in run(db, "cadence", "1", "14")
    store: Store = open_store(f"sqlite:///{db[0]}")
    with store.read() as conn:
        ada = people_repo.get(conn, 1)
    store.dispose()
    assert (ada.tier, ada.cadence_days) == ("yearly", 14)
    bad = CliRunner().invoke(app, ["--db", str(db[0]), "tier", "1", "bestie"], env=db[1])
    assert bad.exit_code != 0 and "unknown tier" in str(bad.exception)


def test_export_ics_to_stdout_and_file(db: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    cal = Calendar.from_ical(run(db, "export", "ics"))
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert "birthday-1@altruist" in uids and any(u.startswith("checkin-2-2001-01-01") for u in uids)
    out = tmp_path / "care.ics"
    run(db, "export", "ics", "-o", str(out))
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")


def test_feed_token_is_created_once_verified_and_rotated(db: tuple[Path, dict[str, str]]) -> None:
    first = run(db, "export", "feed-token").strip()
    assert run(db, "export", "feed-token").strip() == first and len(first) >= 40
    second = run(db, "export", "feed-token", "--rotate").strip()
    assert second != first
    store = open_store(f"sqlite:///{db[0]}")
    with store.read() as conn:
        assert feed_token.verify(conn, second)
        assert not feed_token.verify(conn, first)
        assert not feed_token.verify(conn, "")
    store.dispose()


def test_care_items_have_ids_for_feedback(db: tuple[Path, dict[str, str]]) -> None:
    [check_in] = [i for i in json.loads(run(db, "care", "--json")) if i["kind"] == "check_in"]
    assert check_in["key"] == "checkin:2:2001-01-01" and check_in["id"] is not None
    run(db, "dismiss", str(check_in["id"]))
    assert "check_in" not in [i["kind"] for i in json.loads(run(db, "care", "--json"))]


def test_care_settings_round_trip_and_reject_bad_values(db: tuple[Path, dict[str, str]]) -> None:
    run(db, "care-settings", "--lead-days", "5", "--feb29", "mar1", "--tier", "close=21")
    values = json.loads(run(db, "care-settings", "--json"))
    assert values["birthday_lead_days"] == 5 and values["feb29_rule"] == "mar1"
    assert values["tiers"]["close"] == 21 and values["tiers"]["yearly"] == 365
    for bad in (["--feb29", "march"], ["--tier", "close"], ["--lead-days", "99"]):
        result = CliRunner().invoke(app, ["--db", str(db[0]), "care-settings", *bad], env=db[1])
        assert result.exit_code != 0


def test_cadence_without_days_shows_the_state(db: tuple[Path, dict[str, str]]) -> None:
    out = run(db, "cadence", "2")
    assert "Grete: every 30 days (close)." in out and "Last contact: 1 Jan 2001" in out
    assert "next check-in: 31 Jan 2001" in out  # the locale's date format (Babel)


def test_contact_by_hand_resets_the_check_in(db: tuple[Path, dict[str, str]]) -> None:
    assert "check_in" in [i["kind"] for i in json.loads(run(db, "care", "--json"))]
    # A meeting planned far ahead has not happened: it does not reset the check-in (issue 17).
    assert "Logged meeting" in run(db, "contact", "2", "--kind", "meeting", "--on", "2999-01-01")
    assert "check_in" in [i["kind"] for i in json.loads(run(db, "care", "--json"))]
    assert "Logged meeting" in run(db, "contact", "2", "--kind", "meeting")
    assert "check_in" not in [i["kind"] for i in json.loads(run(db, "care", "--json"))]
    bad = CliRunner().invoke(
        app, ["--db", str(db[0]), "contact", "2", "--kind", "telepathy"], env=db[1]
    )
    assert bad.exit_code != 0


def test_job_change_by_hand_becomes_a_congratulation(db: tuple[Path, dict[str, str]]) -> None:
    out = run(
        db, "job-change", "1", "--position", "CTO", "--company", "Zalando", "--on", "2026-11-01"
    )
    assert "is now CTO at Zalando" in out
    [item] = [i for i in json.loads(run(db, "care", "--json")) if i["kind"] == "congratulate"]
    assert "is now CTO at Zalando" in item["reason"] and "as CTO at Zalando" in item["draft"]
    store = open_store(f"sqlite:///{db[0]}")
    with store.read() as conn:
        ada = people_repo.get(conn, 1)
    store.dispose()
    assert (ada.position, ada.company, str(ada.job_started_on)) == ("CTO", "Zalando", "2026-11-01")
