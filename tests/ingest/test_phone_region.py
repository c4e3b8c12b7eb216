"""The phone region setting: numbers without a country code are read as that country's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from altruist.config import load_settings
from altruist.domain import IdentityKind
from altruist.errors import ConfigError
from altruist.ingest.importer import import_bytes
from altruist.store import Store
from altruist.store import people as people_repo

VCARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Huber\r\nTEL;TYPE=CELL:0664 1234567\r\nEND:VCARD\r\n"
)


def _phones(store: Store) -> list[str]:
    with store.read() as conn:
        [person] = [p for p in people_repo.all_people(conn) if not p.is_me]
        return [
            i.value
            for i in people_repo.identities_of(conn, person.id or 0)
            if i.kind is IdentityKind.PHONE
        ]


def test_austrian_mobile_number_with_region_at(sqlite_store: Store) -> None:
    import_bytes(sqlite_store, VCARD, "anna.vcf", region="at")
    assert _phones(sqlite_store) == ["+436641234567"]


def test_same_number_with_the_default_region_is_german(sqlite_store: Store) -> None:
    import_bytes(sqlite_store, VCARD, "anna.vcf")
    assert _phones(sqlite_store) == ["+496641234567"]


def test_unknown_region_is_a_clear_error_and_stores_nothing(sqlite_store: Store) -> None:
    with pytest.raises(ConfigError, match="phone_region 'XX'"):
        import_bytes(sqlite_store, VCARD, "anna.vcf", region="XX")
    with sqlite_store.read() as conn:
        assert [p for p in people_repo.all_people(conn) if not p.is_me] == []


def test_region_from_the_environment_reaches_the_import_command(tmp_path: Path) -> None:
    assert load_settings(environ={"ALTRUIST_PHONE_REGION": "CH"}).phone_region == "CH"
    card = tmp_path / "anna.vcf"
    card.write_bytes(VCARD)
    env = {**os.environ, "ALTRUIST_EMBEDDER": "fake", "ALTRUIST_PHONE_REGION": "XX"}
    result = subprocess.run(
        [sys.executable, "-m", "altruist", "--db", str(tmp_path / "a.db"), "import", str(card)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "phone_region 'XX'" in result.stderr and "Traceback" not in result.stderr
