"""Values longer than their column are cut to it with a note in the report, the same way on
SQLite and PostgreSQL (issue 19: PostgreSQL rejected the whole file with a DataError)."""

from __future__ import annotations

from sqlalchemy import select

from altruist.clock import Clock
from altruist.ingest.importer import import_bytes
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.store.schema import field_values


def test_over_long_name_title_and_email_are_cut_and_reported(
    any_store: Store, clock: Clock
) -> None:
    long_name = "Ada " + "L" * 2500
    long_title = "Chief " + "T" * 600
    long_mail = "a" * 600 + "@example.org"
    csv = (
        "First Name,Last Name,E-mail Address,Job Title,Company\n"
        f"Grete,Weber,grete@example.org,Engineer,SAP\n"
        f"{long_name},X,{long_mail},{long_title},SAP\n"
        f"Hans,Meier,hans@example.org,Manager,Bosch\n"
    ).encode()
    report = import_bytes(any_store, csv, "contacts.csv", clock=clock)
    assert report.added == 3
    assert any("people.name" in note for note in report.shortened)
    assert any("people.position" in note for note in report.shortened)
    assert any(
        "identities.value" in note and "not kept as a key" in note for note in report.shortened
    )
    assert all(note.startswith("contacts.csv: ") for note in report.shortened)
    with any_store.read() as conn:
        people = people_repo.all_people(conn)
    by_start = {p.name[:4]: p for p in people}
    assert len(by_start["Ada "].name) == 300
    assert by_start["Ada "].position is not None and len(by_start["Ada "].position) == 300
    assert {"Grete Weber", "Hans Meier"} <= {p.name for p in people}


def test_a_long_file_name_is_cut_once_on_every_provenance_row(
    any_store: Store, clock: Clock
) -> None:
    # The file name is one value every provenance row of the file shares (written once per
    # column, not per row): cut to its column on each row, and reported once, not per row.
    name = "exports/" + "n" * 1200 + "/contacts.csv"
    csv = (
        b"First Name,Last Name,E-mail Address,Job Title,Company\n"
        b"Grete,Weber,grete@example.org,Engineer,SAP\n"
        b"Hans,Meier,hans@example.org,Manager,Bosch\n"
    )
    report = import_bytes(any_store, csv, name, clock=clock)
    assert report.added == 2
    notes = [n for n in report.shortened if "field_values.source_file" in n]
    assert len(notes) == 1, report.shortened
    with any_store.read() as conn:
        rows = conn.execute(select(field_values.c.source_file, field_values.c.value)).all()
    assert len(rows) >= 2 * 5  # name parts, job, company, language evidence per person
    assert {source for source, _value in rows} == {name[:1000]}
    assert {"Grete Weber", "Hans Meier", "SAP", "Bosch"} <= {value for _s, value in rows}
