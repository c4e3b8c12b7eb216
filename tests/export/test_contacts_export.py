"""Contacts leave altruist as vCard 4.0 and CSV and come back unchanged (issue 16, "Export"):
the demo network is exported through the CLI, imported into an empty database through the CLI,
and the people compared field by field. Backup and restore from the CLI are lossless too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from altruist.domain import Birthday, IdentityKind, Person
from altruist.export.contacts import ContactCard, to_csv, to_vcard
from altruist.store import Store, open_store
from altruist.store import people as people_repo


def altruist(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALTRUIST_EMBEDDER": "fake"}
    return subprocess.run(
        [sys.executable, "-m", "altruist", *args], capture_output=True, text=True, env=env
    )


def contacts_of(db: Path) -> set[tuple[object, ...]]:
    store: Store = open_store(f"sqlite:///{db}")
    try:
        with store.read() as conn:
            found = people_repo.identities_by_person(conn)
            return {
                (
                    p.name,
                    p.birthday.iso() if p.birthday else None,
                    tuple(
                        sorted(
                            i.value
                            for i in found.get(p.id or 0, [])
                            if i.kind is IdentityKind.EMAIL
                        )
                    ),
                    tuple(
                        sorted(
                            i.value
                            for i in found.get(p.id or 0, [])
                            if i.kind is IdentityKind.PHONE
                        )
                    ),
                )
                for p in people_repo.all_people(conn)
            }
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    built = altruist("--db", str(db), "demo", "--people", "120")
    assert built.returncode == 0, built.stderr
    # The demo has no phone numbers; a phone's address book adds some, in German spellings.
    phones = db.parent / "handy.vcf"
    phones.write_text(PHONE_CARDS, encoding="utf-8")
    added = altruist("--db", str(db), "import", str(phones))
    assert added.returncode == 0, added.stdout + added.stderr
    return db


PHONE_CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Weiß\r\nN:Weiß;Jürgen;;;\r\n"
    "TEL;TYPE=CELL:0170 1234567\r\nTEL;TYPE=WORK:+49 89 1234560\r\n"
    "EMAIL:juergen.weiss@example.de\r\nBDAY:--0503\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anke Öztürk\r\nN:Öztürk;Anke;;;\r\n"
    "TEL:0049 30 9876543\r\nBDAY:1979-02-28\r\nNOTE:Sucht; neue Stelle\\, gern remote\r\n"
    "END:VCARD\r\n"
)


@pytest.mark.parametrize("kind, suffix", [("vcard", "vcf"), ("csv", "csv")])
def test_export_then_import_gives_the_same_people(
    demo_db: Path, tmp_path: Path, kind: str, suffix: str
) -> None:
    exported = tmp_path / f"contacts.{suffix}"
    result = altruist("--db", str(demo_db), "export", kind, "-o", str(exported))
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "fresh.db"
    imported = altruist("--db", str(fresh), "import", str(exported))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    before, after = contacts_of(demo_db), contacts_of(fresh)
    assert len(before) >= 100
    assert any(b[1] and b[1].startswith("--") for b in before), "a birthday without year"
    assert any(b[3] for b in before), "phones are part of the comparison"
    assert after == before, sorted(map(repr, before ^ after))[:6]


@pytest.mark.parametrize(
    "lang, starts",
    [("de", '\ufeff"Name";"Vorname";"Nachname";"Geburtstag"'), ("en", '"Name","First Name"')],
)
def test_csv_export_speaks_the_users_language_and_still_round_trips(
    demo_db: Path, tmp_path: Path, lang: str, starts: str
) -> None:
    """A German user gets German Excel's CSV (German Google column names, semicolons, UTF-8 with
    a byte-order mark), an English one Google's; both come back in through the importer."""
    exported = tmp_path / f"contacts-{lang}.csv"
    result = altruist("--db", str(demo_db), "--lang", lang, "export", "csv", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    assert exported.read_bytes().decode("utf-8").startswith(starts)
    fresh = tmp_path / f"fresh-{lang}.db"
    imported = altruist("--db", str(fresh), "import", str(exported))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert contacts_of(fresh) == contacts_of(demo_db)
    plain = altruist("--db", str(demo_db), "--lang", lang, "export", "csv", "--no-excel")
    assert plain.stdout.startswith('"Name",'), "--no-excel: commas and no byte-order mark"


def test_values_that_need_escaping_survive_and_formulas_are_neutralised() -> None:
    person = Person(
        name="Zoë Müller-Groß, Dr.",
        id=5,
        given_name="Zoë",
        family_name="Müller-Groß",
        company='=HYPERLINK("http://x")',
        notes="Line one; line two\nand, a third",
        birthday=Birthday(2, 29),
    )
    card = ContactCard(person, emails=["zoe@example.org"], phones=["+4917012345678"])
    text = to_vcard([card]).decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "FN:Zoë Müller-Groß\\, Dr.\r\n" in unfolded
    assert "NOTE:Line one\\; line two\\nand\\, a third\r\n" in unfolded
    assert "BDAY:--0229\r\n" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    table = to_csv([card], excel=True).decode("utf-8")
    assert table.startswith('\ufeff"Name";')
    assert "\"'=HYPERLINK" in table and '"\'+4917012345678"' in table


def test_backup_then_restore_from_the_cli(demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert altruist("--db", str(demo_db), "backup", "-o", str(backup)).returncode == 0
    other = tmp_path / "other.db"
    refused = altruist("--db", str(other), "restore", str(backup))
    assert refused.returncode != 0 and "--yes" in refused.stdout + refused.stderr
    restored = altruist("--db", str(other), "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert contacts_of(other) == contacts_of(demo_db)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "altruist-archive", "tables": [', encoding="utf-8")
    failed = altruist("--db", str(other), "restore", str(broken), "--yes")
    assert failed.returncode != 0 and "broken.json" in failed.stdout + failed.stderr
    assert contacts_of(other) == contacts_of(demo_db), "a failed restore changes nothing"
