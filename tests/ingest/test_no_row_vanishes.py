"""Every skipped or partly read row is reported with file, line and reason; a malformed row
never becomes a person with a garbage name (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.clock import Clock
from altruist.ingest.decode import decode
from altruist.ingest.importer import import_file
from altruist.ingest.people_view import list_people
from altruist.store import Store

CONNECTIONS = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    "Anna,Schmidt,anna@example.org,ACME,CEO,09 Sep 2022\n"
    '"Unclosed,Quote,x@example.org,ACME,COO,09 Sep 2022\n'
    "Bernd,Meier,bernd-at-example.org,ACME,CTO,09 Sep 2022\n"
    "\n"
    'Carla,Weiß,carla@example.org,ACME,"CFO, with a\nline break",09 Sep 2022\n'
    "Dieter,Roth,dieter@example.org,ACME,Head of IT,09 Sep 2022\n"
)


def test_bad_rows_are_reported_and_the_rest_imported(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    report = import_file(sqlite_store, path, clock=clock)
    found = [(s.line, s.reason.split(":")[0].split(" (")[0], s.kept) for s in report.skipped]
    assert found == [
        (3, "unclosed quote", False),
        (4, "invalid e-mail address 'bernd-at-example.org'", True),
        (5, "empty row", False),
    ]
    assert all(s.file == str(path) for s in report.skipped)
    names = sorted(p["name"] for p in list_people(sqlite_store))
    assert names == ["Anna Schmidt", "Bernd Meier", "Carla Weiß", "Dieter Roth"]
    assert report.files[str(path)]["skipped"] == 2 and report.files[str(path)]["partly_read"] == 1


def test_impossible_dates_are_reported(tmp_path: Path, sqlite_store: Store, clock: Clock) -> None:
    vcf = tmp_path / "phone.vcf"
    vcf.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olga Ort\r\nBDAY:1990-13-45\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Paul Plan\r\nBDAY:--0229\r\nEND:VCARD\r\n"
    )
    csv = tmp_path / "kontakte.csv"
    csv.write_text("Vorname;Nachname;E-Mail-Adresse;Geburtstag\nRita;Rot;r@example.de;31.02.1980\n")
    report = import_file(sqlite_store, vcf, clock=clock)
    assert [(s.line, s.kept) for s in report.skipped] == [(4, True)]
    assert "1990-13-45" in report.skipped[0].reason
    report = import_file(sqlite_store, csv, clock=clock)
    assert [(s.line, s.kept) for s in report.skipped] == [(2, True)]
    assert "31.02.1980" in report.skipped[0].reason


def test_encoding_is_decided_from_evidence_and_doubtful_lines_named() -> None:
    mixed = "Name,E-mail\nJürgen Müller,j@example.de\n".encode() + "Björn,b@example.de\n".encode(
        "cp1252"
    )
    decoded = decode(mixed, "mixed.csv")
    assert decoded.encoding == "utf-8+windows-1252"
    assert decoded.text.splitlines()[2] == "Björn,b@example.de"
    assert [line for line, _ in decoded.doubtful] == [3]
    twice = "Name\nJÃ¼rgen\n".encode()
    assert [line for line, _ in decode(twice, "twice.csv").doubtful] == [2]
    assert decode("Björn\n".encode("cp1252"), "w.csv").encoding == "windows-1252"


def test_cli_exits_non_zero_when_a_file_failed_and_reports_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "kontakte.csv"
    good.write_text(
        "Vorname;Nachname;E-Mail-Adresse;Firma\nAnke;Weiß;anke@example.de;Kanzlei\n"
        "Bernd;Braun;bernd-at-example.de;Kanzlei\n",
        encoding="utf-8-sig",
    )
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    db = tmp_path / "cli.db"
    monkeypatch.setenv("ALTRUIST_LANGUAGE", "de")  # the user's language, as configured
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "import", str(good), str(bad)])
    assert result.exit_code != 0
    text = " ".join(result.stdout.split())  # the console wraps long lines
    assert (
        "Format Outlook-Kontakte-CSV, Kodierung UTF-8 mit Byte-Order-Mark, Trennzeichen Semikolon"
        in text
    )
    assert "Personen: 2 neu" in text
    assert "teilweise gelesen" in text
    assert "ungültige E-Mail-Adresse 'bernd-at-example.de' (als Text behalten)" in text


def test_cli_person_shows_and_sets_the_language(tmp_path: Path) -> None:
    csv = tmp_path / "kontakte.csv"
    csv.write_text(
        "Vorname;Nachname;E-Mail-Adresse;Notizen\n"
        "Anke;Weiß;anke@example.org;Sucht eine neue Stelle im Bereich Steuern.\n",
        encoding="utf-8",
    )
    db = tmp_path / "cli.db"
    runner = CliRunner()
    runner.invoke(app, ["--db", str(db), "import", str(csv)])
    shown = runner.invoke(app, ["--db", str(db), "person", "1", "--json"])
    assert json.loads(shown.stdout)["language"] == "de"
    changed = runner.invoke(app, ["--db", str(db), "person", "1", "--language", "en", "--json"])
    detail = json.loads(changed.stdout)
    assert (detail["language"], detail["language_evidence"]) == ("en", "set by hand")
    refused = runner.invoke(app, ["--db", str(db), "person", "1", "--language", "fr"])
    assert refused.exit_code != 0
