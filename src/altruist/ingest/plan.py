"""Decide, in memory, what one file changes in the store: which records are new people, which
match known ones (exact keys), which look like someone known (review queue), which values are
new, which re-import changed a job. Writing happens afterwards in one go (see importer.py).

Idempotence rests on one rule: a value already recorded for a person and field (from any file)
changes nothing; only a value never seen before is new information and becomes the current one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from altruist.domain import IdentityKind
from altruist.ingest.contacts import linkedin
from altruist.ingest.identity import (
    canonical_profile,
    company_similarity,
    fold,
    name_similarity,
    normalize_email,
    normalize_phone,
    split_name,
)
from altruist.ingest.records import ContactRecord, InteractionRecord, Participant
from altruist.store.imports_repo import CORE_FIELDS, JOB_FIELDS, SOURCE_KEY_FIELD, Snapshot

FUZZY_NAME_MIN = 90.0
FUZZY_COMPANY_MIN = 80.0


@dataclass
class Plan:
    new_people: dict[int, dict[str, Any]] = field(default_factory=dict)  # temp id (<0) -> values
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    identities: list[dict[str, Any]] = field(default_factory=list)
    field_values: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


class Planner:
    def __init__(
        self,
        snap: Snapshot,
        *,
        file: str,
        format: str,
        import_id: int,
        now: datetime,
        region: str = "DE",
        own_emails: frozenset[str] = frozenset(),
    ) -> None:
        self.snap, self.file, self.format = snap, file, format
        # The user's own addresses (profile, accounts, the file's owner): never a contact.
        self.own_emails = own_emails
        self.file_name = PurePath(file).name  # once: PurePath per value cost ~1 s per 40,000 rows
        self.import_id, self.now, self.region = import_id, now, region
        self.plan = Plan()
        self._next_temp = -1
        self._touched: set[int] = set()  # people this file already spoke about in this run
        self._families: dict[str, list[int]] | None = None
        self._names: dict[str, list[int]] | None = None
        self._key_counts: dict[str, int] = {}

    # --- contacts ---------------------------------------------------------------------------

    def add_contacts(
        self, records: list[ContactRecord], done: Callable[[int], None] | None = None
    ) -> None:
        """Plan a whole file: first find who its records can touch and read those people's
        recorded values in one go, then plan record by record."""
        prepared = [(rec, self._prepare(rec)) for rec in records]
        wanted: set[int] = set()
        for rec, keys in prepared:
            wanted.update(self._stored_matches(rec, keys))
        self.snap.load_values(wanted)
        for number, (rec, keys) in enumerate(prepared, 1):
            self._plan_contact(rec, keys)
            if done:
                done(number)

    def _prepare(self, rec: ContactRecord) -> list[tuple[str, str]]:
        keys, leftovers = self._identity_keys(rec)
        rec.extras.update(leftovers)
        if not keys and not rec.source_key:
            # Nothing identifies this record but its name: remember name + company from this
            # kind of file so re-importing it finds the same person (idempotence).
            base = f"{self.format}:{fold(rec.display_name())}|{fold(rec.company)}"
            self._key_counts[base] = self._key_counts.get(base, 0) + 1
            n = self._key_counts[base]
            rec.source_key = base if n == 1 else f"{base}#{n}"
        return keys

    def _stored_matches(self, rec: ContactRecord, keys: list[tuple[str, str]]) -> list[int]:
        """Stored people a record may be planned onto, by the store as it was read."""
        found = [self.snap.identity.get(key) for key in keys]
        if rec.source_key:
            found.append(self.snap.source_keys.get(rec.source_key))
        return [self.snap.resolve(pid) for pid in found if pid is not None]

    def _plan_contact(self, rec: ContactRecord, keys: list[tuple[str, str]]) -> None:
        matches: list[int] = []
        for key in keys:
            pid = self.snap.identity.get(key)
            if pid is not None:
                pid = self.snap.resolve(pid)
                if pid not in matches:
                    matches.append(pid)
        if not matches and rec.source_key and rec.source_key in self.snap.source_keys:
            matches.append(self.snap.resolve(self.snap.source_keys[rec.source_key]))
        if matches:
            pid = matches[0]
            for other in matches[1:]:
                self._candidate(pid, other, 100.0, "share an e-mail, phone or profile URL")
            outcome = self._apply(pid, rec, keys)
        else:
            pid = self._create(rec)
            self._apply(pid, rec, keys)
            self._fuzzy_candidates(pid, rec)
            outcome = "added"
        self.plan.counts[outcome] += 1
        self._touched.add(pid)

    def _identity_keys(self, rec: ContactRecord) -> tuple[list[tuple[str, str]], dict[str, str]]:
        keys: list[tuple[str, str]] = []
        leftovers: dict[str, str] = {}
        for raw in rec.emails:
            email = normalize_email(raw)
            if email:
                keys.append((str(IdentityKind.EMAIL), email))
            else:
                leftovers[f"e-mail (not an address) {len(leftovers) + 1}"] = raw
        for raw in rec.phones:
            phone = normalize_phone(raw, self.region)
            if phone:
                keys.append((str(IdentityKind.PHONE), phone))
            else:
                leftovers[f"phone (not a number) {len(leftovers) + 1}"] = raw
        for raw in rec.urls:
            profile = canonical_profile(raw)
            if profile:
                keys.append((str(profile[0]), profile[1]))
            else:
                leftovers[f"URL {len(leftovers) + 1}"] = raw
        return list(dict.fromkeys(keys)), leftovers

    def _create(self, rec: ContactRecord) -> int:
        pid = self._next_temp
        self._next_temp -= 1
        name = rec.display_name() or (rec.emails or rec.phones or rec.urls or ["(no name)"])[0]
        values: dict[str, Any] = {f: None for f in CORE_FIELDS}
        values.update(
            name=name[:300],
            language="en",
            tags=[],
            is_me=False,
            created_at=self.now,
            updated_at=self.now,
        )
        self.plan.new_people[pid] = values
        self.snap.people[pid] = values
        if self._families is not None:
            self._index_name(pid, values)
        return pid

    def _apply(self, pid: int, rec: ContactRecord, keys: list[tuple[str, str]]) -> str:
        """Record every new value of `rec` on person `pid`; return the outcome for the report."""
        self.snap.ensure_loaded(pid)
        current = self.snap.people[pid]
        new_person = pid < 0 and pid not in self._touched
        changed = False
        core = {
            "name": rec.display_name() or None,
            "given_name": rec.given_name,
            "family_name": rec.family_name,
            "company": rec.company,
            "position": rec.position,
            "city": rec.city,
            "country": rec.country,
            "birthday": rec.birthday.iso() if rec.birthday else None,
            "notes": rec.notes,
        }
        job_before = (current.get("position"), current.get("company"))
        job_changed = False
        for name, value in core.items():
            if not value or (pid, name, value) in self.snap.known_values:
                continue
            old = current.get(name)
            if name in JOB_FIELDS and old and old != value:
                # A different employer from a newer copy of the same list is news (a
                # re-exported LinkedIn list, the same phone's address book again); from another
                # list it is only a disagreement between two address books.
                job_changed |= self._same_list(self.snap.last_format.get((pid, name)))
            current[name] = value
            if pid > 0:
                self.plan.updates.setdefault(pid, {})[name] = value
            self._value(pid, name, value, rec.line, is_core=True)
            changed = True
        for name, value in rec.extras.items():
            if value and (pid, name, value) not in self.snap.known_values:
                self._value(pid, name, value, rec.line, is_core=False)
                changed = True
        if rec.source_key and rec.source_key not in self.snap.source_keys:
            self.snap.source_keys[rec.source_key] = pid
            self._value(pid, SOURCE_KEY_FIELD, rec.source_key, rec.line, is_core=False)
        for key in keys:
            if key not in self.snap.identity:
                self.snap.identity[key] = pid
                self.plan.identities.append(
                    {
                        "person_id": pid,
                        "kind": key[0],
                        "value": key[1],
                        "source": f"{self.file}:{rec.line}",
                    }
                )
                changed = True
        if job_changed:
            self._job_event(pid, job_before, (current.get("position"), current.get("company")))
        if new_person or not changed:
            return "added" if new_person else "unchanged"
        known_here = pid in self.snap.persons_from_file or pid in self._touched
        return "updated" if known_here else "merged"

    def _same_list(self, previous: tuple[str, str] | None) -> bool:
        """LinkedIn's Connections export is always the user's one network list, whatever the
        file is called; other exports count as the same list when the file name matches."""
        if previous is None or previous[0] != self.format:
            return False
        return self.format == linkedin.FORMAT or previous[1] == self.file_name

    def _value(self, pid: int, name: str, value: str, line: int, *, is_core: bool) -> None:
        self.snap.known_values.add((pid, name, value))
        if name in JOB_FIELDS:  # the job-change rule is the only reader of last_format
            self.snap.last_format[(pid, name)] = (self.format, self.file_name)
        self.plan.field_values.append(
            {
                "person_id": pid,
                "name": name[:200],
                "value": value,
                "is_core": is_core,
                "source_file": self.file,
                "source_line": line,
                "import_id": self.import_id,
                "imported_at": self.now,
            }
        )

    def _job_event(self, pid: int, before: tuple[Any, Any], after: tuple[Any, Any]) -> None:
        def job(position: Any, company: Any) -> str:
            return " at ".join(str(p) for p in (position, company) if p)

        name = self.snap.people[pid].get("name") or "A contact"
        self.plan.events.append(
            {
                "person_id": pid,
                "kind": "job_change",
                "occurred_at": self.now,
                "summary": f"{name} is now {job(*after)}",
                "old_value": job(*before),
                "new_value": job(*after),
            }
        )

    # --- review queue -----------------------------------------------------------------------

    def _candidate(self, a: int, b: int, score: float, reason: str) -> None:
        pair = (min(a, b), max(a, b))
        if a == b or pair in self.snap.candidate_pairs:
            return
        self.snap.candidate_pairs.add(pair)
        self.plan.candidates.append(
            {
                "person_a_id": pair[0],
                "person_b_id": pair[1],
                "score": score,
                "reason": reason,
                "state": "open",
                "created_at": self.now,
            }
        )
        self.plan.counts["review"] += 1

    def _given_family(self, values: dict[str, Any]) -> tuple[str, str]:
        if values.get("family_name"):
            return values.get("given_name") or "", values["family_name"]
        return split_name(values.get("name") or "")

    def _index_name(self, pid: int, values: dict[str, Any]) -> None:
        assert self._families is not None and self._names is not None
        _given, family = self._given_family(values)
        if family:
            self._families.setdefault(fold(family), []).append(pid)
        full = fold(values.get("name"))
        if full:
            self._names.setdefault(full, []).append(pid)

    def _ensure_name_index(self) -> None:
        if self._families is None:
            self._families, self._names = {}, {}
            for pid, values in self.snap.people.items():
                self._index_name(pid, values)

    def _fuzzy_candidates(self, pid: int, rec: ContactRecord) -> None:
        """Same person under another spelling (Müller/Mueller, Bob/Robert) at the same company:
        never merged automatically, queued for the user to decide."""
        self._ensure_name_index()
        assert self._families is not None
        mine = self.snap.people[pid]
        given, family = self._given_family(mine)
        if not family or not given:
            return
        for other in self._families.get(fold(family), []):
            if other == pid:
                continue
            theirs = self.snap.people.get(other)
            if theirs is None:
                continue
            other_given, other_family = self._given_family(theirs)
            score = name_similarity(given, family, other_given, other_family)
            if score < FUZZY_NAME_MIN:
                continue
            company = company_similarity(mine.get("company"), theirs.get("company"))
            if company >= FUZZY_COMPANY_MIN:
                reason = (
                    f"similar name ({mine['name']} / {theirs['name']}) and company "
                    f"({mine.get('company')} / {theirs.get('company')})"
                )
            elif not (mine.get("company") and theirs.get("company")):
                reason = f"similar name ({mine['name']} / {theirs['name']}), company unknown"
                company = 50.0
            else:
                continue
            self._candidate(other, pid, round(0.6 * score + 0.4 * company, 1), reason)

    # --- history ----------------------------------------------------------------------------

    def add_interaction(self, rec: InteractionRecord) -> None:
        if any(p.declined and p.email in self.own_emails for p in rec.participants):
            return  # the user declined: nobody was met
        for person in rec.participants:
            if person.declined or (person.email and person.email in self.own_emails):
                continue
            pid = self._participant(person)
            if pid is None:
                continue
            who = person.url or person.email or fold(person.name)
            digest = hashlib.sha1(f"{rec.dedup_material}|{who}".encode()).hexdigest()
            self.plan.interactions.append(
                {
                    "person_id": pid,
                    "kind": str(rec.kind),
                    "occurred_at": rec.occurred_at,
                    "direction": str(rec.direction),
                    "summary": rec.summary,
                    "source": f"{self.file}:{rec.line}",
                    "dedup_key": f"{self.format}:{digest}",
                }
            )

    def _participant(self, person: Participant) -> int | None:
        """The known person behind a participant (profile URL, e-mail, then an unambiguous exact
        name); someone new becomes a person, so nobody the user talked to is lost."""
        rec = ContactRecord(line=0, name=person.name)
        if person.email:
            rec.emails.append(person.email)
        if person.url:
            rec.urls.append(person.url)
        keys, _ = self._identity_keys(rec)
        for key in keys:
            if key in self.snap.identity:
                pid = self.snap.resolve(self.snap.identity[key])
                return None if pid == self.snap.me_id else pid
        self._ensure_name_index()
        assert self._names is not None
        same_name = self._names.get(fold(person.name), []) if person.name else []
        if len(same_name) == 1:
            return None if same_name[0] == self.snap.me_id else same_name[0]
        if not (person.name or keys):
            return None
        rec.given_name, rec.family_name = split_name(person.name) if person.name else ("", "")
        rec.given_name = rec.given_name or None
        rec.family_name = rec.family_name or None
        pid = self._create(rec)
        self._apply(pid, rec, keys)
        self._touched.add(pid)
        self.plan.counts["people_added"] += 1
        return pid
