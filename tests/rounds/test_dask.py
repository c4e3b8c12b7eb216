"""The same round on a real local Dask cluster (two worker processes) gives the same pairs."""

from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from altruist.engine.rounds.members_csv import read_members_csv
from altruist.engine.rounds.pairing import RoundOptions
from altruist.engine.rounds.plan import plan_round
from altruist.engine.rounds.synthetic import generate_members
from altruist.store import open_store


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local.scheduler_address


def write_members(path: Path, n: int) -> Path:
    lines = ["name,email,language,needs,offers,company"]
    for m in generate_members(n, seed=3):
        cells = [m.name, m.email, m.language, m.needs, m.offers, m.company or ""]
        lines.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("method", "ivf_from"), [("approx", 10**9), ("approx", 1), ("exact", 10**9)]
)
def test_dask_round_equals_single_process(
    cluster: str, tmp_path: Path, method: str, ivf_from: int
) -> None:
    n = 700 if method == "approx" else 120  # approx: two brute-force blocks, or IVF groups
    members = write_members(tmp_path / "members.csv", n)
    options = RoundOptions(
        per_person=2, method=method, exclude_same_company=True, ivf_min_members=ivf_from
    )
    results = []
    for backend in ("local", "dask"):
        store = open_store(f"sqlite:///{tmp_path / backend}.db")  # own cache: dask embeds too
        results.append(
            plan_round(
                store,
                members,
                options=options,
                embedder="fake",
                dask_address=cluster if backend == "dask" else None,
            )
        )
        store.dispose()
    local, dask = results
    assert dask.stats["runner"] == "dask" and local.stats["runner"] == "local"
    assert len(local.pairs) > n // 2
    assert [(p.a, p.b, p.score) for p in dask.pairs] == [(p.a, p.b, p.score) for p in local.pairs]
    assert len(read_members_csv(members).members) == n
