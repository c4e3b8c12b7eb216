"""`altruist eval understand` (issue 15): figures per statements.jsonl, per method."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.errors import AltruistError
from altruist.eval.understand import METHODS, Statement, evaluate, load_file, score

ROWS = [
    {"id": "a", "text": "We're hiring two Rust developers in Leipzig", "intents": ["hire"]},
    {"id": "b", "text": "Suche eine neue Stelle als Buchhalterin", "intents": ["job"]},
    {
        "id": "c",
        "text": "Freelance designer, open for projects",
        "intents": ["freelancer", "customers"],
    },
]


def _write(folder: Path, rows: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "statements.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_accuracy_accepts_any_listed_label_and_balances_over_primary_labels() -> None:
    statements = [
        Statement("1", "x", ("hire",)),
        Statement("2", "x", ("hire",)),
        Statement("3", "x", ("hire",)),
        Statement("4", "x", ("job", "freelancer")),
    ]
    result = score(["hire", "hire", "none", "freelancer"], statements)
    assert result.accuracy == 0.75
    assert result.per_label == {"hire": 2 / 3, "job": 1.0}
    assert result.balanced_accuracy == pytest.approx((2 / 3 + 1.0) / 2)


def test_a_broken_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "x", [ROWS[0]])
    path.write_text(path.read_text() + '{"id": "z", "text": "no labels"}\n', encoding="utf-8")
    with pytest.raises(AltruistError, match=r"statements.jsonl:2"):
        load_file(path)


def test_every_file_below_the_folder_is_scored_by_every_method(tmp_path: Path) -> None:
    _write(tmp_path / "en", ROWS)
    _write(tmp_path / "de", ROWS[1:])
    results = evaluate(tmp_path, None)
    assert [(name, n) for name, n, _ in results] == [("de", 2), ("en", 3)]
    assert all(set(methods) == set(METHODS) for _, _, methods in results)


def test_cli_json_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALTRUIST_EMBEDDER", "fake")
    _write(tmp_path / "mine", ROWS)
    out = CliRunner().invoke(app, ["eval", "understand", "--data", str(tmp_path), "--json"])
    assert out.exit_code == 0, out.output
    [entry] = json.loads(out.stdout)
    assert entry["dataset"] == "mine" and entry["n"] == 3
    assert set(entry["methods"]) == {"altruist", "keywords", "before"}
    for figures in entry["methods"].values():
        assert set(figures) == {"accuracy", "balanced_accuracy", "per_label"}
        assert set(figures["per_label"]) == {"hire", "job", "freelancer"}
