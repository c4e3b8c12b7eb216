"""`altruist groups …` end to end: a real database file and the local fixture server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from tests.feeds.server import FixtureServer

FEED = (
    b"<rss version='2.0'><channel><title>G</title><item><guid>1</guid><title>Q?</title>"
    b"<author>me@x.org</author></item></channel></rss>"
)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # No config file of the machine may leak into the test.
    monkeypatch.setenv("ALTRUIST_CONFIG", str(tmp_path / "none.toml"))
    runner = CliRunner()
    db = str(tmp_path / "cli.db")

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["--db", db, *args], catch_exceptions=False)
        return result.exit_code, result.output

    return invoke


def test_add_fetch_list_remove(run, server: FixtureServer) -> None:  # type: ignore[no-untyped-def]
    server.route("/feed.xml", FEED)
    code, out = run(
        "groups", "add", server.url("/feed.xml"), "--name", "Python DE", "--account", "me@x.org"
    )
    assert code == 0 and "Added group 1: Python DE (rss)" in out

    code, out = run("groups", "fetch", "--json")
    report = json.loads(out)
    assert code == 0 and report["new"] == 1 and report["sources"][0]["status"] == "ok"

    code, out = run("groups", "--json")
    (listed,) = json.loads(out)
    assert (listed["name"], listed["posts"], listed["open_questions"], listed["mine"]) == (
        "Python DE",
        1,
        1,
        1,
    )
    assert listed["last_fetched_at"] and listed["last_error"] is None

    code, out = run("groups")
    assert code == 0 and "Python DE" in out

    code, out = run("groups", "fetch")  # the table, with a progress bar on stderr
    assert code == 0 and "Python DE" in out

    code, out = run("groups", "remove", "1")
    assert code == 0 and "Removed group 1" in out
    assert json.loads(run("groups", "--json")[1]) == []


def test_fetch_exits_non_zero_only_when_all_fail(run, server: FixtureServer) -> None:  # type: ignore[no-untyped-def]
    server.route("/ok.xml", FEED)
    run("groups", "add", server.url("/gone.xml"))
    code, out = run("groups", "fetch", "--json")
    assert code == 6 and "HTTP 404" in json.loads(out)["sources"][0]["error"]
    run("groups", "add", server.url("/ok.xml"))
    code, out = run("groups", "fetch", "--json")
    assert code == 0 and json.loads(out)["failed"] == 1


def test_add_rejects_duplicates_and_unknown_kinds(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from altruist.errors import AltruistError

    feed = tmp_path / "f.xml"
    feed.write_bytes(FEED)
    assert run("groups", "add", str(feed))[0] == 0
    with pytest.raises(AltruistError, match="already has"):
        run("groups", "add", str(feed))
    with pytest.raises(AltruistError, match="unknown kind 'usenet'"):
        run("groups", "add", str(feed), "--kind", "usenet")
