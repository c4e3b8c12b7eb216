"""The reader: what a statement asks for or offers, from the speaker's side (issue 15).

A multinomial logistic regression over the multilingual sentence embedding of the statement
(understand/embedder.py, German and English in one space) plus the cue words of
understand/cues.py. The weights ship in `reader_weights.npz` next to this module and are
retrained by `make reader` (understand/training.py). Two models are stored: `full` (embedding
+ cues) for the USE embedder the weights were trained with, and `cues` (cue words only) for any
other embedder — a model trained on USE vectors means nothing on another model's vectors.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from altruist.domain import FacetKind
from altruist.understand.cues import cue_matrix
from altruist.understand.embedder import Embedder

WEIGHTS_FILE = "reader_weights.npz"
EMBED_CHARS = 500  # the opening says what a post is about; long posts cost time, not accuracy
TRAINED_WITH = "use-multilingual-v3"


class Intent(enum.StrEnum):
    """The intent vocabulary of the evaluation files (needs-offers-hn-dev/SOURCE.txt)."""

    JOB = "job"
    HIRE = "hire"
    FREELANCER = "freelancer"
    SEEKING_FREELANCER = "seeking-freelancer"
    COFOUNDER = "cofounder"
    FUNDING = "funding"
    INVESTING = "investing"
    CUSTOMERS = "customers"
    MENTORING = "mentoring"
    KNOWLEDGE_OFFER = "knowledge-offer"
    KNOWLEDGE_NEED = "knowledge-need"
    NONE = "none"


LABELS: tuple[Intent, ...] = tuple(Intent)

# Which side of a need/offer pair a statement stands on. A hiring manager *needs* an employee
# and a freelancer *offers* work: the stored facet kind follows the intent.
OFFERS: frozenset[Intent] = frozenset(
    {Intent.FREELANCER, Intent.INVESTING, Intent.MENTORING, Intent.KNOWLEDGE_OFFER}
)


def kind_of(intent: Intent) -> FacetKind:
    return FacetKind.OFFER if intent in OFFERS else FacetKind.NEED


@dataclass(frozen=True)
class Reading:
    intent: Intent
    probability: float


def prepared(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:EMBED_CHARS]


@dataclass(frozen=True)
class Model:
    """Weights of one softmax layer; `mean`/`scale` standardise the feature columns."""

    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    mean: np.ndarray
    scale: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def features(texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
    cues = cue_matrix([prepared(t) for t in texts])
    return cues if embeddings is None else np.hstack([embeddings, cues]).astype(np.float32)


@lru_cache(maxsize=1)
def shipped_models() -> dict[str, Model]:
    with resources.files("altruist.understand").joinpath(WEIGHTS_FILE).open("rb") as fh:
        data = np.load(fh)
        return {
            name: Model(
                data[f"{name}_weights"],
                data[f"{name}_bias"],
                data[f"{name}_mean"],
                data[f"{name}_scale"],
            )
            for name in ("full", "cues")
        }


class Reader:
    """Reads intents of statements; `embedder=None` or a foreign embedder reads by cues only."""

    def __init__(
        self, embedder: Embedder | None = None, models: dict[str, Model] | None = None
    ) -> None:
        self._models = models or shipped_models()
        usable = embedder is not None and embedder.model_id == TRAINED_WITH
        self._embedder = embedder if usable else None

    @property
    def uses_embeddings(self) -> bool:
        return self._embedder is not None

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        if self._embedder is None:
            return self._models["cues"].probabilities(features(texts, None))
        vectors = self._embedder.embed([prepared(t) for t in texts])
        return self._models["full"].probabilities(features(texts, vectors))

    def read(self, texts: Sequence[str]) -> list[Reading]:
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1) if len(texts) else np.zeros(0, dtype=int)
        return [Reading(LABELS[int(i)], float(probs[r, i])) for r, i in enumerate(best)]

    def read_one(self, text: str) -> Reading:
        return self.read([text])[0]
