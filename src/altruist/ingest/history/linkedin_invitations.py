"""LinkedIn `Invitations.csv`: `From,To,Sent At,Message,Direction`, and since 2024 also
`inviterProfileUrl,inviteeProfileUrl`. An invitation is an interaction with the other side."""

from __future__ import annotations

from altruist.domain import Direction, InteractionKind
from altruist.ingest.csvrows import Row, column_index, load_table, width_problem
from altruist.ingest.dates import parse_linkedin_datetime
from altruist.ingest.records import InteractionRecord, ParseResult, Participant, Skipped

FORMAT = "linkedin-invitations"
REQUIRED = {"from", "to", "sent at", "direction"}


def parse(text: str, file: str) -> ParseResult:
    result = ParseResult(FORMAT)
    table = load_table(text, file, REQUIRED, result.skipped)
    result.delimiter = table.delimiter
    index = column_index(table.header)
    for line, cells in table.rows:
        problem = width_problem(table.header, cells)
        if problem:
            result.skipped.append(Skipped(file, line, problem))
            continue
        row = Row(table.header, cells, index)
        when = parse_linkedin_datetime(row.get("sent at"))
        direction = row.get("direction").upper()
        if when is None:
            result.skipped.append(
                Skipped(file, line, f"date {row.get('sent at')!r} not understood")
            )
            continue
        if direction not in ("INCOMING", "OUTGOING"):
            result.skipped.append(Skipped(file, line, f"direction {direction!r} not understood"))
            continue
        outgoing = direction == "OUTGOING"
        other = Participant(
            name=row.get("to") if outgoing else row.get("from"),
            url=(row.get("inviteeprofileurl") if outgoing else row.get("inviterprofileurl"))
            or None,
        )
        if not (other.name or other.url):
            result.skipped.append(Skipped(file, line, "invitation without the other person"))
            continue
        message = row.get("message")
        summary = "Invitation to connect" + (f": {message}" if message else "")
        result.interactions.append(
            InteractionRecord(
                line=line,
                kind=InteractionKind.INVITATION,
                occurred_at=when,
                participants=[other],
                direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                summary=summary,
                dedup_material="|".join((row.get("from"), row.get("to"), row.get("sent at"))),
            )
        )
    return result
