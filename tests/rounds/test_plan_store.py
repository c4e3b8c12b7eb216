"""plan_round end to end on real stores (SQLite file and PostgreSQL)."""

from pathlib import Path

import pytest

from altruist.engine.rounds.pairing import RoundOptions
from altruist.engine.rounds.plan import plan_round
from altruist.errors import ConfigError
from altruist.store import Store
from altruist.store import rounds_repo as repo

MEMBERS = """Name,E-Mail,Language,Needs,Offers,Company,Paused,Met
Anna,anna@example.org,de,help with kubernetes clusters,investor contacts fintech,Acme,,
Ben,ben@example.org,en,investor contacts fintech,kubernetes clusters consulting,Globex,,
Clara,clara@example.org,en,a python mentor,review of cv and cover letters,Acme,,dan@example.org
Dan,dan@example.org,en,review of cv and cover letters,python mentor for beginners,Initech,,
Erik,erik@example.org,en,kubernetes clusters help,python mentor,Acme,yes,
Fay,fay@example.org,en,,,Umbrella,,
,,en,orphan row,no mail,,,
"""


@pytest.fixture
def members_csv(tmp_path: Path) -> Path:
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS, encoding="utf-8")
    return path


def pair_emails(result) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    return {frozenset((result.members[p.a].email, result.members[p.b].email)) for p in result.pairs}


def test_round_is_stored_and_never_repeats(any_store: Store, members_csv: Path) -> None:
    first = plan_round(any_store, members_csv, community="c", embedder="fake")
    assert pair_emails(first) == {
        frozenset(("anna@example.org", "ben@example.org")),
        frozenset(("clara@example.org", "dan@example.org")),
    }
    assert [str(p) for p in first.problems] == [
        f"{members_csv}:8: email: missing e-mail address, row skipped"
    ]
    reasons = {u.reason for u in first.unpaired}
    assert "asked to pause this round" in reasons and "gave no needs and no offers" in reasons
    with any_store.read() as conn:
        stored = repo.round_pairs_by_name(conn, "c", "round 1")
        assert len(repo.list_members(conn, "c")) == 6
    assert {frozenset((r["email_a"], r["email_b"])) for r in stored} == pair_emails(first)
    # The reason names the stronger direction of the Anna–Ben pair; either states a need met.
    reasons_text = " ".join(r["reason"] for r in stored)
    assert (
        "Anna needs “help with kubernetes clusters” – Ben offers" in reasons_text
        or "Ben needs “investor contacts fintech” – Anna offers" in reasons_text
    )

    second = plan_round(any_store, members_csv, community="c", embedder="fake")
    assert second.name == "round 2"
    assert not pair_emails(second) & pair_emails(first)
    # Another community may pair the same people again.
    other = plan_round(any_store, members_csv, community="other", embedder="fake")
    assert pair_emails(other) == pair_emails(first)


def test_exclusions_by_option(any_store: Store, members_csv: Path) -> None:
    result = plan_round(
        any_store,
        members_csv,
        community="x",
        embedder="fake",
        save=False,
        options=RoundOptions(exclude_same_company=True, exclude_met=True, per_person=2),
    )
    emails = pair_emails(result)
    assert frozenset(("clara@example.org", "dan@example.org")) not in emails  # already met
    companies = {m.email: m.company for m in result.members}
    assert all(companies[x] != companies[y] for x, y in map(tuple, emails))
    with any_store.read() as conn:
        assert repo.round_names(conn, "x") == []  # preview stores nothing


def test_duplicate_round_name_is_refused(sqlite_store: Store, members_csv: Path) -> None:
    plan_round(sqlite_store, members_csv, name="march", embedder="fake")
    with pytest.raises(ConfigError, match="already has a round named 'march'"):
        plan_round(sqlite_store, members_csv, name="march", embedder="fake")


def test_failed_store_leaves_nothing(
    sqlite_store: Store, members_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(repo, "add_pairs", broken)
    with pytest.raises(RuntimeError):
        plan_round(sqlite_store, members_csv, embedder="fake")
    with sqlite_store.read() as conn:
        assert repo.list_members(conn, "default") == []
        assert repo.round_names(conn, "default") == []


def test_members_are_updated_not_duplicated(
    sqlite_store: Store, members_csv: Path, tmp_path: Path
) -> None:
    plan_round(sqlite_store, members_csv, embedder="fake")
    changed = tmp_path / "changed.csv"
    changed.write_text(MEMBERS.replace("Anna,anna@", "Anna Maria,anna@"), encoding="utf-8")
    plan_round(sqlite_store, changed, embedder="fake")
    with sqlite_store.read() as conn:
        rows = repo.list_members(conn, "default")
    assert len(rows) == 6
    assert {r["name"] for r in rows if r["email"] == "anna@example.org"} == {"Anna Maria"}
