"""LinkedIn `messages.csv` in its three header generations:

* 2018 `From,To,Date,Subject,Content,Direction,Folder` — Direction says INCOMING/OUTGOING;
* 2022 `CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER`;
* 2024 adds `RECIPIENT PROFILE URLS`, `IS MESSAGE DRAFT`, `IS CONVERSATION DRAFT`.

From 2022 on there is no direction column: the export owner is whoever takes part in most
messages (they are in every one). `owner_name` from the store's "me" person overrides that guess.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter

from altruist.domain import Direction, InteractionKind
from altruist.ingest.csvrows import Row, column_index, load_table, width_problem
from altruist.ingest.dates import parse_linkedin_datetime
from altruist.ingest.identity import fold
from altruist.ingest.records import InteractionRecord, ParseResult, Participant, Skipped

FORMAT = "linkedin-messages"
_TAG = re.compile(r"<[^>]+>")


def is_messages_header(names: set[str]) -> bool:
    return {"from", "to", "content"} <= names and ("date" in names)


def parse(text: str, file: str, owner_name: str | None = None) -> ParseResult:
    result = ParseResult(FORMAT)
    table = load_table(text, file, {"from", "to", "content"}, result.skipped)
    result.delimiter = table.delimiter
    index = column_index(table.header)
    rows: list[tuple[int, Row]] = []
    for line, cells in table.rows:
        problem = width_problem(table.header, cells)
        if problem:
            result.skipped.append(Skipped(file, line, problem))
            continue
        rows.append((line, Row(table.header, cells, index)))
    owner = fold(owner_name) if owner_name else _guess_owner(rows)
    for line, row in rows:
        record = _to_record(row, line, owner)
        if isinstance(record, str):
            result.skipped.append(Skipped(file, line, record))
        else:
            result.interactions.append(record)
    return result


def _people(row: Row) -> tuple[Participant, list[Participant]]:
    sender = Participant(name=row.get("from"), url=row.get("sender profile url") or None)
    names = [n.strip() for n in row.get("to").split(",") if n.strip()]
    urls = [u.strip() for u in row.get("recipient profile urls").split(",") if u.strip()]
    if len(urls) != len(names):
        # Names can contain commas ("Müller, Anna"); then only the URLs are reliable.
        names = [row.get("to")] if not urls else ["" for _ in urls]
    recipients = [
        Participant(name=name, url=urls[i] if i < len(urls) else None)
        for i, name in enumerate(names)
    ]
    return sender, recipients


def _guess_owner(rows: list[tuple[int, Row]]) -> str | None:
    counts: Counter[str] = Counter()
    for _line, row in rows:
        sender, recipients = _people(row)
        for person in {fold(p.name) for p in [sender, *recipients] if p.name}:
            counts[person] += 1
    if not counts:
        return None
    (top, n), *rest = [*counts.most_common(2), ("", 0)]
    # Only a clear winner is the owner; with one message per partner nobody stands out.
    return top if n >= 2 and n > rest[0][1] else None


def _to_record(row: Row, line: int, owner: str | None) -> InteractionRecord | str:
    when = parse_linkedin_datetime(row.get("date"))
    if when is None:
        return f"date {row.get('date')!r} not understood"
    if row.get("is message draft").lower() == "yes":
        return "draft message, never sent"
    sender, recipients = _people(row)
    explicit = row.get("direction").upper()
    if explicit in ("INCOMING", "OUTGOING"):
        outgoing = explicit == "OUTGOING"
    elif owner is not None:
        outgoing = fold(sender.name) == owner
    else:
        outgoing = row.get("folder").upper() == "SENT"
    others = recipients if outgoing else [sender]
    others = [p for p in others if (p.name or p.url) and (owner is None or fold(p.name) != owner)]
    if not others:
        return "no other participant named"
    subject = _clean(row.get("subject"))
    content = _clean(row.get("content"))
    summary = " — ".join(p for p in (subject, content[:500]) if p) or None
    material = "|".join(
        (
            row.get("conversation id"),
            row.get("date"),
            row.get("from"),
            row.get("to"),
            hashlib.sha1(row.get("content").encode()).hexdigest(),
        )
    )
    return InteractionRecord(
        line=line,
        kind=InteractionKind.MESSAGE,
        occurred_at=when,
        participants=others,
        direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
        summary=summary,
        dedup_material=material,
    )


def _clean(text: str) -> str:
    """LinkedIn stores message bodies as HTML fragments with entities (`&rsquo;`, `&nbsp;`)."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())
