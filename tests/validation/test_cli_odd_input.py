"""Odd CLI input gives one clear line and a non-zero exit, never a traceback (issue 19). Runs the
real console entry point (`altruist.cli.main.run`) against a real SQLite file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from altruist.cli.main import run
from altruist.domain import Person
from altruist.store import open_store
from altruist.store import people as people_repo

HUGE = "99999999999999999999"  # 20 digits: beyond a 64-bit id


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as conn:
        people_repo.add(conn, Person(name="Ada Weber"))
    store.dispose()
    monkeypatch.setenv("ALTRUIST_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ALTRUIST_EMBEDDER", "fake")
    return path


def _run(db: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["altruist", "--db", str(db), *args])
    with pytest.raises(SystemExit) as exit_info:
        run()
    code = exit_info.value.code
    return code if isinstance(code, int) else 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("snooze", HUGE), "suggestion_id"),
        (("done", HUGE), "suggestion_id"),
        (("snooze", "1", "--days", "99999999999"), "--days"),
        (("person", HUGE), "person_id"),
        (("cadence", HUGE, "3"), "person_id"),
        (("cadence", "1", "999999999"), "3650"),
        (("care-settings", "--tier", "close=²"), "close"),
        (("care-settings", "--tier", "close=100000000000000000000"), "3650"),
        (("unmerge", HUGE), "merge_id"),
        (("export", "ics", "--days", "999999999999"), "--days"),
    ],
)
def test_odd_cli_values_give_a_message_not_a_traceback(
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    says: str,
) -> None:
    code = _run(db, monkeypatch, *args)
    out = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in out.err + out.out
    # An argument is named as the help names it (PERSON_ID), in the user's language.
    assert says.casefold() in (out.err + out.out).casefold()


def test_cadence_in_range_is_saved(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["altruist", "--db", str(db), "cadence", "1", "3650"])
    run()
    assert "every 3650 days" in capsys.readouterr().out
