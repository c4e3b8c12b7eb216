"""Read a community's members from CSV, mapping English or German headers to our fields.

Organisers export members from wherever they keep them (a spreadsheet, a form tool, a CRM), so
columns are found by name, not position, and both languages are accepted. A bad row is reported
with file, line and field and skipped; the good rest is used. Only a file we cannot use at all
(no header, no e-mail or name column) raises.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from altruist.engine.rounds.model import Member, RowProblem
from altruist.errors import ImportError_

# Normalised header (lower case, no spaces/punctuation) -> our field.
HEADER_ALIASES: dict[str, str] = {}
for _field, _names in {
    "name": ["name", "fullname", "vollständigername", "vorundnachname", "teilnehmer", "mitglied"],
    "email": ["email", "emailaddress", "mail", "emailadresse", "e-mail", "mailadresse"],
    "language": ["language", "lang", "sprache"],
    "needs": [
        "needs",
        "need",
        "seeks",
        "looking for",
        "lookingfor",
        "bedarf",
        "sucht",
        "suche",
        "braucht",
    ],
    "offers": ["offers", "offer", "canhelpwith", "gives", "angebot", "bietet", "biete", "kann"],
    "tags": ["tags", "tag", "topics", "schlagworte", "schlagwörter", "themen", "stichworte"],
    "city": ["city", "location", "stadt", "ort", "wohnort"],
    "company": [
        "company",
        "organisation",
        "organization",
        "employer",
        "firma",
        "unternehmen",
        "arbeitgeber",
    ],
    "paused": ["paused", "pause", "pausiert", "skip", "aussetzen"],
    "met": ["met", "alreadymet", "knows", "kennt", "bekannt", "kenntschon"],
}.items():
    for _name in _names:
        HEADER_ALIASES[re.sub(r"[\s_\-.:]+", "", _name)] = _field

REQUIRED = ("name", "email")
_TRUE = {"1", "true", "yes", "y", "x", "ja", "j", "wahr", "paused", "pausiert"}
_FALSE = {"", "0", "false", "no", "n", "nein", "falsch"}
_LANGUAGES = {
    "de": "de",
    "deutsch": "de",
    "german": "de",
    "ger": "de",
    "de-de": "de",
    "en": "en",
    "english": "en",
    "englisch": "en",
    "eng": "en",
    "en-us": "en",
    "en-gb": "en",
}
_LIST_SPLIT = re.compile(r"[;,|]")


@dataclass
class MembersFile:
    members: list[Member]
    problems: list[RowProblem] = field(default_factory=list)


def normalise_header(header: str) -> str:
    return re.sub(r"[\s_\-.:]+", "", header.strip().lstrip("\ufeff").lower())


def _sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    # German spreadsheets save with ';'; sniff only among the usual delimiters.
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_members_csv(path: Path | str) -> MembersFile:
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # Excel on Windows still writes this
    except OSError as exc:
        raise ImportError_(f"cannot read members file: {exc.strerror}", file=name) from exc
    reader = csv.reader(io.StringIO(text, newline=""), _sniff_dialect(text[:4096]))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise ImportError_(
            "empty file, expected a header row (Name, E-Mail, Needs, Offers …)", file=name, line=1
        )
    problems: list[RowProblem] = []
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        target = HEADER_ALIASES.get(normalise_header(raw))
        if target is None:
            if raw.strip():
                problems.append(RowProblem(name, 1, raw.strip(), "unknown column, ignored"))
        elif target in columns:
            problems.append(RowProblem(name, 1, raw.strip(), f"second '{target}' column, ignored"))
        else:
            columns[target] = index
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise ImportError_(
            f"no {' and no '.join(missing)} column in header {header}; expected e.g. "
            "Name, E-Mail, Language/Sprache, Needs/Bedarf, Offers/Angebot",
            file=name,
            line=1,
        )
    members: list[Member] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        member = _parse_row(row, columns, name, line, problems)
        if member is None:
            continue
        if member.email in seen:
            problems.append(
                RowProblem(
                    name,
                    line,
                    "email",
                    f"{member.email} already on line {seen[member.email]}, row skipped",
                )
            )
            continue
        seen[member.email] = line
        members.append(member)
    return MembersFile(members, problems)


def _parse_row(
    row: list[str], columns: dict[str, int], file: str, line: int, problems: list[RowProblem]
) -> Member | None:
    def cell(field_name: str) -> str:
        index = columns.get(field_name)
        return row[index].strip() if index is not None and index < len(row) else ""

    raw_email = cell("email")
    if not raw_email:
        problems.append(RowProblem(file, line, "email", "missing e-mail address, row skipped"))
        return None
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        problems.append(
            RowProblem(
                file, line, "email", f"{raw_email!r} is not an e-mail address ({exc}), row skipped"
            )
        )
        return None
    name = cell("name") or email.split("@", 1)[0]
    language = _LANGUAGES.get(cell("language").lower())
    if language is None:
        if cell("language"):
            problems.append(
                RowProblem(
                    file, line, "language", f"unknown language {cell('language')!r}, using English"
                )
            )
        language = "en"
    paused_text = cell("paused").lower()
    if paused_text not in _TRUE and paused_text not in _FALSE:
        problems.append(
            RowProblem(
                file,
                line,
                "paused",
                f"{cell('paused')!r} is neither yes nor no, treated as not paused",
            )
        )
    return Member(
        email=email,
        name=name,
        language=language,
        needs=cell("needs"),
        offers=cell("offers"),
        tags=tuple(t.strip().lower() for t in _LIST_SPLIT.split(cell("tags")) if t.strip()),
        city=cell("city") or None,
        company=cell("company") or None,
        paused=paused_text in _TRUE,
        met=tuple(m.strip().lower() for m in _LIST_SPLIT.split(cell("met")) if m.strip()),
        source_line=line,
    )
