"""What the person page shows of the things entered by hand (issue 16): open reminders, the
recorded relations, and what deleting the person takes with them. Kept apart from person.py,
which only calls `byhand_context`, so the person page module stays about the person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from altruist.ingest.by_hand import what_goes
from altruist.store import relations as relations_repo
from altruist.store import reminders as reminders_repo

# English msgids of the relation kinds (store/relations.KINDS), translated in the template.
RELATION_LABELS = {
    "knows": "knows",
    "colleague": "works with",
    "family": "family",
    "introduced": "introduced by me",
}
# Kinds the demo or an import wrote that the form does not offer are shown as they are.
LOG_KINDS = (("call", "Call"), ("meeting", "Meeting"), ("message", "Message"), ("note", "Note"))
UNIT_LABELS = (("days", "days"), ("weeks", "weeks"), ("months", "months"), ("years", "years"))

FLASH = {
    "logged": "Recorded on the timeline.",
    "reminder-added": "Reminder set.",
    "reminder-removed": "Reminder removed.",
    "relation-added": "Relation recorded.",
    "relation-removed": "Relation removed.",
    "contact-added": "Contact added.",
    "contact-merged": "This person was already known: the new details were merged in (undo below).",
    "identity-added": "Added.",
}


def byhand_context(conn: Connection, person_id: int) -> dict[str, Any]:
    return {
        "reminders": reminders_repo.open_reminders(conn, person_id),
        "relations": relations_repo.of_person(conn, person_id),
        "relation_kinds": [(k, RELATION_LABELS[k]) for k in relations_repo.KINDS],
        "relation_labels": RELATION_LABELS,
        "log_kinds": LOG_KINDS,
        "unit_labels": UNIT_LABELS,
        "goes": what_goes(conn, person_id),
    }
