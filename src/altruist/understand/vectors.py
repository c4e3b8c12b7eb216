"""Embed texts through the store's cache: only texts never seen with this model are computed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from altruist.store import Store
from altruist.store import embeddings_cache as cache
from altruist.understand.embedder import Embedder

# (texts embedded so far, texts to embed): the first embedding of a large dump takes minutes, so
# a surface may watch it (the CLI draws a bar). One watcher per process: the CLI runs one command.
EmbedProgress = Callable[[int, int], None]
_watchers: list[EmbedProgress] = []
BATCH = 512  # texts per step when someone watches; the embedder batches internally anyway


@contextmanager
def watching(callback: EmbedProgress) -> Iterator[None]:
    """Report the progress of every uncached embedding done inside this block."""
    _watchers.append(callback)
    try:
        yield
    finally:
        _watchers.remove(callback)


def embed_watched(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """`embedder.embed(texts)`, in steps that report to the watchers when anyone watches."""
    if not _watchers or len(texts) <= BATCH:
        return embedder.embed(texts)
    parts = []
    for start in range(0, len(texts), BATCH):
        parts.append(embedder.embed(texts[start : start + BATCH]))
        for watcher in list(_watchers):
            watcher(min(start + BATCH, len(texts)), len(texts))
    return np.vstack(parts)


def embed_cached(store: Store, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    hashes = [cache.content_hash(t) for t in texts]
    with store.read() as conn:
        known = cache.load(conn, embedder.model_id, hashes)
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in known and h not in missing:
            missing[h] = t
    if missing:
        computed = embed_watched(embedder, list(missing.values()))
        fresh = dict(zip(missing.keys(), computed, strict=True))
        with store.transaction() as conn:
            # Another process may have cached some meanwhile; skip those rather than fail.
            already = cache.load(conn, embedder.model_id, fresh.keys())
            cache.save(
                conn, embedder.model_id, {h: v for h, v in fresh.items() if h not in already}
            )
        known.update(fresh)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([known[h] for h in hashes]).astype(np.float32)


class CachedEmbedder:
    """An Embedder that goes through the store's cache, for code that takes an Embedder (the
    question ranker, the people router) but should not recompute known texts every refresh."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.inner = embedder
        self.model_id = embedder.model_id
        self.dim = embedder.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return embed_cached(self.store, self.inner, texts)
