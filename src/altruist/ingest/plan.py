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
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from altruist import names
from altruist.domain import Direction, IdentityKind, job_change_summary
from altruist.i18n import message
from altruist.ingest.contacts import linkedin
from altruist.ingest.identity import (
    canonical_profile,
    is_personal,
    normalize_email,
    normalize_phone,
    split_name,
)
from altruist.ingest.likeness import PROPOSE_AT, askable, likeness
from altruist.ingest.records import ContactRecord, InteractionRecord, Participant
from altruist.names import fold
from altruist.store.imports_repo import CORE_FIELDS, JOB_FIELDS, SOURCE_KEY_FIELD, Snapshot
from altruist.understand.language import (
    NO_EVIDENCE,
    USERS_LANGUAGE,
    ContactEvidence,
    infer,
    texts_of,
)
from altruist.understand.language import prepare as prepare_languages

# Provenance of an inferred language: a field value beside the `language` column (issue 13).
LANGUAGE_EVIDENCE_FIELD = "language evidence"
WITHOUT_EVIDENCE = {USERS_LANGUAGE, NO_EVIDENCE}
MESSAGES_FOR_LANGUAGE = 20  # a person's first messages say their language; more only cost time

Key = tuple[str, str]  # (identity kind, normalised value)

# Bounds on the review queue (issue 19): a new person is compared with at most BLOCK_SCAN people
# per blocking key, gets at most PER_PERSON proposals, and one spelling of a name (folded) at
# most PER_NAME proposals in one import — a list with 500 "Thomas Müller" without anything
# else in common must not flood the queue with 125,000 pairs.
BLOCK_SCAN = 200
PER_PERSON = 3
PER_NAME = 20
_NAME_FIELDS = ("name", "given_name", "family_name")


def evidence_of(
    rec: ContactRecord, locale: str | None, user_language: str | None
) -> ContactEvidence:
    """What one record tells about its person's language (the evaluation uses it too)."""
    return ContactEvidence(
        own_texts=[rec.notes or "", rec.extras.get("Summary", "")],
        titles=[rec.position or "", rec.extras.get("Headline", "")],
        phones=rec.phones,
        countries=[rec.country or ""],
        emails=rec.emails,
        companies=[rec.company or ""],
        export_locale=locale,
        user_language=user_language,
    )


# The columns of a planned provenance row (Plan.field_values), in order.
VALUE_COLUMNS = ("person_id", "name", "value", "is_core", "source_line")


@dataclass
class Plan:
    new_people: dict[int, dict[str, Any]] = field(default_factory=dict)  # temp id (<0) -> values
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    identities: list[dict[str, Any]] = field(default_factory=list)
    # Provenance rows as short lists in VALUE_COLUMNS order; the columns every row of a file
    # shares (file, import, time) are in `value_source`, stored once. A 30,000-row export plans
    # some 300,000 of them: as dicts they were a quarter of the import's memory.
    field_values: list[list[Any]] = field(default_factory=list)
    value_source: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    # Automatic merges: a record fused with a known person (a shared personal identifier, names
    # that do not conflict). Each becomes a hidden person of its own plus a `merges` row listing
    # the rows it brought, so `altruist unmerge` can take it apart again.
    auto_merges: list[dict[str, Any]] = field(default_factory=list)
    shared_keys: set[Key] = field(default_factory=set)  # identifiers to mark shared
    interactions: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


