"""Import behaviour on both backends: idempotence, job changes, merging, review queue, undo,
encodings, bad rows. Files are generated in tmp_path from the real header lines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from altruist.clock import Clock, fixed_clock
from altruist.errors import ImportError_, InvalidTransition
from altruist.ingest import merge
from altruist.ingest.importer import import_file
from altruist.ingest.people_view import list_people, person_detail
from altruist.store import Store
from altruist.store import ledger as ledger_repo
from altruist.store.schema import field_values, people

HEADER_2024 = (
    'Notes:\n"When exporting your connection data, you may notice ..."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)


def _connections(tmp: Path, rows: list[str], name: str = "Connections.csv") -> Path:
    path = tmp / name
    path.write_text(HEADER_2024 + "\n".join(rows) + "\n", encoding="utf-8")
    return path


ANNA = "Anna,Müller,https://www.linkedin.com/in/anna-mueller,,ACME GmbH,Entwicklerin,16 Dec 2024"
JOERG = "Jörg,Schäfer,https://de.linkedin.com/in/JSchaefer/,js@example.org,Beta AG,CTO,1 Jan 2024"


def test_reimport_is_idempotent(tmp_path: Path, any_store: Store, clock: Clock) -> None:
    path = _connections(tmp_path, [ANNA, JOERG])
    first = import_file(any_store, path, clock=clock)
    assert (first.added, first.unchanged) == (2, 0)
    with any_store.read() as conn:
        before = conn.execute(select(func.count()).select_from(field_values)).scalar_one()
    second = import_file(any_store, path, clock=clock)
    assert second.as_dict() | {"files": None} == {
        "files": None,
        "added": 0,
        "updated": 0,
        "unchanged": 2,
        "merged": 0,
        "review": 0,
        "skipped": [],
    }
    with any_store.read() as conn:
        after = conn.execute(select(func.count()).select_from(field_values)).scalar_one()
    assert before == after
    joerg = list_people(any_store, "Schäfer")[0]
    assert joerg["emails"] == ["js@example.org"]
    ids = person_detail(any_store, joerg["id"])["identities"]
    assert "https://www.linkedin.com/in/jschaefer" in [i["value"] for i in ids]


def test_job_change_becomes_life_event(tmp_path: Path, any_store: Store, clock: Clock) -> None:
    import_file(any_store, _connections(tmp_path, [ANNA, JOERG], "old.csv"), clock=clock)
    changed = ANNA.replace("ACME GmbH,Entwicklerin", "Gamma SE,Teamleiterin")
    later = fixed_clock(datetime(2027, 1, 5, tzinfo=UTC))
    report = import_file(
        any_store, _connections(tmp_path, [changed, JOERG], "new.csv"), clock=later
    )
    assert (report.merged + report.updated, report.unchanged) == (1, 1)
    with any_store.read() as conn:
        events = ledger_repo.events_since(conn, datetime(2027, 1, 1, tzinfo=UTC))
    assert len(events) == 1
    assert events[0].kind == "job_change"
    assert events[0].old_value == "Entwicklerin at ACME GmbH"
    assert events[0].new_value == "Teamleiterin at Gamma SE"
    anna = list_people(any_store, "Anna")[0]
    assert (anna["company"], anna["position"]) == ("Gamma SE", "Teamleiterin")
    # The old job is kept with its provenance: nothing is lost.
    values = [(f["name"], f["value"]) for f in person_detail(any_store, anna["id"])["fields"]]
    assert ("company", "ACME GmbH") in values and ("company", "Gamma SE") in values


def test_other_source_disagreeing_is_not_a_job_change(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    import_file(any_store, _connections(tmp_path, [JOERG]), clock=clock)
    card = tmp_path / "j.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jörg Schäfer\r\nN:Schäfer;Jörg;;;\r\n"
        "ORG:Private\r\nEMAIL:JS@Example.org\r\nBDAY:--0415\r\nEND:VCARD\r\n"
    )
    report = import_file(any_store, card, clock=clock)
    assert report.merged == 1 and report.added == 0
    with any_store.read() as conn:
        assert ledger_repo.events_since(conn, datetime(2000, 1, 1, tzinfo=UTC)) == []
    joerg = list_people(any_store, "Schäfer")[0]
    assert joerg["birthday"] == "--04-15"


def _card(path: Path, org: str) -> Path:
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jörg Schäfer\r\nN:Schäfer;Jörg;;;\r\n"
        f"ORG:{org}\r\nTITLE:Lead\r\nEMAIL:js@example.org\r\nEND:VCARD\r\n"
    )
    return path


def test_two_address_books_disagreeing_is_not_a_job_change(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    """A first import of the phone's and the mail client's vCards is not news."""
    import_file(any_store, _card(tmp_path / "phone.vcf", "Alpha AG"), clock=clock)
    import_file(any_store, _card(tmp_path / "mail.vcf", "Beta AG"), clock=clock)
    with any_store.read() as conn:
        assert ledger_repo.events_since(conn, datetime(2000, 1, 1, tzinfo=UTC)) == []


def test_newer_copy_of_the_same_address_book_is_a_job_change(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    import_file(any_store, _card(tmp_path / "old" / "contacts.vcf", "Alpha AG"), clock=clock)
    import_file(any_store, _card(tmp_path / "new" / "contacts.vcf", "Beta AG"), clock=clock)
    with any_store.read() as conn:
        events = ledger_repo.events_since(conn, datetime(2000, 1, 1, tzinfo=UTC))
    assert [(e.kind, e.new_value) for e in events] == [("job_change", "Lead at Beta AG")]


def test_fuzzy_duplicate_goes_to_review_then_merge_and_unmerge(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    import_file(any_store, _connections(tmp_path, [ANNA]), clock=clock)
    card = tmp_path / "anna.vcf"
    card.write_bytes(
        "BEGIN:VCARD\nVERSION:2.1\nN:Mueller;Anna\nFN:Anna Mueller\nORG:ACME\n"
        "TEL;CELL:0171 1234567\nEND:VCARD\n".encode("cp1252")
    )
    report = import_file(any_store, card, clock=clock)
    assert (report.added, report.review) == (1, 1)
    (cand,) = merge.open_candidates(any_store)
    assert "Anna Müller" in cand["reason"] and "Anna Mueller" in cand["reason"]
    before = {p["id"]: p for p in list_people(any_store)}
    assert len(before) == 2
    result = merge.accept(any_store, cand["id"], clock=clock)
    after = list_people(any_store)
    assert [p["id"] for p in after] == [result.kept_id]
    kept = person_detail(any_store, result.kept_id)
    kinds = {i["kind"]: i["value"] for i in kept["identities"]}
    assert kinds["phone"] == "+491711234567"
    assert kinds["linkedin"] == "https://www.linkedin.com/in/anna-mueller"
    assert ("name", "Anna Mueller") in [(f["name"], f["value"]) for f in kept["fields"]]
    with pytest.raises(InvalidTransition):
        merge.accept(any_store, cand["id"], clock=clock)
    merge.unmerge(any_store, result.merge_id, clock=clock)
    restored = {p["id"]: p for p in list_people(any_store)}
    assert restored.keys() == before.keys()
    assert all(restored[i]["name"] == before[i]["name"] for i in before)
    assert merge.open_candidates(any_store) == []  # undone means rejected: not proposed again
    again = import_file(any_store, card, clock=clock)
    assert again.review == 0 and again.added == 0


def test_reject_keeps_people_apart(tmp_path: Path, any_store: Store, clock: Clock) -> None:
    rows = [ANNA, "Anna,Mueller,,,ACME,Dev,1 Jan 2020"]
    report = import_file(any_store, _connections(tmp_path, rows), clock=clock)
    assert report.review == 1
    (cand,) = merge.open_candidates(any_store)
    merge.reject(any_store, cand["id"])
    assert merge.open_candidates(any_store) == []
    assert len(list_people(any_store, "Anna")) == 2


def test_bad_rows_are_reported_and_good_rows_imported(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    rows = [ANNA, ",,,,,,", "Too,Many,,,A,B,1 Jan 2024,extra,cells", JOERG]
    path = _connections(tmp_path, rows)
    report = import_file(any_store, path, clock=clock)
    assert report.added == 2
    assert [(s.line, s.reason.split(" ")[0]) for s in report.skipped] == [(6, "empty"), (7, "row")]
    assert report.skipped[0].file == str(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_outlook_csv_encodings_and_semicolons(
    tmp_path: Path, realdata: Path, any_store: Store, clock: Clock, encoding: str
) -> None:
    header = (realdata / "contacts-csv-samples" / "outlook_com_web_csv_header.csv").read_text()
    columns = header.strip().split(",")
    row = dict.fromkeys(columns, "")
    row.update(
        {
            "First Name": "Björn",
            "Last Name": "Größe",
            "E-mail Address": "bg@example.de",
            "Company": "Müller & Söhne",
            "Job Title": "Prokurist",
            "Birthday": "3/14/1975",
            "Mobile Phone": "+49 170 1234567",
            "Hobby": "Segeln",
        }
    )
    lines = [";".join(columns), ";".join(row[c] for c in columns)]
    path = tmp_path / "outlook.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    report = import_file(any_store, path, clock=clock)
    assert report.added == 1
    (p,) = list_people(any_store)
    assert (p["name"], p["company"], p["birthday"]) == (
        "Björn Größe",
        "Müller & Söhne",
        "1975-03-14",
    )
    unknown = {f["name"]: f["value"] for f in person_detail(any_store, p["id"])["unknown_fields"]}
    assert unknown["Hobby"] == "Segeln"


def test_google_current_repeating_groups(
    tmp_path: Path, realdata: Path, any_store: Store, clock: Clock
) -> None:
    header = (
        (realdata / "contacts-csv-samples" / "google_csv_current_header_example.csv")
        .read_text()
        .strip()
    )
    # Google adds groups as needed: a fourth e-mail group appended after the shipped header.
    header += ",E-mail 4 - Label,E-mail 4 - Value"
    cols = header.split(",")
    row = dict.fromkeys(cols, "")
    row.update(
        {
            "First Name": "Zoë",
            "Last Name": "Ødegaard",
            "Organization Name": "Nordlys",
            "Birthday": "--07-29",
            "E-mail 1 - Value": "zoe@a.example",
            "E-mail 4 - Value": "zoe@d.example ::: zoe@e.example",
            "Labels": "* myContacts ::: Friends",
        }
    )
    path = tmp_path / "google.csv"
    path.write_text(header + "\n" + ",".join(row[c] for c in cols) + "\n")
    import_file(any_store, path, clock=clock)
    (p,) = list_people(any_store)
    assert p["birthday"] == "--07-29" and p["company"] == "Nordlys"
    assert sorted(p["emails"]) == ["zoe@a.example", "zoe@d.example", "zoe@e.example"]


def test_thunderbird_birth_columns(
    tmp_path: Path, realdata: Path, sqlite_store: Store, clock: Clock
) -> None:
    header = (realdata / "contacts-csv-samples" / "thunderbird_csv_header.csv").read_text()
    cols = header.strip().split(",")
    row = dict.fromkeys(cols, "")
    row.update(
        {
            "First Name": "Ines",
            "Last Name": "Ruß",
            "Primary Email": "ines@r.example",
            "Birth Month": "2",
            "Birth Day": "29",
            "Organization": "Stadtwerke",
        }
    )
    path = tmp_path / "tb.csv"
    path.write_text(header.strip() + "\n" + ",".join(row[c] for c in cols) + "\n")
    import_file(sqlite_store, path, clock=clock)
    (p,) = list_people(sqlite_store)
    assert (p["birthday"], p["company"]) == ("--02-29", "Stadtwerke")


def test_not_a_contact_file_is_rejected(tmp_path: Path, sqlite_store: Store, clock: Clock) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("id,amount,currency\n1,5,EUR\n")
    with pytest.raises(ImportError_, match="not a contact file") as info:
        import_file(sqlite_store, path, clock=clock)
    assert str(path) in str(info.value)
    with sqlite_store.read() as conn:
        assert conn.execute(select(func.count()).select_from(people)).scalar_one() == 0
