"""Read models for the people list and a person's page: core fields, identities, and every
imported value with its provenance (file, line, import time), including unknown columns."""

from __future__ import annotations

from typing import Any

from altruist.ingest.plan import LANGUAGE_EVIDENCE_FIELD
from altruist.store import Store, imports_repo
from altruist.store import people as people_repo
from altruist.store.imports_repo import SOURCE_KEY_FIELD
from altruist.store.people_search import PeopleFilter, search_page


def list_people(store: Store, query: str = "", *, limit: int = 200) -> list[dict[str, Any]]:
    with store.read() as conn:
        # The same search as the People page, so CLI and web find the same people.
        found, _total = search_page(conn, PeopleFilter(query=query), limit=limit)
        emails = people_repo.emails_by_person(conn, [p.id for p in found if p.id is not None])
    return [
        {
            "id": p.id,
            "name": p.name,
            "emails": emails.get(p.id or 0, []),
            "company": p.company,
            "position": p.position,
            "birthday": p.birthday.iso() if p.birthday else None,
            "city": p.city,
        }
        for p in found
    ]


def person_detail(store: Store, person_id: int) -> dict[str, Any]:
    with store.read() as conn:
        person = people_repo.get(conn, person_id)
        idents = people_repo.identities_of(conn, person_id)
        values = imports_repo.field_values_of(conn, person_id)
    core = {
        "name": person.name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "company": person.company,
        "position": person.position,
        "city": person.city,
        "country": person.country,
        "notes": person.notes,
        "birthday": person.birthday.iso() if person.birthday else None,
        "language": str(person.language),
    }
    fields = [
        {
            "name": v["name"],
            "value": v["value"],
            "is_core": bool(v["is_core"]),
            "source_file": v["source_file"],
            "source_line": v["source_line"],
            "imported_at": v["imported_at"].isoformat() if v["imported_at"] else None,
            # Its only source went away (a card deleted on a synced server): history now.
            "gone_at": v["gone_at"].isoformat() if v.get("gone_at") else None,
        }
        for v in values
        # The re-import key is internal, not a fact about the person; the language evidence is
        # shown beside the language.
        if v["name"] not in (SOURCE_KEY_FIELD, LANGUAGE_EVIDENCE_FIELD)
    ]
    evidence = [v for v in values if v["name"] == LANGUAGE_EVIDENCE_FIELD]
    return {
        "id": person.id,
        **core,
        # Why the language is what it is: the import's evidence (issue 13); None when no import
        # inferred it (created by hand, or a contact of the demo).
        "language_evidence": evidence[-1]["value"] if evidence else None,
        "identities": [
            {"kind": str(i.kind), "value": i.value, "source": i.source, "shared": i.shared}
            for i in idents
        ],
        "fields": [f for f in fields if f["is_core"]],
        "unknown_fields": [f for f in fields if not f["is_core"]],
    }
