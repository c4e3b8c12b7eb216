"""`altruist eval questions` / `eval routing`: the protocol pieces and the CLI's JSON on a real dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.eval.routing import earlier_answerers
from altruist.eval.stackexchange import load_dump, temporal_split


@pytest.mark.realdata
def test_earlier_answerers_use_only_the_past(realdata: Path) -> None:
    split = temporal_split(load_dump(realdata / "se-beer-2014-2017"))
    people = earlier_answerers(split)
    assert sum(p.answers for p in people) == len(split.past_answers)
    assert all(p.last_active is not None and p.last_active < split.cut for p in people)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("command", "methods", "metrics"),
    [
        (
            "questions",
            {"altruist", "tag_overlap", "newest_first", "random"},
            {"map", "ndcg@10", "p@5"},
        ),
        ("routing", {"altruist", "popularity", "tag_overlap"}, {"mrr", "p@1", "ndcg@3", "r@5"}),
    ],
)
def test_cli_json_shape_on_a_real_dump(
    realdata: Path, command: str, methods: set[str], metrics: set[str]
) -> None:
    # The fake embedder keeps this fast; the real model is exercised in the ranker's tests.
    args = [
        "--embedder",
        "fake",
        "eval",
        command,
        "--data",
        str(realdata / "se-coffee-2015-early"),
        "--json",
    ]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    payload = json.loads(first.output)
    assert payload["dataset"] == "se-coffee-2015-early"
    assert payload["n"] > 0
    assert set(payload["methods"]) == methods
    for values in payload["methods"].values():
        assert set(values) == metrics
        assert all(0.0 <= v <= 1.0 for v in values.values())
    again = CliRunner().invoke(app, args)
    assert json.loads(again.output) == payload  # deterministic: exact expectations over ties


@pytest.mark.realdata
def test_cli_table_and_bad_folder(realdata: Path, tmp_path: Path) -> None:
    ok = CliRunner().invoke(
        app,
        ["--embedder", "fake", "eval", "routing", "--data", str(realdata / "se-coffee-2015-early")],
    )
    assert ok.exit_code == 0 and "popularity" in ok.output
    bad = CliRunner().invoke(
        app, ["--embedder", "fake", "eval", "routing", "--data", str(tmp_path)]
    )
    assert bad.exit_code != 0
    assert "no se-*/Posts.xml" in str(bad.exception)
