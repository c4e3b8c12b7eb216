"""The quality evaluation on the real advice networks (../shared/data)."""

from pathlib import Path

import pytest

from altruist.eval.networks import load_networks
from altruist.eval.rounds import build_members, evaluate_folder, format_report


@pytest.mark.realdata
def test_members_from_network_hide_nothing_they_should_not_see(realdata: Path) -> None:
    [law] = load_networks(realdata / "sna-professional-advice-networks", only="law_advice")
    visible = set(law.edges[: len(law.edges) // 2])
    members = build_members(law, visible)
    assert len(members) == law.n_nodes == 71
    first = members[0]
    assert "partner" in first.offers and first.needs.startswith("advice from")
    # "met" lists exactly the visible ties of the first lawyer, in either direction.
    expected = {f"n{t}@net" for s, t in visible if s == 0} | {
        f"n{s}@net" for s, t in visible if t == 0
    }
    assert set(first.met) == expected


@pytest.mark.realdata
def test_evaluation_reports_every_advice_network_against_baselines(realdata: Path) -> None:
    report = evaluate_folder(
        realdata / "sna-professional-advice-networks", embedder="fake", splits=1
    )
    names = [row["network"] for row in report["networks"]]
    assert names == ["ht_advice", "law_advice"]
    for row in report["networks"]:
        for key in ("altruist", "tag_overlap", "random", "base_rate"):
            assert 0.0 <= row[key] <= 1.0
        # Random pairing can only find hidden ties at about their base rate.
        assert row["random"] == pytest.approx(row["base_rate"], abs=0.1)
    assert "law_advice" in format_report(report)


@pytest.mark.realdata
def test_cli_eval_json(realdata: Path) -> None:
    import json

    from typer.testing import CliRunner

    from altruist.cli.main import app

    result = CliRunner().invoke(
        app,
        [
            "--embedder",
            "fake",
            "rounds",
            "eval",
            "--data",
            str(realdata / "sna-professional-advice-networks"),
            "--splits",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["networks"]
    assert {row["network"] for row in rows} == {"ht_advice", "law_advice"}
