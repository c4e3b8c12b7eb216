"""Names the vCard parser gives to the parts it keeps are labels, told in the reader's language
(issue 14); a vendor's own word stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app

IPHONE_CARD = "vcard-ezvcard-client-samples/John_Doe_IPHONE.vcf"


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("de", ["Weiterer Vorname", "Abteilung", "Art von 905-555-1234", "mobil", "ADR (privat)"],
         ["N middle name", "ORG unit", "905-555-1234 type", "ADR (home)"]),
        ("en", ["Middle name", "Department", "Kind of 905-555-1234", "mobile", "ADR (home)"],
         ["Weiterer Vorname", "Abteilung", "Art von", "ADR (privat)"]),
    ],
)  # fmt: skip
def test_person_show_names_vcard_parts_in_the_readers_language(
    tmp_path: Path, realdata: Path, lang: str, expected: list[str], foreign: list[str]
) -> None:
    db = str(tmp_path / "cards.db")
    runner = CliRunner()
    imported = runner.invoke(
        app, ["--db", db, "--embedder", "fake", "import", str(realdata / IPHONE_CARD)]
    )
    assert imported.exit_code == 0, imported.stdout
    # A wide console, so no table cell wraps a name in two.
    shown = runner.invoke(
        app, ["--db", db, "--lang", lang, "person", "show", "1"], env={"COLUMNS": "300"}
    )
    assert shown.exit_code == 0, shown.stdout
    text = " ".join(shown.stdout.split())
    for name in expected:
        assert name in text, name
    for name in foreign:
        assert name not in text, name
    assert "assistantphone" in text  # a vendor's TYPE word is data
