"""What one account's sync did, as `altruist sync --json` prints it and Settings shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from altruist.ingest.importer import ImportReport
from altruist.ingest.sync.errors import SyncError


@dataclass
class AccountReport:
    account: str
    kind: str
    collections: int = 0
    fetched: int = 0  # items read from the server this time (new or changed)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    review: int = 0
    gone: int = 0  # items deleted on the server
    pushed: int = 0  # cards written back (--push)
    groups_added: int = 0  # mailing lists first seen in an IMAP account (imap_lists.py)
    posts_added: int = 0  # their posts (only when the account keeps subjects)
    conflicts: list[str] = field(default_factory=list)  # cards changed on both sides: not written
    skipped: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # The same errors as (English template, values), for Settings in the user's language.
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add_error(self, error: Exception | str) -> None:
        text = str(error)
        self.errors.append(text)
        if isinstance(error, SyncError) and error.params:
            self.problems.append({"msgid": error.msgid, "params": error.params})
        else:
            self.problems.append({"msgid": text, "params": {}})

    def absorb(self, report: ImportReport) -> None:
        self.added += report.added
        self.updated += report.updated
        self.unchanged += report.unchanged
        self.merged += report.merged
        self.review += report.review
        self.skipped.extend(s.as_dict() for s in report.skipped)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "kind": self.kind,
            "ok": self.ok,
            "collections": self.collections,
            "fetched": self.fetched,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "review": self.review,
            "gone": self.gone,
            "pushed": self.pushed,
            "groups_added": self.groups_added,
            "posts_added": self.posts_added,
            "conflicts": self.conflicts,
            "skipped": self.skipped,
            "errors": self.errors,
            "problems": self.problems,
        }
