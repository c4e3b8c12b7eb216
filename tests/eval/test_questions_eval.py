"""`altruist eval questions` / `eval routing`: the protocol pieces and the CLI's JSON on a real dump."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.engine.memo_embedder import MemoEmbedder
from altruist.eval.questions import evaluate_questions
from altruist.eval.routing import earlier_answerers
from altruist.eval.stackexchange import SEAnswer, SEDump, SEQuestion, load_dump, temporal_split
from altruist.understand.embedder import FakeEmbedder, UseEmbedder


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
    assert "no dump folders (*/Posts.xml)" in str(bad.exception)


@pytest.mark.realdata
def test_altruist_beats_tag_overlap_on_beer_with_the_real_model(realdata: Path) -> None:
    # The real multilingual model on a real dump: the ranker must beat Stack Exchange's own
    # "questions in my tags" and a random ranking on MAP (docs/eval-questions.md).
    split = temporal_split(load_dump(realdata / "se-beer-2014-2017"))
    result = evaluate_questions(split, MemoEmbedder(UseEmbedder()))
    maps = {method: values["map"] for method, values in result.methods.items()}
    assert result.n > 10
    assert maps["altruist"] > maps["tag_overlap"]
    assert maps["altruist"] > maps["random"]


def _question(qid: int, owner: int, day: int, tags: tuple[str, ...]) -> SEQuestion:
    return SEQuestion(
        qid, f"question {qid}", "body", tags, DAY0 + timedelta(days=day), owner, None, 0, qid
    )


def _answer(aid: int, parent: int, owner: int, day: int) -> SEAnswer:
    return SEAnswer(aid, parent, DAY0 + timedelta(days=day), owner, aid)


DAY0 = datetime(2016, 1, 1, tzinfo=UTC)


def test_people_who_only_answered_their_own_pool_questions_are_not_counted() -> None:
    # Ten questions, the last two form the pool. Person 7 answered three earlier questions and, in
    # the pool, only their own; person 8 did the same but also answered someone else's.
    questions = [_question(i, 1, i, ("t",)) for i in range(8)]
    questions += [_question(8, 7, 8, ("t",)), _question(9, 2, 9, ("t",))]
    answers = [_answer(100 + i, i, owner, i) for owner in (7, 8) for i in range(3)]
    answers += [_answer(200, 8, 7, 8), _answer(201, 8, 8, 8), _answer(202, 9, 8, 9)]
    dump = SEDump("tiny", Path("tiny/Posts.xml"), questions, answers)
    result = evaluate_questions(temporal_split(dump), FakeEmbedder())
    assert result.n == 1


TINY = """<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" PostTypeId="1" CreationDate="2016-01-01T00:00:00.000" OwnerUserId="5"
       Title="How do I brew?" Body="help" Tags="&lt;brewing&gt;" AnswerCount="1" />
  <row Id="2" PostTypeId="2" ParentId="1" CreationDate="2016-01-02T00:00:00.000" OwnerUserId="6"
       Body="like so" />
  <row Id="3" PostTypeId="1" CreationDate="2016-01-03T00:00:00.000" OwnerUserId="5"
       Title="Which yeast?" Body="?" Tags="&lt;yeast&gt;" AnswerCount="0" />
</posts>
"""


@pytest.mark.parametrize("command", ["questions", "routing"])
def test_a_dump_without_cases_reports_every_method_as_unmeasured(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "Posts.xml").write_text(TINY, encoding="utf-8")
    base = ["--embedder", "fake", "eval", command, "--data", str(tmp_path)]
    shown = CliRunner().invoke(app, [*base, "--json"])
    assert shown.exit_code == 0, shown.output
    payload = json.loads(shown.output)
    assert payload["n"] == 0
    assert "altruist" in payload["methods"] and "tag_overlap" in payload["methods"]
    assert all(v is None for values in payload["methods"].values() for v in values.values())
    table = CliRunner().invoke(app, base)
    assert table.exit_code == 0, table.output
    assert "no case to measure" in table.output
