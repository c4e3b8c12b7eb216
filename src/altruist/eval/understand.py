"""`altruist eval understand`: how well needs and offers are read from real wording (issue 15).

Reads every `statements.jsonl` below a folder (format: needs-offers-hn-dev/SOURCE.txt) and scores
three methods on each file: `altruist` (understand/reader.py), a keyword baseline, and the
reader as it was before issue 15 (eval/understand_before.py). A prediction is right when it is
among the statement's acceptable labels; balanced accuracy averages that over primary labels,
so 1,000 job ads cannot hide a reader that misses every job seeker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from altruist.errors import AltruistError
from altruist.eval.understand_before import classify_before
from altruist.understand.embedder import Embedder
from altruist.understand.reader import Intent, Reader

METHODS: tuple[str, ...] = ("altruist", "keywords", "before")

# The keyword baseline: the first label whose words occur, else none. What anyone would write in
# an afternoon; the bar the reader must clear.
_KEYWORDS: tuple[tuple[Intent, str], ...] = (
    (Intent.COFOUNDER, r"co-?founder|mitgründer"),
    (Intent.INVESTING, r"\binvest(or|ing)?\b.*\b(in|into)\b|business angel|angel investor"),
    (Intent.FUNDING, r"funding|finanzierung|investor|raising"),
    (
        Intent.SEEKING_FREELANCER,
        r"(need|looking for|suche\w*) (a |an |einen? )?(freelancer|contractor|agency|agentur)",
    ),
    (Intent.FREELANCER, r"freelanc|freiberuf|contract"),
    (Intent.HIRE, r"hiring|we are looking for|wir suchen|stellen ein|join our team"),
    (Intent.JOB, r"looking for a (job|role|position)|open to work|suche eine stelle|jobsuche"),
    (Intent.CUSTOMERS, r"customers|clients|kunden"),
    (Intent.MENTORING, r"mentor|coach"),
    (Intent.KNOWLEDGE_NEED, r"\?|advice|rat\b|tipps|help me|hilfe"),
    (Intent.KNOWLEDGE_OFFER, r"happy to help|helfe gern|can help|kann helfen"),
)
_KEYWORD_RX = tuple((intent, re.compile(rx, re.IGNORECASE)) for intent, rx in _KEYWORDS)


def classify_keywords(text: str) -> Intent:
    return next((i for i, rx in _KEYWORD_RX if rx.search(text)), Intent.NONE)


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    intents: tuple[str, ...]

    @property
    def primary(self) -> str:
        return self.intents[0]


@dataclass(frozen=True)
class MethodResult:
    accuracy: float
    balanced_accuracy: float
    per_label: dict[str, float]  # recall per primary label


def load_file(path: Path) -> list[Statement]:
    """One statements.jsonl; a broken line is named (file, line, field) and skipped."""
    out: list[Statement] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            intents = tuple(str(i) for i in row["intents"])
            if not intents:
                raise KeyError("intents")
            out.append(Statement(str(row["id"]), str(row["text"]), intents))
        except (ValueError, KeyError, TypeError) as err:
            raise AltruistError(f"{path}:{number}: bad statement ({err})") from err
    return out


def statement_files(root: Path) -> list[Path]:
    files = sorted(root.rglob("statements.jsonl"))
    if not files:
        raise AltruistError(f"{root}: no statements.jsonl below this folder")
    return files


def score(predicted: Sequence[str], statements: Sequence[Statement]) -> MethodResult:
    hits = [p in s.intents for p, s in zip(predicted, statements, strict=True)]
    per_label: dict[str, list[bool]] = {}
    for hit, s in zip(hits, statements, strict=True):
        per_label.setdefault(s.primary, []).append(hit)
    recall = {label: sum(v) / len(v) for label, v in sorted(per_label.items())}
    return MethodResult(
        accuracy=sum(hits) / len(hits) if hits else 0.0,
        balanced_accuracy=sum(recall.values()) / len(recall) if recall else 0.0,
        per_label=recall,
    )


def classifiers(embedder: Embedder | None) -> dict[str, Callable[[list[str]], list[str]]]:
    reader = Reader(embedder)
    return {
        "altruist": lambda texts: [r.intent.value for r in reader.read(texts)],
        "keywords": lambda texts: [classify_keywords(t).value for t in texts],
        "before": lambda texts: [classify_before(t).value for t in texts],
    }


def evaluate(
    root: Path, embedder: Embedder | None, on_file: Callable[[str], None] | None = None
) -> list[tuple[str, int, dict[str, MethodResult]]]:
    """Every method on every statements file below `root`; `on_file(name)` after each file
    (the CLI's progress bar: reading a file with the model takes a while)."""
    methods = classifiers(embedder)
    results = []
    for path in statement_files(root):
        statements = load_file(path)
        texts = [s.text for s in statements]
        name = str(path.parent.relative_to(root)) if path.parent != root else root.name
        results.append(
            (name, len(statements), {m: score(methods[m](texts), statements) for m in METHODS})
        )
        if on_file is not None:
            on_file(name)
    return results
