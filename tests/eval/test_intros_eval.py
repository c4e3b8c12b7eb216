"""Network loaders on the real files, the protocol's metrics, and `altruist eval intros`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.errors import ConfigError, ImportError_
from altruist.eval.intros import (
    METHODS,
    evaluate_network,
    fast_auc,
    mean_reciprocal_rank,
    numeric_attributes,
    split_ties,
)
from altruist.eval.metrics import auc, rank_by_score, reciprocal_rank
from altruist.eval.networks import load_networks

pytestmark = pytest.mark.realdata

# --------------------------------------------------------------------------- real files


def test_law_networks_load_with_each_other_as_context(realdata: Path) -> None:
    nets = {n.name: n for n in load_networks(realdata / "sna-professional-advice-networks")}
    assert set(nets) == {
        "eies_messages",
        "eies_relations",
        "ht_advice",
        "law_advice",
        "law_cowork",
        "law_friends",
    }
    advice = nets["law_advice"]
    assert advice.n_nodes == 71
    assert len(advice.edges) == 892
    assert set(advice.context) == {"law_cowork", "law_friends"}
    assert len(advice.context["law_cowork"]) == 1104
    assert len(advice.context["law_friends"]) == 575
    # SOURCE.txt: the first 36 lawyers are partners (status 1), offices are 1..3.
    status = advice.attributes["status"]
    assert {status[i] for i in range(36)} == {("1",)}
    assert status[36] == ("2",)
    assert {v for cell in advice.attributes["office"] for v in cell} == {"1", "2", "3"}
    assert nets["ht_advice"].n_nodes == 21 and len(nets["ht_advice"].edges) == 190
    assert nets["ht_advice"].context == {}
    # eies_messages has self-loops in the file; they are dropped.
    assert len(nets["eies_messages"].edges) == 440
    assert set(nets["eies_messages"].context) == {"eies_relations"}
    assert numeric_attributes(advice) == {"seniority", "age"}


def test_snap_email_loads_crlf_edge_list_with_departments(realdata: Path) -> None:
    (email,) = load_networks(realdata / "snap-email-eu-core")
    assert email.name == "email-Eu-core"
    assert email.n_nodes == 1005
    assert len(email.edges) == 24929  # SOURCE.txt: distinct non-loop pairs
    departments = email.attributes["department"]
    assert len({c[0] for c in departments}) == 42
    assert departments[email.node_ids.index("0")] == ("1",)
    assert numeric_attributes(email) == set()


def test_data_root_finds_networks_in_subfolders(realdata: Path) -> None:
    names = {n.name for n in load_networks(realdata)}
    assert {"law_advice", "email-Eu-core", "ht_advice"} <= names
    (only,) = load_networks(realdata, "ht_advice")
    assert only.name == "ht_advice"
    with pytest.raises(ConfigError, match=r"no network named 'nope'; found: .*law_advice"):
        load_networks(realdata, "nope")


# --------------------------------------------------------------------------- bad files


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


def test_unknown_node_in_edges_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path / "x_nodes.csv", "id,city\n1,Berlin|Hamburg\n2,\n")
    _write(tmp_path / "x_edges.csv", "source,target\n1,2\n2,9\n")
    with pytest.raises(ImportError_, match=r"x_edges\.csv:3: unknown node id '9'"):
        load_networks(tmp_path)


def test_multi_valued_cells_and_missing_values(tmp_path: Path) -> None:
    _write(tmp_path / "x_nodes.csv", "id,city\n1,Berlin|Hamburg\n2,NA\n3,Berlin\n")
    _write(tmp_path / "x_edges.csv", "source,target\n1,2\n2,1\n3,3\n")
    (net,) = load_networks(tmp_path)
    assert net.attributes["city"] == (("Berlin", "Hamburg"), (), ("Berlin",))
    assert net.edges == ((0, 1), (1, 0))  # reciprocal kept, self-loop dropped


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ("name,city\n1,B\n", r"x_nodes\.csv:1: no 'id' column"),
        ("id,city\n1,B\n1,C\n", r"x_nodes\.csv:3: duplicate id '1'"),
        ("id,city\n1,B,extra\n", r"x_nodes\.csv:2: 3 cells, header has 2"),
    ],
)
def test_bad_node_files(tmp_path: Path, nodes: str, message: str) -> None:
    _write(tmp_path / "x_nodes.csv", nodes)
    _write(tmp_path / "x_edges.csv", "source,target\n")
    with pytest.raises(ImportError_, match=message):
        load_networks(tmp_path)


def test_snap_layout_with_crlf_and_a_broken_line(tmp_path: Path) -> None:
    _write(tmp_path / "mail.txt", "0 1\r\n1 2\r\n2 0")
    _write(tmp_path / "mail-team-labels.txt", "0 a\r\n1 a\r\n2 b")
    (net,) = load_networks(tmp_path)
    assert net.node_ids == ("0", "1", "2")
    assert net.attributes["team"] == (("a",), ("a",), ("b",))
    _write(tmp_path / "mail.txt", "0 1\r\n1 2 3\r\n")
    with pytest.raises(ImportError_, match=r"mail\.txt:2: expected two"):
        load_networks(tmp_path)


def test_non_utf8_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "x_nodes.csv").write_bytes("id,city\n1,K\xf6ln\n".encode("latin-1"))
    _write(tmp_path / "x_edges.csv", "source,target\n")
    with pytest.raises(ImportError_, match=r"x_nodes\.csv: not UTF-8"):
        load_networks(tmp_path)


def test_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="no networks found"):
        load_networks(tmp_path)


# --------------------------------------------------------------------------- metrics


def test_fast_auc_equals_the_reference_implementation_with_ties() -> None:
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 5, size=300).astype(float)
    labels = rng.random(300) < 0.3
    assert fast_auc(scores, labels) == pytest.approx(auc(scores[labels], scores[~labels]))
    assert fast_auc(np.array([3.0, 2.0, 1.0]), np.array([True, False, False])) == 1.0
    assert fast_auc(np.array([1.0, 2.0, 3.0]), np.array([True, False, False])) == 0.0


def test_mrr_equals_reciprocal_rank_over_each_persons_candidates() -> None:
    rng = np.random.default_rng(1)
    n = 12
    scores = rng.random((n, n))
    candidate = rng.random((n, n)) < 0.7
    relevant = candidate & (rng.random((n, n)) < 0.2)
    expected = []
    for row in range(n):
        cols = [int(c) for c in np.flatnonzero(candidate[row])]
        rel = {c for c in cols if relevant[row, c]}
        if rel:
            ranked = rank_by_score(cols, [float(scores[row, c]) for c in cols])
            expected.append(reciprocal_rank(ranked, rel))
    got = mean_reciprocal_rank(scores, candidate, relevant, seed=0)
    assert got == pytest.approx(float(np.mean(expected)))


def test_split_hides_thirty_percent_of_unordered_ties_in_both_directions() -> None:
    edges = np.array([(a, b) for a in range(10) for b in range(10) if a != b and (a + b) % 3])
    visible, hidden = split_ties(edges, seed=4)
    pairs = {tuple(sorted(e)) for e in edges.tolist()}
    hidden_set = {tuple(p) for p in hidden.tolist()}
    assert len(hidden_set) == round(0.3 * len(pairs))
    assert not any(tuple(sorted(e)) in hidden_set for e in visible.tolist())
    assert {tuple(sorted(e)) for e in visible.tolist()} | hidden_set == pairs


def test_altruist_beats_adamic_adar_on_law_advice(realdata: Path) -> None:
    (advice,) = load_networks(realdata / "sna-professional-advice-networks", "law_advice")
    result = evaluate_network(advice, seeds=(0,))
    assert set(result) == set(METHODS)
    assert result["altruist"].auc > result["adamic_adar"].auc
    assert result["altruist"].mrr > result["adamic_adar"].mrr


# --------------------------------------------------------------------------- CLI


def test_cli_json_shape_on_one_small_real_network(realdata: Path) -> None:
    folder = realdata / "sna-professional-advice-networks"
    out = CliRunner().invoke(
        app, ["eval", "intros", "--data", str(folder), "--network", "ht_advice", "--json"]
    )
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    assert [entry["dataset"] for entry in payload] == ["ht_advice"]
    methods = payload[0]["methods"]
    assert set(methods) == set(METHODS)
    for figures in methods.values():
        assert set(figures) == {"auc", "mrr"}
        assert 0.0 <= figures["auc"] <= 1.0 and 0.0 < figures["mrr"] <= 1.0


def test_cli_table_names_the_network_and_methods(realdata: Path) -> None:
    folder = realdata / "sna-professional-advice-networks"
    out = CliRunner().invoke(
        app, ["eval", "intros", "--data", str(folder), "--network", "ht_advice"]
    )
    assert out.exit_code == 0, out.output
    assert "ht_advice" in out.stdout and "adamic_adar" in out.stdout
