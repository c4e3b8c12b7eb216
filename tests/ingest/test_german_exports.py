"""German and other localised exports, written in the real formats under samples_de/: a German
Outlook CSV (comma + Windows-1252, semicolon + UTF-8 with BOM), a German Google Contacts CSV,
Apple Contacts vCards with `item1.`/`X-ABLabel`, XING vCards (issue 13)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from altruist.clock import Clock
from altruist.domain import Language
from altruist.engine.drafts import greeting
from altruist.ingest.importer import import_file, parse_bytes
from altruist.ingest.people_view import list_people, person_detail
from altruist.store import Store, settings_repo
from altruist.store import people as people_repo

SAMPLES = Path(__file__).parent / "samples_de"


@pytest.mark.parametrize(
    ("name", "fmt", "encoding", "separator", "locale"),
    [
        ("outlook_de_komma_cp1252.csv", "outlook-csv", "windows-1252", ",", "de"),
        ("outlook_de_semikolon_utf8bom.csv", "outlook-csv", "utf-8-sig", ";", "de"),
        ("google_de.csv", "google-csv", "utf-8", ",", "de"),
        ("apple_contacts_de.vcf", "vcard", "utf-8", None, None),
        ("xing_kontakte.vcf", "vcard", "utf-8", None, None),
    ],
)
def test_detected_from_content(
    name: str, fmt: str, encoding: str, separator: str | None, locale: str | None
) -> None:
    path = SAMPLES / name
    parsed = parse_bytes(path.read_bytes(), str(path))
    assert (parsed.format, parsed.encoding, parsed.delimiter, parsed.locale) == (
        fmt,
        encoding,
        separator,
        locale,
    )
    juergen = [c for c in parsed.contacts if c.family_name == "Müller"]
    assert not juergen or juergen[0].emails[0] == "juergen.mueller@example.de"


def test_german_outlook_values_land_in_their_fields() -> None:
    path = SAMPLES / "outlook_de_komma_cp1252.csv"
    by_name = {c.name: c for c in parse_bytes(path.read_bytes(), str(path)).contacts}
    anke = by_name["Anke Weiß"]
    assert (anke.company, anke.position, anke.city, anke.country) == (
        "Steuerkanzlei Weiß",
        "Senior Managerin Steuern",
        "München",
        "Deutschland",
    )
    assert anke.birthday is not None and anke.birthday.iso() == "1980-03-05"
    assert anke.phones == ["+49 170 9876543"] and anke.notes and "Sucht" in anke.notes
    assert by_name["Jürgen Müller"].birthday.iso() == "1965-12-24"  # type: ignore[union-attr]
    assert by_name["Emily Clarke"].birthday.iso() == "1984-03-12"  # type: ignore[union-attr]
    assert by_name["Björn Öztürk"].birthday is None  # Outlook's 0.0.00 means none
    # Columns no core field takes are kept under the name the file gave them.
    assert by_name["Jürgen Müller"].extras["Geschlecht"] == "Männlich"
    assert "Vorname" not in by_name["Jürgen Müller"].extras


def test_semicolon_file_reads_german_dates_with_and_without_year() -> None:
    path = SAMPLES / "outlook_de_semikolon_utf8bom.csv"
    by_name = {c.name: c for c in parse_bytes(path.read_bytes(), str(path)).contacts}
    assert by_name["Sabine Krüger"].birthday.iso() == "--12-05"  # type: ignore[union-attr]
    assert by_name["Tom Becker"].birthday.iso() == "1975-12-05"  # type: ignore[union-attr]


def test_apple_labels_become_types() -> None:
    path = SAMPLES / "apple_contacts_de.vcf"
    anke, marta = parse_bytes(path.read_bytes(), str(path)).contacts
    assert anke.urls == ["https://www.xing.com/profile/Anke_Weiss"]
    assert anke.extras["X-ABDATE (anniversary)"] == "2015-06-01"
    assert anke.extras["X-ABRELATEDNAMES (spouse)"] == "Peter Weiß"
    assert not any(k.upper().startswith("X-ABLABEL") for k in anke.extras)
    assert marta.extras["TEL 030 1234 5678 type"] == "büro"
    assert marta.birthday is not None and marta.birthday.iso() == "--11-02"  # 1604: no year


def _linkedin_zip(tmp_path: Path) -> Path:
    """A LinkedIn data download whose Connections.csv (2018 header, e-mail visible) has Jürgen."""
    path = tmp_path / "Basic_LinkedInDataExport_12-03-2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "Connections.csv",
            "First Name,Last Name,Email Address,Company,Position,Connected On\n"
            "Jürgen,Müller,juergen.mueller@example.de,Müller & Söhne GmbH,Geschäftsführer,"
            '"1/8/18, 6:14 PM"\n',
        )
    return path


def test_one_person_from_five_sources_with_german_drafts(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    import_file(sqlite_store, _linkedin_zip(tmp_path), clock=clock)
    for name in (
        "outlook_de_komma_cp1252.csv",
        "google_de.csv",
        "xing_kontakte.vcf",
        "outlook_de_semikolon_utf8bom.csv",
    ):
        import_file(sqlite_store, SAMPLES / name, clock=clock)
    (juergen,) = list_people(sqlite_store, "Jürgen Müller")
    detail = person_detail(sqlite_store, juergen["id"])
    assert detail["language"] == "de"
    assert {i["value"] for i in detail["identities"] if i["kind"] == "email"} >= {
        "juergen.mueller@example.de",
        "j.mueller@example.net",
    }
    with sqlite_store.read() as conn:
        person = people_repo.get(conn, juergen["id"])
    assert person.language is Language.DE and greeting(person) == "Hallo Jürgen,"


def test_languages_follow_the_evidence(sqlite_store: Store, clock: Clock) -> None:
    import_file(sqlite_store, SAMPLES / "outlook_de_komma_cp1252.csv", clock=clock)
    import_file(sqlite_store, SAMPLES / "google_de.csv", clock=clock)
    languages = {
        p["name"]: person_detail(sqlite_store, p["id"])["language"]
        for p in list_people(sqlite_store)
    }
    assert languages == {
        "Jürgen Müller": "de",
        "Anke Weiß": "de",
        "Björn Öztürk": "de",
        "Emily Clarke": "en",
        "Claudia Schäfer": "de",
        "Daniel Wright": "en",
    }
    (anke,) = list_people(sqlite_store, "Anke")
    assert "own texts are German" in person_detail(sqlite_store, anke["id"])["language_evidence"]


MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
    "SUBJECT,CONTENT,FOLDER\n"
    "c1,,Kim Berger,https://www.linkedin.com/in/kim,Hanna Vogel,"
    "https://www.linkedin.com/in/hanna-vogel,2024-05-01 10:00:00 UTC,,Hi Hanna,INBOX\n"
    "c1,,Hanna Vogel,https://www.linkedin.com/in/hanna-vogel,Kim Berger,"
    "https://www.linkedin.com/in/kim,2024-05-01 11:00:00 UTC,,"
    '"Hallo Kim, danke für die Nachricht! Ich suche gerade eine neue Stelle im Vertrieb.",INBOX\n'
    "c2,,Kim Berger,https://www.linkedin.com/in/kim,John Miller,"
    "https://www.linkedin.com/in/john-miller,2024-05-02 10:00:00 UTC,,Hallo John,INBOX\n"
    "c2,,John Miller,https://www.linkedin.com/in/john-miller,Kim Berger,"
    "https://www.linkedin.com/in/kim,2024-05-02 11:00:00 UTC,,"
    '"Thanks Kim, great to hear from you. Let\'s catch up next week.",INBOX\n'
)


def test_messages_they_wrote_decide_their_language(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    path = tmp_path / "messages.csv"
    path.write_text(MESSAGES, encoding="utf-8")
    import_file(sqlite_store, path, clock=clock)
    found = {p["name"]: person_detail(sqlite_store, p["id"]) for p in list_people(sqlite_store)}
    assert found["Hanna Vogel"]["language"] == "de"
    assert found["John Miller"]["language"] == "en"
    assert found["John Miller"]["language_evidence"].startswith("own texts are English")


def test_a_later_file_with_evidence_decides_a_language_that_had_none(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    first = tmp_path / "Connections.csv"
    first.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Jürgen,Müller,juergen.mueller@example.org,,,09 Sep 2022\n",
        encoding="utf-8",
    )
    with sqlite_store.transaction() as conn:
        settings_repo.put(conn, "language", "en")  # an English-speaking user
    import_file(sqlite_store, first, clock=clock)
    (juergen,) = list_people(sqlite_store, "Müller")
    before = person_detail(sqlite_store, juergen["id"])
    assert before["language"] == "en"
    assert before["language_evidence"] in (
        "the user's own language",
        "no evidence: the product's default",
    )
    later = tmp_path / "kontakte.csv"
    later.write_text(
        "Vorname;Nachname;E-Mail-Adresse;Notizen\n"
        "Jürgen;Müller;juergen.mueller@example.org;Kennt die Hälfte der Kölner Mittelständler.\n",
        encoding="utf-8",
    )
    import_file(sqlite_store, later, clock=clock)
    after = person_detail(sqlite_store, juergen["id"])
    assert after["language"] == "de"
    assert after["language_evidence"].startswith("own texts are German")
