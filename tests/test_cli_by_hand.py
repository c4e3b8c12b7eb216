"""`altruist person add|edit|delete|log` and `altruist remind add|list|done` as a user types
them (issue 16), in real processes on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _altruist(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALTRUIST_EMBEDDER": "fake"}
    return subprocess.run(
        [sys.executable, "-m", "altruist", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _ok(db: Path, *args: str) -> str:
    result = _altruist(db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_person_add_edit_log_delete(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    anna = json.loads(
        _ok(db, "person", "add", "--name", "Anna Schmidt", "--email", "anna@example.org", "--json")
    )
    assert anna["outcome"] == "added"
    # Same address, another name: a second person, never fused with Anna.
    peter = json.loads(
        _ok(db, "person", "add", "--name", "Peter Schmidt", "--email", "anna@example.org", "--json")
    )
    assert peter["id"] != anna["id"]

    bad = _altruist(db, "person", "add", "--name", "X", "--email", "x@", "--phone", "nope")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "--email" in bad.stderr and "--phone" in bad.stderr

    _ok(db, "person", "edit", str(anna["id"]), "--company", "Acme GmbH", "--birthday", "05.12.1975")
    _ok(db, "person", "log", str(anna["id"]), "--kind", "call", "--note", "Über Köln gesprochen")
    future = _altruist(db, "person", "log", str(anna["id"]), "--date", "2999-01-01")
    assert future.returncode != 0 and "--date" in future.stderr

    shown = json.loads(_ok(db, "person", str(anna["id"]), "--json"))  # `person ID` still shows
    assert shown["company"] == "Acme GmbH" and shown["birthday"] == "1975-12-05"
    sources = {(f["name"], f["source_file"]) for f in shown["fields"]}
    assert ("company", "manual") in sources and ("birthday", "manual") in sources

    deleted = _ok(db, "person", "delete", str(peter["id"]), "--yes")
    assert "Peter Schmidt" in deleted and "identities: 1" in deleted
    gone = _altruist(db, "person", str(peter["id"]))
    assert gone.returncode != 0 and f"no person with id {peter['id']}" in gone.stderr


def test_remind_add_list_done_and_today(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    person = json.loads(_ok(db, "person", "add", "--name", "Ida Berg", "--json"))
    _ok(
        db,
        "remind",
        "add",
        "Ida anrufen",
        "--every",
        "2",
        "--unit",
        "weeks",
        "--person",
        str(person["id"]),
    )
    _ok(db, "remind", "add", "Steuer", "--on", "01.01.2100")
    wrong = _altruist(db, "remind", "add", "x", "--every", "0", "--unit", "weeks")
    assert wrong.returncode != 0 and "--every" in wrong.stderr

    listed = json.loads(_ok(db, "remind", "list", "--json"))
    assert [r["text"] for r in listed] == ["Ida anrufen", "Steuer"]
    today = json.loads(_ok(db, "today", "--json"))
    assert [t["title"] for t in today if t["kind"] == "reminder"] == ["Ida Berg: Ida anrufen"]

    _ok(db, "remind", "done", str(listed[0]["id"]))
    after = json.loads(_ok(db, "remind", "list", "--json"))
    assert after[0]["text"] == "Ida anrufen" and after[0]["due_on"] > listed[0]["due_on"]
    assert not [t for t in json.loads(_ok(db, "today", "--json")) if t["kind"] == "reminder"]
