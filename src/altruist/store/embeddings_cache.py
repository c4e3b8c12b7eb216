"""Cache of text embeddings keyed by content hash and model id (derived data: a model change
simply misses the cache and recomputes)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from sqlalchemy import Connection, insert, select

from altruist.store.schema import embeddings


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(conn: Connection, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    wanted = list(set(hashes))
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        rows = conn.execute(
            select(embeddings.c.content_hash, embeddings.c.dim, embeddings.c.vector).where(
                embeddings.c.model_id == model_id, embeddings.c.content_hash.in_(chunk)
            )
        )
        for h, dim, blob in rows:
            vector = np.frombuffer(blob, dtype=np.float32)
            if vector.shape[0] == dim:
                out[h] = vector
    return out


def save(conn: Connection, model_id: str, vectors: dict[str, np.ndarray]) -> None:
    if not vectors:
        return
    conn.execute(
        insert(embeddings),
        [
            {
                "content_hash": h,
                "model_id": model_id,
                "dim": int(v.shape[0]),
                "vector": np.asarray(v, dtype=np.float32).tobytes(),
            }
            for h, v in vectors.items()
        ],
    )
