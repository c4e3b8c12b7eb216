"""The foundation's acceptance path, as a user types it: demo, then today --json, then done."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _altruist(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALTRUIST_EMBEDDER": "fake"}
    return subprocess.run(
        [sys.executable, "-m", "altruist", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_demo_then_today_json_then_done(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    built = _altruist("--db", db, "demo", "--people", "120")
    assert built.returncode == 0, built.stderr
    shown = _altruist("--db", db, "today", "--json")
    assert shown.returncode == 0, shown.stderr
    items = json.loads(shown.stdout)
    assert len(items) >= 5
    assert all({"id", "kind", "title", "reason"} <= item.keys() for item in items)
    done = _altruist("--db", db, "done", str(items[0]["id"]))
    assert done.returncode == 0, done.stderr
    after = json.loads(_altruist("--db", db, "today", "--json").stdout)
    assert items[0]["id"] not in {i["id"] for i in after}


def test_user_error_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = _altruist("--db", str(tmp_path / "y.db"), "done", "999")
    assert result.returncode == 3
    assert "no suggestion with id 999" in result.stderr
    assert "Traceback" not in result.stderr