@lru_cache(maxsize=200_000)
def block_keys(
    given: str | None, family: str | None, full: str | None, birthday: str | None
) -> tuple[str, ...]:
    """Blocking: who is compared with whom. Each family-name word; the family name with one
    letter deleted, with the given initial (two spellings one slip apart share one of these:
    Hofman/Hofmann, Rdud/Rudd); the formal given name with the birthday (a family name changed
    or badly mistyped); the full birthday alone (a changed family name and a slip in the given
    name: Bettie Nguyen / Betti Whetstone, only the birthday and the city still agree — asked
    only on the rules of likeness.askable; one day of one year holds few people). Memoised: the
    second file of an import indexes the people the first one made, under the same names."""
    parsed = names.parse(given, family, full)
    out = [f"f:{w}" for w in parsed.family]
    family_key = "".join(parsed.family)
    initial = parsed.given[0][:1] if parsed.given else ""
    if len(family_key) >= 4:
        # The name itself too: Hofman is Hofmann with one letter deleted.
        deleted = (family_key[:i] + family_key[i + 1 :] for i in range(len(family_key)))
        out += [f"d:{d}|{initial}" for d in dict.fromkeys((family_key, *deleted))]
    if parsed.given and birthday:
        out.append(f"b:{names.given_key(parsed.given[0])}{birthday[-5:]}")
    if birthday and len(birthday) == 10:
        out.append(f"B:{birthday}")
    return tuple(out)


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
        locale: str | None = None,
        user_language: str | None = None,
        own_emails: frozenset[str] = frozenset(),
    ) -> None:
        self.snap, self.file, self.format = snap, file, format
        self.locale, self.user_language = locale, user_language
        # The user's own addresses (profile, accounts, the file's owner): never a contact.
        self.own_emails = own_emails
        self.file_name = PurePath(file).name  # once: PurePath per value cost ~1 s per 40,000 rows
        self.import_id, self.now, self.region = import_id, now, region
        self.plan = Plan(
            value_source={"source_file": file, "import_id": import_id, "imported_at": now}
        )
        self._next_temp = -1
        self._touched: set[int] = set()  # people this file already spoke about in this run
        self._blocks: dict[str, list[int]] | None = None
        self._names: dict[str, list[int]] | None = None
        self._key_counts: dict[str, int] = {}
        self._per_name: Counter[str] = Counter()
        # New people's language evidence and where its provenance row sits in the plan, so the
        # messages they wrote (read after the contacts) can still decide their language.
        self._evidence: dict[int, tuple[ContactEvidence, list[Any]]] = {}
        self._their_texts: dict[int, list[str]] = {}
        self._languages_seen: dict[int, set[str]] | None = None

    # --- contacts ---------------------------------------------------------------------------

    def add_contacts(
        self, records: list[ContactRecord], done: Callable[[int], None] | None = None
    ) -> None:
        """Plan a whole file: first find who its records can touch and read those people's
        recorded values in one go, then plan record by record."""
        prepared = [(rec, self._prepare(rec)) for rec in records]
        wanted: set[int] = set()
        new_texts: list[str] = []
        for rec, keys in prepared:
            matches = self._stored_matches(rec, keys)
            wanted.update(matches)
            if not matches:  # likely a new person: their texts decide a language
                new_texts += texts_of(evidence_of(rec, self.locale, self.user_language))
        self.snap.load_values(wanted)
        prepare_languages(new_texts)
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

    def _stored_matches(self, rec: ContactRecord, keys: list[Key]) -> list[int]:
        """Stored people a record may be planned onto, by the store as it was read."""
        found = [pid for key in keys for pid in self.snap.identity.get(key, ())]
        if rec.source_key and rec.source_key in self.snap.source_keys:
            found.append(self.snap.source_keys[rec.source_key])
        return [self.snap.resolve(pid) for pid in found]

    def _parsed(self, values: dict[str, Any]) -> names.ParsedName:
        return names.parse(values.get("given_name"), values.get("family_name"), values.get("name"))

    def _plan_contact(self, rec: ContactRecord, keys: list[Key]) -> None:
        """The identity policy (docs/import.md): a record joins a known person only if they share
        a personal identifier (profile URL, personal e-mail, mobile) and their names do not
        conflict, or share any identifier plus the same name and the same full birthday.
        Names that conflict are never fused, whatever they share; the shared identifier stays on
        both and is marked shared. Anything weaker is a proposal for review."""
        mine = self._record_values(rec)
        parsed = self._parsed(mine)
        target: int | None = None
        if rec.source_key and rec.source_key in self.snap.source_keys:
            target = self.snap.resolve(self.snap.source_keys[rec.source_key])
        hits: dict[int, list[Key]] = {}
        for key in keys:
            for pid in self.snap.identity.get(key, ()):
                pid = self.snap.resolve(pid)
                if key not in hits.setdefault(pid, []):
                    hits[pid].append(key)
        eligible: list[int] = []
        weaker: list[tuple[int, names.Comparison, list[Key]]] = []
        for pid, shared in hits.items():
            theirs = self.snap.people.get(pid)
            if theirs is None or pid == target:
                continue
            comparison = names.compare(
                parsed, self._parsed(theirs), mine.get("birthday"), theirs.get("birthday")
            )
            if comparison.verdict == names.Verdict.CONFLICT:
                self.plan.shared_keys.update(shared)
                self.snap.shared.update(shared)
                if askable(mine, theirs, comparison, shared=True):
                    weaker.append((pid, comparison, shared))  # asked, never merged
                continue
            personal = [k for k in shared if k not in self.snap.shared and is_personal(*k)]
            birthday = mine.get("birthday")
            same_born = bool(
                birthday and len(birthday) == 10 and birthday == theirs.get("birthday")
            )
            if personal or (comparison.verdict == names.Verdict.SAME and same_born):
                eligible.append(pid)
            else:
                weaker.append((pid, comparison, shared))
        if target is None and eligible:
            # The record's own earlier person first (a re-import), then the one sharing most.
            eligible.sort(key=lambda p: (p not in self.snap.persons_from_file, -len(hits[p])))
            target = eligible[0]
        if target is None:
            pid = self._create(rec)
            self._apply(pid, rec, keys)
            self._touched.add(pid)
            self._fuzzy_candidates(pid)
            outcome = "added"
        else:
            pid = target
            outcome = self._join(pid, rec, keys)
        for other in eligible:
            if other != pid:
                self._propose(pid, other, hits[other])
        for other, _comparison, shared in weaker:
            self._propose(pid, other, shared)
        self.plan.counts[outcome] += 1

    def _record_values(self, rec: ContactRecord) -> dict[str, Any]:
        return {
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

    def _join(self, pid: int, rec: ContactRecord, keys: list[Key]) -> str:
        """Plan `rec` onto known person `pid`. A re-import of the file that made the person
        updates it; any other record is an automatic merge, recorded to be undoable."""
        self.snap.ensure_loaded(pid)
        if pid in self.snap.persons_from_file or any(
            self._same_list(self.snap.last_format.get((pid, f))) for f in JOB_FIELDS
        ):
            return self._apply(pid, rec, keys)
        before = {f: self.snap.people[pid].get(f) for f in CORE_FIELDS}
        rows_before = len(self.plan.identities)
        outcome = self._apply(pid, rec, keys, all_keys=True)
        if outcome == "unchanged":
            # Nothing new but copies of identifiers the person holds: no merge to record.
            del self.plan.identities[rows_before:]
            return outcome
        hidden = self._next_temp
        self._next_temp -= 1
        values = {f: None for f in CORE_FIELDS} | {
            k: v for k, v in self._record_values(rec).items() if v
        }
        values.update(
            name=(values.get("name") or self.snap.people[pid].get("name") or "?")[:300],
            language="en",
            tags=[],
            is_me=False,
            created_at=self.now,
            updated_at=self.now,
        )
        self.plan.new_people[hidden] = values
        self.snap.merged_into[hidden] = pid
        after = {f: self.snap.people[pid].get(f) for f in CORE_FIELDS}
        self.plan.auto_merges.append(
            {
                "kept": pid,
                "merged": hidden,
                "line": rec.line,
                "identities": self.plan.identities[rows_before:],
                "kept_before": before,
                "kept_after": after,
            }
        )
        return "merged"

    def _identity_keys(self, rec: ContactRecord) -> tuple[list[Key], dict[str, str]]:
        keys: list[Key] = []
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
        for raw in rec.other_ids:
            if raw.strip():
                keys.append((str(IdentityKind.OTHER), raw.strip()))
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
            language=None,
            tags=[],
            is_me=False,
            created_at=self.now,
            updated_at=self.now,
        )
        self.plan.new_people[pid] = values
        self.snap.people[pid] = values
        self._language(pid, rec)
        return pid

    def _language(self, pid: int, rec: ContactRecord) -> None:
        """A new person's language from the evidence in their record, with its provenance."""
        evidence = evidence_of(rec, self.locale, self.user_language)
        guess = infer(evidence)
        self.snap.people[pid]["language"] = guess.language
        self._value(pid, LANGUAGE_EVIDENCE_FIELD, guess.provenance, rec.line, is_core=False)
        self._evidence[pid] = (evidence, self.plan.field_values[-1])

    def _language_from_new_source(self, pid: int, rec: ContactRecord) -> None:
        """A known person whose language rests on no evidence (only the default) and was never
        set by hand gets it from the first record that has some (a LinkedIn connection without
        texts, later found in a German Outlook export)."""
        evidence_of_pid = self._language_index().get(pid, set())
        if not evidence_of_pid or not evidence_of_pid <= WITHOUT_EVIDENCE:
            return
        guess = infer(evidence_of(rec, self.locale, self.user_language))
        if {e.source for e in guess.evidence} <= WITHOUT_EVIDENCE:
            return
        self.snap.people[pid]["language"] = guess.language
        self.plan.updates.setdefault(pid, {})["language"] = guess.language
        self._value(pid, LANGUAGE_EVIDENCE_FIELD, guess.provenance, rec.line, is_core=False)

    def _language_index(self) -> dict[int, set[str]]:
        """Recorded language evidence per person, built once per file from the loaded values."""
        if self._languages_seen is None:
            self._languages_seen = {}
            for pid, name, value in self.snap.known_values:
                if name == LANGUAGE_EVIDENCE_FIELD:
                    self._languages_seen.setdefault(pid, set()).add(value)
        return self._languages_seen

    def settle_languages(self) -> None:
        """Decide again, with the messages they sent, the language of people new in this file."""
        for pid, texts in self._their_texts.items():
            evidence, provenance = self._evidence[pid]
            evidence.own_texts.extend(texts[:MESSAGES_FOR_LANGUAGE])
            guess = infer(evidence)
            self.snap.people[pid]["language"] = guess.language
            provenance[VALUE_COLUMNS.index("value")] = guess.provenance

    def _apply(
        self, pid: int, rec: ContactRecord, keys: list[Key], *, all_keys: bool = False
    ) -> str:
        """Record every new value of `rec` on person `pid`; return the outcome for the report.
        `all_keys`: write the record's identifiers even where `pid` holds them already (a
        merge: each copy keeps its provenance and goes back with an unmerge)."""
        self.snap.ensure_loaded(pid)
        current = self.snap.people[pid]
        new_person = pid < 0 and pid not in self._touched
        changed = False
        core = self._record_values(rec)
        job_before = (current.get("position"), current.get("company"))
        job_changed = False
        # A merge keeps the better spelling of the name (Katharina over Kathi, Müller over
        # Mueller); the other spelling is still recorded below, with its provenance.
        keep_name = (
            all_keys and names.better_spelling(current.get("name"), core["name"]) != (core["name"])
        )
        for name, value in core.items():
            if not value or (pid, name, value) in self.snap.known_values:
                continue
            old = current.get(name)
            if keep_name and old and name in _NAME_FIELDS:
                self._value(pid, name, value, rec.line, is_core=True)
                changed = True
                continue
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
            holders = self.snap.identity.setdefault(key, [])
            if pid not in holders or all_keys:
                if pid not in holders:
                    holders.append(pid)
                    changed = True
                self.plan.identities.append(
                    {
                        "person_id": pid,
                        "kind": key[0],
                        "value": key[1],
                        "source": f"{self.file}:{rec.line}",
                        "shared": key in self.snap.shared,
                    }
                )
        if job_changed:
            self._job_event(pid, job_before, (current.get("position"), current.get("company")))
        if pid > 0 and changed:
            self._language_from_new_source(pid, rec)
        if new_person or not changed:
            return "added" if new_person else "unchanged"
        return "updated"

    def _same_list(self, previous: tuple[str, str] | None) -> bool:
        """LinkedIn's Connections export is always the user's one network list, whatever the
        file is called; other exports count as the same list when the file name matches."""
        if previous is None or previous[0] != self.format:
            return False
        return self.format == linkedin.FORMAT or previous[1] == self.file_name

    def _value(self, pid: int, name: str, value: str, line: int, *, is_core: bool) -> None:
        self.snap.known_values.add((pid, name, value))
        if name == LANGUAGE_EVIDENCE_FIELD and self._languages_seen is not None:
            self._languages_seen.setdefault(pid, set()).add(value)
        if name in JOB_FIELDS:  # the job-change rule is the only reader of last_format
            self.snap.last_format[(pid, name)] = (self.format, self.file_name)
        self.plan.field_values.append([pid, name[:200], value, is_core, line])

    def _job_event(self, pid: int, before: tuple[Any, Any], after: tuple[Any, Any]) -> None:
        def job(position: Any, company: Any) -> str:
            return " at ".join(str(p) for p in (position, company) if p)

        name = self.snap.people[pid].get("name") or ""
        self.plan.events.append(
            {
                "person_id": pid,
                "kind": "job_change",
                "occurred_at": self.now,
                "summary": message.encode(
                    job_change_summary(str(name), *(str(v) if v else None for v in after))
                ),
                "old_value": job(*before),
                "new_value": job(*after),
            }
        )

    # --- review queue -----------------------------------------------------------------------

    def _propose(self, a: int, b: int, shared: list[Key]) -> None:
        """Queue a pair that shares identifiers but is not certain to be one person."""
        mine, theirs = self.snap.people.get(a), self.snap.people.get(b)
        if mine is None or theirs is None:
            return
        comparison = names.compare(
            self._parsed(mine), self._parsed(theirs), mine.get("birthday"), theirs.get("birthday")
        )
        if comparison.verdict == names.Verdict.CONFLICT and not askable(
            mine, theirs, comparison, shared=True
        ):
            return
        personal = [k for k in shared if k not in self.snap.shared and is_personal(*k)]
        self._candidate(a, b, comparison, shared, personal)

    def _candidate(
        self,
        a: int,
        b: int,
        comparison: names.Comparison,
        shared: list[Key] = (),  # type: ignore[assignment]
        personal: list[Key] = (),  # type: ignore[assignment]
    ) -> None:
        pair = (min(a, b), max(a, b))
        if a == b or pair in self.snap.candidate_pairs:
            return
        self.snap.candidate_pairs.add(pair)
        # Person A is the one known first: stored people (positive ids) before this file's new
        # ones (temporary ids -1, -2, … in file order). Reasons name A's value first.
        first, second = sorted((a, b), key=lambda p: (p < 0, abs(p)))
        found = likeness(
            self.snap.people[first], self.snap.people[second], comparison, shared, personal
        )
        score, reason, reasons = found.percent, found.english(), found.reasons
        self.plan.candidates.append(
            {
                "person_a_id": first,
                "person_b_id": second,
                "score": score,
                "reason": reason,
                "reasons": reasons,
                "state": "open",
                "created_at": self.now,
            }
        )
        self.plan.counts["review"] += 1

    def _given_family(self, values: dict[str, Any]) -> tuple[str, str]:
        if values.get("family_name"):
            return values.get("given_name") or "", values["family_name"]
        return split_name(values.get("name") or "")

    def _block_keys(self, values: dict[str, Any]) -> tuple[str, ...]:
        return block_keys(
            values.get("given_name"),
            values.get("family_name"),
            values.get("name"),
            values.get("birthday"),
        )

    def _index(self, pid: int, values: dict[str, Any]) -> None:
        assert self._blocks is not None and self._names is not None
        for key in self._block_keys(values):
            self._blocks.setdefault(key, []).append(pid)
        full = fold(values.get("name"))
        if full:
            self._names.setdefault(full, []).append(pid)

    def _ensure_name_index(self) -> None:
        if self._blocks is None:
            self._blocks, self._names = {}, {}
            for pid, values in self.snap.people.items():
                self._index(pid, values)

    def _fuzzy_candidates(self, pid: int) -> None:
        """The same person under another spelling (Müller/Mueller, Theo/Theodor, a typo, a
        middle name) with something else in common: never merged automatically, queued with a
        probability for the user to decide. Bounded (BLOCK_SCAN, PER_PERSON, PER_NAME)."""
        self._ensure_name_index()
        assert self._blocks is not None
        mine = self.snap.people[pid]
        parsed = self._parsed(mine)
        keys = self._block_keys(mine)
        given = parsed.given[0] if parsed.given else ""
        # The given name is looked up as a family name (swapped order), never indexed as one:
        # an "Anna" block would hold every Anna.
        lookups = [*keys, f"f:{given}"] if given else list(keys)
        name_key = fold(mine.get("name"))
        if parsed.is_empty or self._per_name[name_key] >= PER_NAME:
            for key in keys:
                self._blocks.setdefault(key, []).append(pid)
            self._index_full_name(pid, name_key)
            return
        seen: set[int] = {pid}
        found: list[tuple[float, int, Any]] = []
        blocks = self._blocks
        for key in lookups:
            block = blocks.get(key)
            if not block:  # most keys of a new name: nobody to compare with
                continue
            for other in block if len(block) <= BLOCK_SCAN else block[-BLOCK_SCAN:]:
                if other in seen:
                    continue
                seen.add(other)
                theirs = self.snap.people.get(other)
                if theirs is None or self.snap.resolve(other) != other:
                    continue
                comparison = names.compare(
                    parsed, self._parsed(theirs), mine.get("birthday"), theirs.get("birthday")
                )
                if comparison.verdict == names.Verdict.CONFLICT and not askable(
                    mine, theirs, comparison
                ):
                    continue
                if not (mine.get("name") and theirs.get("name")):
                    continue
                result = likeness(mine, theirs, comparison)
                if result.probability >= PROPOSE_AT:
                    found.append((result.probability, other, comparison))
        for key in keys:
            self._blocks.setdefault(key, []).append(pid)
        self._index_full_name(pid, name_key)
        found.sort(key=lambda f: (-f[0], f[1]))
        proposed_names: set[str] = set()
        for _p, other, comparison in found:
            if len(proposed_names) >= PER_PERSON:
                break
            # One proposal per spelling: five earlier "Anna Schmidt" are one group to compare
            # with, not five pairs.
            other_name = fold(self.snap.people[other].get("name"))
            if other_name in proposed_names:
                continue
            proposed_names.add(other_name)
            self._per_name[name_key] += 1
            self._candidate(other, pid, comparison)

    def _index_full_name(self, pid: int, name_key: str) -> None:
        assert self._names is not None
        if name_key:
            self._names.setdefault(name_key, []).append(pid)

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
            if rec.direction is Direction.INCOMING and rec.summary and pid in self._evidence:
                self._their_texts.setdefault(pid, []).append(rec.summary)
            who = person.url or person.email or fold(person.name)
            digest = hashlib.sha1(f"{rec.dedup_material}|{who}".encode()).hexdigest()
            row = {
                "person_id": pid,
                "kind": str(rec.kind),
                "occurred_at": rec.occurred_at,
                "direction": str(rec.direction),
                "summary": rec.summary,
                "source": f"{self.file}:{rec.line}",
                "dedup_key": f"{self.format}:{digest}",
            }
            if rec.legacy_dedup_material is not None:
                legacy = f"{rec.legacy_dedup_material}|{who}".encode()
                row["legacy_key"] = f"{self.format}:{hashlib.sha1(legacy).hexdigest()}"
            self.plan.interactions.append(row)

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
            holders = self.snap.identity.get(key)
            if holders and key not in self.snap.shared:
                pid = self.snap.resolve(holders[0])
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
        if self._names is not None:
            self._index(pid, self.snap.people[pid])
        self.plan.counts["people_added"] += 1
        return pid
