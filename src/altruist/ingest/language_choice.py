"""The user sets a contact's language by hand (person page, `altruist person ID --language`):
the choice wins over the import's inference and is recorded as the language's provenance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from altruist.domain import Language
from altruist.ingest.plan import LANGUAGE_EVIDENCE_FIELD
from altruist.store import imports_repo
from altruist.store import people as people_repo
from altruist.understand.language import SET_BY_HAND


def choose_language(
    conn: Connection, person_id: int, language: str, *, where: str, now: datetime
) -> bool:
    """Set the language; True when it changed. `where` names the surface (web, cli)."""
    chosen = Language(language)
    if people_repo.get(conn, person_id).language is chosen:
        return False
    people_repo.update_fields(conn, person_id, language=chosen)
    row = {
        "person_id": person_id,
        "name": LANGUAGE_EVIDENCE_FIELD,
        "value": SET_BY_HAND,
        "is_core": False,
        "source_file": where,
        "source_line": None,
        "import_id": None,
        "imported_at": now,
    }
    imports_repo.insert_rows(conn, "field_values", [row])
    return True
