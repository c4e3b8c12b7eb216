from pathlib import Path

import pytest

from altruist.engine.rounds.members_csv import read_members_csv
from altruist.errors import ImportError_


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "members.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_german_headers_semicolons_and_row_problems(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Name;E-Mail;Sprache;Sucht;Bietet;Schlagworte;Ort;Unternehmen;Pause;Lieblingsessen\n"
        "Anna Schmidt;Anna@Example.org;Deutsch;Mentor für ML;Kontakte zu Investoren;ml, ai;"
        "Berlin;Acme;nein;Pizza\n"
        "Ohne Mail;;de;x;y;;;;;\n"
        "Kaputt;not-an-address;de;x;y;;;;;\n"
        "Ben;ben@example.org;english;a CV review;ML mentoring;;;;ja;\n"
        "Doppelt;anna@example.org;de;a;b;;;;;\n"
        "Clara;clara@example.org;klingonisch;a;b;;;;vielleicht;\n",
    )
    parsed = read_members_csv(path)
    assert [m.email for m in parsed.members] == [
        "anna@example.org",
        "ben@example.org",
        "clara@example.org",
    ]
    anna, ben, clara = parsed.members
    assert (anna.language, anna.needs, anna.offers) == (
        "de",
        "Mentor für ML",
        "Kontakte zu Investoren",
    )
    assert anna.tags == ("ml", "ai") and anna.city == "Berlin" and anna.company == "Acme"
    assert not anna.paused and ben.paused and ben.language == "en"
    assert clara.language == "en" and not clara.paused
    problems = {(p.line, p.field): p.message for p in parsed.problems}
    assert "unknown column" in problems[(1, "Lieblingsessen")]
    assert "missing e-mail" in problems[(3, "email")]
    assert "not an e-mail" in problems[(4, "email")]
    assert "already on line 2" in problems[(6, "email")]
    assert "unknown language" in problems[(7, "language")]
    assert (7, "paused") in problems
    assert all(str(p).startswith(f"{path}:") for p in parsed.problems)


def test_english_headers_quoted_multiline_and_cp1252(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Full Name,Email Address,Language,Looking for,Can help with,Company\n"
        '"Jörg Müller",jorg@example.org,en,"a job\nin Berlin",Python,"Müller, GmbH"\n'
        "Eve,eve@example.org,,,,\n",
        encoding="cp1252",
    )
    parsed = read_members_csv(path)
    jorg, eve = parsed.members
    assert jorg.name == "Jörg Müller" and jorg.needs == "a job\nin Berlin"
    assert jorg.company == "Müller, GmbH"
    assert eve.source_line == 4  # the quoted field spans lines 2–3
    assert not eve.has_text
    assert parsed.problems == []


def test_missing_required_column_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Needs,Offers\nAnna,x,y\n")
    with pytest.raises(ImportError_) as info:
        read_members_csv(path)
    assert f"{path}:1" in str(info.value) and "email" in str(info.value)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="empty file"):
        read_members_csv(write(tmp_path, ""))
