"""Where the partitioned work of a round runs: in this process, or on a Dask cluster.

The round is cut into the same tasks either way (text chunks to embed, blocks of rows to search,
chunks of pairs to score) and the results are gathered in task order, so both runners produce
the same pairs. Task functions are module-level and take plain arrays, so Dask can pickle them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np

from altruist.understand.embedder import get_embedder

T = TypeVar("T")
R = TypeVar("R")

EMBED_CHUNK = 2048


class Runner(Protocol):
    name: str

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]:
        """Run fn(item, **shared) for every item; results in item order."""
        ...

    def close(self) -> None: ...


class LocalRunner:
    name = "local"

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]:
        return [fn(item, **shared) for item in items]

    def close(self) -> None:
        pass


def embed_chunk(texts: list[str], embedder_name: str) -> np.ndarray:
    """One embedding task. The embedder is loaded once per worker process (lru_cache)."""
    return get_embedder(embedder_name).embed(texts)


def embed_with(runner: Runner, embedder_name: str, texts: Sequence[str]) -> np.ndarray:
    chunks = [list(texts[i : i + EMBED_CHUNK]) for i in range(0, len(texts), EMBED_CHUNK)]
    parts = runner.map(embed_chunk, chunks, embedder_name=embedder_name)
    return np.vstack(parts) if parts else np.zeros((0, 1), dtype=np.float32)
