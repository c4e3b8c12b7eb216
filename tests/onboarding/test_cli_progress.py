"""Long CLI work shows a Rich bar on a terminal and nothing when piped (issue 16)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import numpy as np

from altruist.store import Store
from altruist.understand import vectors
from altruist.understand.embedder import get_embedder

BAR = "━"  # Rich's bar glyph


def _connections(realdata: Path) -> Path:
    return realdata / "linkedin-export-formats" / "2024-12_Connections_redacted.csv"


def _env() -> dict[str, str]:
    return {**os.environ, "ALTRUIST_EMBEDDER": "fake", "TERM": "xterm", "COLUMNS": "120"}


def test_import_on_a_terminal_draws_a_bar(tmp_path: Path, realdata: Path) -> None:
    primary, secondary = pty.openpty()
    args = ["--db", str(tmp_path / "t.db"), "import", str(_connections(realdata))]
    proc = subprocess.Popen(
        [sys.executable, "-m", "altruist", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=_env(),
        close_fds=True,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=300) == 0
    os.close(primary)
    seen = b"".join(chunks).decode("utf-8", "replace")
    assert BAR in seen and "2024-12_Connections_redacted.csv" in seen, seen[-2000:]


def test_import_piped_or_json_has_no_bar(tmp_path: Path, realdata: Path) -> None:
    for extra in ([], ["--json"]):
        args = ["--db", str(tmp_path / f"p{len(extra)}.db"), "import", *extra]
        done = subprocess.run(
            [sys.executable, "-m", "altruist", *args, str(_connections(realdata))],
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert BAR not in done.stderr and BAR not in done.stdout
        assert "\x1b[" not in done.stderr, "no cursor control when piped"


def test_watched_embedding_reports_steps_and_gives_the_same_vectors(sqlite_store: Store) -> None:
    embedder = get_embedder("fake")
    texts = [f"question {i} about postgres indexes" for i in range(vectors.BATCH * 2 + 7)]
    seen: list[tuple[int, int]] = []
    with vectors.watching(lambda done, total: seen.append((done, total))):
        watched = vectors.embed_cached(sqlite_store, embedder, texts)
    assert seen == [(vectors.BATCH, len(texts)), (vectors.BATCH * 2, len(texts)), (len(texts),) * 2]
    assert np.allclose(watched, embedder.embed(texts))
    seen.clear()
    with vectors.watching(lambda done, total: seen.append((done, total))):
        vectors.embed_cached(sqlite_store, embedder, texts)
    assert seen == [], "cached texts are not embedded again"
