"""Accept or reject merge candidates, merge two people, and undo a merge.

Merging keeps every value: all identities, field values (with their provenance), interactions,
life events, facets and ledger entries move to the kept person; the kept person's empty core
fields are filled from the merged one, and its name takes the better spelling of the two
(Müller over Mueller, Theodor over Theo) — the other spelling stays in the provenance. The
merged person is hidden (`merged_into`), not deleted, and the snapshot makes `unmerge` exact.
Automatic merges made by an import (plan.py) are recorded the same way and undone the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from altruist import names
from altruist.clock import Clock, system_clock
from altruist.errors import InvalidTransition
from altruist.store import Store
from altruist.store import merges_repo as repo
from altruist.store import people as people_repo


@dataclass
class MergeResult:
    merge_id: int
    kept_id: int
    merged_id: int


def open_candidates(
    store: Store, *, limit: int | None = None, offset: int = 0, person_id: int | None = None
) -> list[dict[str, Any]]:
    """The review queue with both people's names and companies, most likely first; one page
    read in SQL (pairs where one side was merged elsewhere meanwhile are left out there)."""
    with store.read() as conn:
        return repo.open_page(conn, limit=limit, offset=offset, person_id=person_id)


def count_open(store: Store) -> int:
    with store.read() as conn:
        return repo.count_open(conn)


def history(store: Store) -> list[dict[str, Any]]:
    """Every merge, automatic or accepted, with its state (done | undone), newest first."""
    with store.read() as conn:
        return repo.merge_history(conn)


def accept(store: Store, candidate_id: int, *, clock: Clock = system_clock) -> MergeResult:
    with store.transaction() as conn:
        cand = repo.candidate(conn, candidate_id)
        if cand["state"] != "open":
            raise InvalidTransition(f"merge candidate {candidate_id} is {cand['state']}, not open")
        result = _merge(conn, cand["person_a_id"], cand["person_b_id"], clock(), candidate_id)
        repo.set_candidate_state(conn, candidate_id, "accepted")
        return result


def reject(store: Store, candidate_id: int) -> None:
    """Rejected pairs stay in the table, so later imports never propose them again."""
    with store.transaction() as conn:
        cand = repo.candidate(conn, candidate_id)
        if cand["state"] != "open":
            raise InvalidTransition(f"merge candidate {candidate_id} is {cand['state']}, not open")
        repo.set_candidate_state(conn, candidate_id, "rejected")


def merge_people(
    store: Store, kept_id: int, merged_id: int, *, clock: Clock = system_clock
) -> MergeResult:
    with store.transaction() as conn:
        return _merge(conn, kept_id, merged_id, clock(), None)


def _merge(conn: Any, kept_id: int, merged_id: int, at: datetime, cand: int | None) -> MergeResult:
    if kept_id == merged_id:
        raise InvalidTransition("cannot merge a person with themselves")
    kept, merged = repo.person_row(conn, kept_id), repo.person_row(conn, merged_id)
    for row in (kept, merged):
        if row["merged_into"] is not None:
            raise InvalidTransition(
                f"person {row['id']} is already merged into {row['merged_into']}"
            )
    moved = repo.move_rows(conn, merged_id, kept_id)
    fill = {f: merged[f] for f in repo.RESTORABLE if not kept[f] and merged[f]}
    if _better_spelled(merged, kept):
        fill |= {f: merged[f] for f in ("name", "given_name", "family_name") if merged[f]}
    if fill:
        people_repo.set_values(conn, kept_id, fill | {"updated_at": at})
    people_repo.set_values(conn, merged_id, {"merged_into": kept_id, "updated_at": at})
    snapshot = {
        "candidate_id": cand,
        "moved": moved,
        "kept_before": {f: _jsonable(kept[f]) for f in repo.RESTORABLE},
        "kept_after": {f: _jsonable(fill.get(f, kept[f])) for f in repo.RESTORABLE},
    }
    merge_id = repo.record_merge(conn, kept_id, merged_id, snapshot, at)
    return MergeResult(merge_id, kept_id, merged_id)


def _better_spelled(merged: dict[str, Any], kept: dict[str, Any]) -> bool:
    """The merged person's name is the better spelling of the same name (Müller vs Mueller)."""
    if names.spelling_rank(merged["name"]) <= names.spelling_rank(kept["name"]):
        return False
    comparison = names.compare(
        names.parse(kept["given_name"], kept["family_name"], kept["name"]),
        names.parse(merged["given_name"], merged["family_name"], merged["name"]),
    )
    return comparison.verdict != names.Verdict.CONFLICT


def unmerge(store: Store, merge_id: int, *, clock: Clock = system_clock) -> MergeResult:
    """Undo a merge: rows go back to the merged person, the kept person's core fields are
    restored, and the candidate (if any) is marked rejected so it is not proposed again."""
    at = clock()
    with store.transaction() as conn:
        row = repo.merge_row(conn, merge_id)
        snapshot = row["snapshot"]
        repo.move_back(conn, snapshot["moved"], row["merged_id"])
        kept_now = repo.person_row(conn, row["kept_id"])
        after = snapshot.get("kept_after")
        # Restore a field only where the merge's value is still there: a later import or edit
        # that changed it since is not undone by undoing this merge.
        restore = {
            f: v
            for f, v in snapshot["kept_before"].items()
            if after is None or _jsonable(kept_now[f]) == after.get(f)
        }
        people_repo.set_values(conn, row["kept_id"], restore | {"updated_at": at})
        people_repo.set_values(conn, row["merged_id"], {"merged_into": None, "updated_at": at})
        repo.mark_undone(conn, merge_id, at)
        if snapshot.get("candidate_id"):
            repo.set_candidate_state(conn, snapshot["candidate_id"], "rejected")
        else:
            # Kept apart from now on: a re-import does not propose or merge the pair again.
            repo.remember_apart(conn, row["kept_id"], row["merged_id"], at)
        return MergeResult(merge_id, row["kept_id"], row["merged_id"])


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
