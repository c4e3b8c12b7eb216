"""`altruist questions` and `altruist expertise` as a user types them, on the demo network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "demo.db")
    built = CliRunner().invoke(app, ["--db", db, "--embedder", "fake", "demo", "--people", "120"])
    assert built.exit_code == 0, built.output
    return db


def _run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", db, "--embedder", "fake", *args])
    return result.exit_code, result.output + (
        str(result.exception or "") if result.exit_code else ""
    )


def test_questions_lists_answers_and_forwards_best_first(demo_db: str) -> None:
    code, output = _run(demo_db, "questions", "--json", "--limit", "50")
    assert code == 0, output
    items = json.loads(output)
    kinds = {item["kind"] for item in items}
    assert kinds == {"answer", "forward"}
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    answers = [item for item in items if item["kind"] == "answer"]
    assert all(item["group"] and item["post_id"] and item["reason"] for item in answers)
    code, table = _run(demo_db, "questions", "--limit", "3")
    assert code == 0 and "altruist done" in table  # the hint, in the demo user's language


def test_done_question_leaves_the_list(demo_db: str) -> None:
    first = json.loads(_run(demo_db, "questions", "--json")[1])[0]
    assert _run(demo_db, "done", str(first["id"]))[0] == 0
    after = json.loads(_run(demo_db, "questions", "--json", "--limit", "100")[1])
    assert first["id"] not in {item["id"] for item in after}


def test_expertise_shows_sets_reads_a_cv_and_clears(demo_db: str, tmp_path: Path) -> None:
    code, output = _run(demo_db, "expertise", "--json")
    assert code == 0, output
    shown = json.loads(output)
    assert "PostgreSQL" in shown["expertise"]
    assert shown["my_posts"] > 0 and shown["my_top_tags"]
    cv = tmp_path / "cv.txt"
    cv.write_text("Kubernetes-Betrieb; Terraform und AWS.\n", encoding="utf-8")
    code, output = _run(demo_db, "expertise", "--file", str(cv), "--json")
    assert code == 0, output
    assert json.loads(output)["topics"] == ["Kubernetes-Betrieb", "Terraform und AWS"]
    code, output = _run(demo_db, "expertise", "--clear", "--json")
    assert json.loads(output)["expertise"] == ""
    assert _run(demo_db, "expertise", "--set", "Statistics with R", "--json")[0] == 0


def test_expertise_rejects_a_binary_file_and_keeps_the_old_text(
    demo_db: str, tmp_path: Path
) -> None:
    _run(demo_db, "expertise", "--set", "SQL tuning")
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"%PDF-1.7\xff\xfe\x00")
    code, output = _run(demo_db, "expertise", "--file", str(bad))
    assert code != 0
    assert str(bad) in output and "UTF-8" in output
    assert json.loads(_run(demo_db, "expertise", "--json")[1])["expertise"] == "SQL tuning"
    code, output = _run(demo_db, "expertise", "--set", "x", "--clear")
    assert code != 0 and "--set and --clear" in output


def test_unknown_command_is_a_usage_error_not_a_traceback() -> None:
    env = {**os.environ, "ALTRUIST_EMBEDDER": "fake"}
    result = subprocess.run(
        [sys.executable, "-m", "altruist", "no-such-command"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "No such command" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_in_square_brackets_prints_as_typed(demo_db: str) -> None:
    # Rich would take "[bold]" or "[gelöst]" for styles; user text must print verbatim.
    code, output = _run(demo_db, "expertise", "--set", "[gelöst] SQL [bold]tuning[/bold]")
    assert code == 0, output
    assert "[gelöst] SQL [bold]tuning[/bold]" in output
