"""The user's own profile from a LinkedIn data download: `Profile.csv` (name, headline,
summary), `Positions.csv` (current and past positions) and `Skills.csv` fill the user's own
person ("me") and seed the stated expertise, each value with the file and line it came from.

What the user typed wins: a field of "me" that is already filled is left alone (the ZIP value is
still recorded as a field value with provenance), and the expertise is seeded only while empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from altruist.domain import Language, Person
from altruist.ingest.csvrows import Row, column_index, load_table
from altruist.ingest.decode import decode_bytes
from altruist.ingest.records import Skipped
from altruist.store import imports_repo, settings_repo
from altruist.store import people as people_repo

# The settings key engine/my_expertise.py reads the stated expertise from (ingest may not import
# the engine; the key is the contract).
EXPERTISE_KEY = "my_expertise"
FORMAT = "linkedin-profile"
PROFILE_FILES = ("profile.csv", "positions.csv", "skills.csv")


@dataclass
class OwnProfile:
    values: dict[str, tuple[str, str, int]] = field(
        default_factory=dict
    )  # field -> value, file, line
    positions: list[tuple[str, str, int]] = field(default_factory=list)  # text, file, line
    skills: list[str] = field(default_factory=list)
    skills_source: tuple[str, int] | None = None
    skipped: list[Skipped] = field(default_factory=list)


def read(members: dict[str, tuple[str, bytes]]) -> OwnProfile:
    """`members`: lower-case base name -> (name for the report, bytes)."""
    profile = OwnProfile()
    if "profile.csv" in members:
        file, data = members["profile.csv"]
        for line, row in _rows(file, data, {"first name", "last name"}, profile.skipped)[:1]:
            given, family = row.get("first name"), row.get("last name")
            for name, value in (
                ("given_name", given),
                ("family_name", family),
                ("name", " ".join(p for p in (given, family) if p)),
                ("headline", row.get("headline")),
                ("notes", row.get("summary")),
            ):
                if value:
                    profile.values[name] = (value, file, line)
    if "positions.csv" in members:
        file, data = members["positions.csv"]
        rows = _rows(file, data, {"company name", "title"}, profile.skipped)
        for line, row in rows:
            title, company = row.get("title"), row.get("company name")
            since, until = row.get("started on"), row.get("finished on")
            text = " at ".join(p for p in (title, company) if p)
            text += f" ({since or '?'} – {until or 'today'})"
            profile.positions.append((text, file, line))
            if not until and "position" not in profile.values:
                profile.values["position"] = (title, file, line)
                profile.values["company"] = (company, file, line)
    if "skills.csv" in members:
        file, data = members["skills.csv"]
        rows = _rows(file, data, {"name"}, profile.skipped)
        profile.skills = [row.get("name") for _line, row in rows if row.get("name")]
        profile.skills_source = (file, rows[0][0]) if rows else None
    return profile


def _rows(
    file: str, data: bytes, required: set[str], skipped: list[Skipped]
) -> list[tuple[int, Row]]:
    table = load_table(decode_bytes(data, file), file, required, skipped)
    index = column_index(table.header)
    return [(line, Row(table.header, cells, index)) for line, cells in table.rows]


def apply(conn: Connection, profile: OwnProfile, *, import_id: int, now: datetime) -> int:
    """Fill "me" (created when missing) and seed the expertise; returns me's id."""
    me = people_repo.me(conn)
    if me is None:
        name = profile.values.get("name", ("Me", "", 0))[0]
        language = settings_repo.get(conn, "language") or "de"
        me = people_repo.add(conn, Person(name=name, is_me=True, language=Language(language)))
    assert me.id is not None
    current = people_repo.person_values(me)
    empty = {k: v[0] for k, v in profile.values.items() if not current.get(k) and v[0]}
    if empty:
        people_repo.set_values(conn, me.id, empty | {"updated_at": now})
    rows: list[dict[str, Any]] = [
        _field(me.id, name, value, file, line, import_id, now, core=True)
        for name, (value, file, line) in profile.values.items()
        if value
    ]
    rows += [
        _field(me.id, f"LinkedIn position {n}", text, file, line, import_id, now, core=False)
        for n, (text, file, line) in enumerate(profile.positions, 1)
    ]
    if profile.skills and profile.skills_source:
        file, line = profile.skills_source
        joined = "; ".join(profile.skills)
        rows.append(
            _field(me.id, "LinkedIn skills", joined, file, line, import_id, now, core=False)
        )
        if not settings_repo.get(conn, EXPERTISE_KEY):
            settings_repo.put(conn, EXPERTISE_KEY, joined)
    known = {(v["name"], v["value"]) for v in imports_repo.field_values_of(conn, me.id)}
    fresh = [r for r in rows if (r["name"], r["value"]) not in known]  # a re-import adds nothing
    imports_repo.insert_rows(conn, "field_values", fresh)
    return me.id


def _field(
    pid: int,
    name: str,
    value: str,
    file: str,
    line: int,
    import_id: int,
    now: datetime,
    *,
    core: bool,
) -> dict[str, Any]:
    return {
        "person_id": pid,
        "name": name,
        "value": value,
        "is_core": core,
        "source_file": file,
        "source_line": line,
        "import_id": import_id,
        "imported_at": now,
    }
