"""`altruist understand`, `altruist intros` and `altruist intro …` through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from altruist.agenda import refresh
from altruist.cli.main import app
from altruist.clock import Clock
from altruist.store import open_store
from tests.helpers import demo_engine

runner = CliRunner()


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), "--embedder", "fake", *args])
    return result.exit_code, result.output


def test_understand_intros_and_a_whole_introduction(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "cli.db"
    store = open_store(f"sqlite:///{db}")
    refresh(demo_engine(store, clock, people=60))
    store.dispose()

    code, out = _run(db, "understand", "--json")
    assert code == 0, out
    counts = json.loads(out)
    assert counts["derived"] == counts["written"] > 0
    assert counts["derived_needs"] + counts["derived_offers"] == counts["derived"]

    code, out = _run(db, "intros", "--json")
    assert code == 0, out
    listing = json.loads(out)
    assert listing["in-progress"] == [] and listing["done"] == []
    first = listing["suggested"][0]
    assert first["reason"] and len(first["person_ids"]) == 2

    code, out = _run(db, "intro", "start", str(first["suggestion_id"]), "--json")
    assert code == 0, out
    started = json.loads(out)
    iid = started["id"]
    assert started["state"] == "suggested"
    assert started["next_draft"]["step"] == "ask_first"
    assert started["next_draft"]["mailto"].startswith("mailto:")

    for command in ("ask-first", "agreed", "ask-second", "agreed", "introduce"):
        code, out = _run(db, "intro", command, str(iid))
        assert code == 0, (command, out)
    code, out = _run(db, "intro", "outcome", str(iid), "no-fit")
    assert code == 0, out
    code, out = _run(db, "intro", "show", str(iid), "--json")
    assert json.loads(out)["state"] == "no_fit"

    code, out = _run(db, "intros", "--json", "--state", "done")
    assert [i["id"] for i in json.loads(out)["done"]] == [iid]
    code, out = _run(db, "intros", "--json", "--state", "suggested")
    assert first["suggestion_id"] not in [s["suggestion_id"] for s in json.loads(out)["suggested"]]


def test_invalid_steps_exit_with_the_transition_code(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "cli.db"
    store = open_store(f"sqlite:///{db}")
    refresh(demo_engine(store, clock, people=60))
    store.dispose()
    code, out = _run(db, "intros", "--json", "--state", "suggested")
    suggestion = json.loads(out)["suggested"][0]
    a, b = suggestion["person_ids"]
    code, out = _run(db, "intro", "start", "--a", str(b), "--b", str(a), "--json")
    assert code == 0, out
    iid = json.loads(out)["id"]
    result = runner.invoke(
        app, ["--db", str(db), "--embedder", "fake", "intro", "introduce", str(iid)]
    )
    assert result.exit_code != 0
    assert "cannot introduce" in str(result.exception)
    code, out = _run(db, "intro", "decline", str(iid), "--by", str(b))
    assert code == 0, out
    code, out = _run(db, "intro", "show", str(iid), "--json")
    assert json.loads(out)["state"] == "declined"
    code, out = _run(db, "intros", "--state", "bogus")
    assert code != 0
