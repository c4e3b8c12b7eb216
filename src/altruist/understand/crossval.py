"""Cross-validate the reader on its training statements only (issue 15, third pass):

    python -m altruist.understand.crossval --examples data/understand/train \
        --dev ../shared/data/needs-offers-hn-dev --cache /tmp/altruist-reader-cache.npz

The hand-written statements are split into K folds, stratified by primary label (every fold holds
every label); each fold is read by a reader trained on the other folds plus the dev half that
`make reader` uses. Printed: balanced accuracy over all held-out folds, German and English apart,
and per-label recall in German. This is how settings and features are chosen, so the held-out
test folders (`data/understand/test-*`) stay unseen until the final measurement.
"""

from __future__ import annotations

import argparse
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from altruist.understand.embedder import get_embedder
from altruist.understand.reader import LABELS, Intent, features, prepared
from altruist.understand.training import (
    L2,
    Example,
    FileCache,
    fit,
    in_training_half,
    load_statements,
)


def folds_of(examples: Sequence[Example], k: int) -> list[int]:
    """A stable fold per hand-written statement: round-robin within each label, ordered by a hash
    of the id, so a label's statements spread evenly and reruns give the same folds."""
    by_label: dict[Intent, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_label[e.primary].append(i)
    fold = [0] * len(examples)
    for rows in by_label.values():
        rows.sort(key=lambda i: hashlib.sha256(examples[i].id.encode()).hexdigest())
        for n, i in enumerate(rows):
            fold[i] = n % k
    return fold


def balanced(
    truth: Sequence[Example], predicted: Sequence[Intent]
) -> tuple[float, dict[str, float]]:
    hits: dict[Intent, list[bool]] = defaultdict(list)
    for e, p in zip(truth, predicted, strict=True):
        hits[e.primary].append(p in e.intents)
    recall = {label.value: float(np.mean(h)) for label, h in hits.items()}
    return (float(np.mean(list(recall.values()))) if recall else 0.0), recall


def cross_validate(
    examples: Sequence[Example],
    dev: Sequence[Example],
    x_hand: np.ndarray,
    x_dev: np.ndarray,
    *,
    k: int = 5,
    l2: float = L2,
) -> list[Intent]:
    """Out-of-fold predictions for every hand-written statement."""
    fold = np.array(folds_of(examples, k))
    predicted: list[Intent] = [Intent.NONE] * len(examples)
    for f in range(k):
        train_rows = np.where(fold != f)[0]
        test_rows = np.where(fold == f)[0]
        train = [examples[i] for i in train_rows] + list(dev)
        model = fit(np.vstack([x_hand[train_rows], x_dev]), train, l2)
        probs = model.probabilities(x_hand[test_rows])
        for i, p in zip(test_rows, probs.argmax(axis=1), strict=True):
            predicted[int(i)] = LABELS[int(p)]
    return predicted


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, required=True)
    parser.add_argument("--dev", type=Path, action="append", default=[])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, action="append", default=[])
    args = parser.parse_args(argv)
    examples = load_statements(args.examples)
    dev = [
        e for root in args.dev for e in load_statements(root, dev=True) if in_training_half(e.id)
    ]
    embedder = FileCache(get_embedder("use"), args.cache)

    def matrix(rows: Sequence[Example]) -> np.ndarray:
        texts = [e.text for e in rows]
        return features(texts, embedder.embed([prepared(t) for t in texts]))

    x_hand, x_dev = matrix(examples), matrix(dev)
    german = [i for i, e in enumerate(examples) if e.lang == "de"]
    for l2 in args.l2 or [L2]:
        predicted = cross_validate(examples, dev, x_hand, x_dev, k=args.folds, l2=l2)
        overall, _ = balanced(examples, predicted)
        de, de_recall = balanced([examples[i] for i in german], [predicted[i] for i in german])
        rest = [i for i, e in enumerate(examples) if e.lang != "de"]
        en, _ = balanced([examples[i] for i in rest], [predicted[i] for i in rest])
        print(f"l2={l2:g}  all {overall:.3f}  de {de:.3f} (n={len(german)})  en {en:.3f}")
        print("  de recall: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(de_recall.items())))


if __name__ == "__main__":
    main()
