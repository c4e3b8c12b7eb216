"""An embedder wrapper that remembers every text it embedded, so ranking many profiles against
the same posts embeds each text once. In memory only: evaluations read dumps in place and must
not fill the user's database; the product uses the store's cache (`understand.vectors`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from altruist.understand.embedder import Embedder
from altruist.understand.vectors import embed_watched


class MemoEmbedder:
    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._known: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        if missing:
            computed = embed_watched(self.inner, missing)  # a bar on the CLI for a large dump
            for text, vector in zip(missing, computed, strict=True):
                self._known[text] = vector
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._known[t] for t in texts])

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Load embeddings computed elsewhere (e.g. read from the store)."""
        for text, vector in zip(texts, vectors, strict=True):
            self._known[text] = vector
