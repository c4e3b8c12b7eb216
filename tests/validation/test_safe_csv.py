"""Formula-safe CSV (issue 19): cells from member data that a spreadsheet would run as a formula
are written as text, in the rounds' pairs.csv of the CLI and of the web download."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from altruist.engine.rounds.model import Match, Member, Pair, RoundResult
from altruist.engine.rounds.output import write_pairs_csv
from altruist.safe_csv import neutralise
from tests.web.conftest import csrf

EVIL = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tX", "'\tX"),
        ("\rX", "'\rX"),
        ("＝1+1", "'＝1+1"),
        ("Anna", "Anna"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise(cell: object, written: str) -> None:
    assert neutralise(cell) == written


def _no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_cli_pairs_csv_is_formula_safe(tmp_path: Path) -> None:
    members = [
        Member("@evil.example", EVIL, "en", "investors", "ML mentoring"),
        Member("ben@example.org", "+Ben", "en", "ML mentoring", "investors"),
    ]
    pair = Pair(
        0, 1, 0.6, Match("investors", "investors", 0.7), Match("ML mentoring", "ML mentoring", 0.6)
    )
    result = RoundResult("-community", "=round", members, [pair], [])
    write_pairs_csv(result, tmp_path / "pairs.csv")
    with (tmp_path / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    _no_formula(rows)
    assert rows[0]["name_a"] == "'" + EVIL


def test_web_pairs_csv_is_formula_safe(demo_client: TestClient) -> None:
    token = csrf(demo_client)
    members = (
        "Name,E-Mail,Language,Needs,Offers\n"
        f'"{EVIL}",anna@example.org,en,Gardening advice,Marketing for a bakery\n'
        "+Bernd,bernd@example.org,en,Marketing for a bakery,Gardening advice\n"
    )
    preview = demo_client.post(
        "/rounds/preview",
        data={"csrf_token": token, "community": "Alumni", "round_name": "=R", "per_person": "1"},
        files={"members_file": ("m.csv", members.encode(), "text/csv")},
    )
    assert preview.status_code == 200
    form = preview.text[preview.text.index('action="/rounds/save"') :]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form[: form.index("</form>")]))
    fields = {k: v.replace("&#39;", "'").replace("&#34;", '"') for k, v in fields.items()}
    saved = demo_client.post("/rounds/save", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:300]
    round_id = saved.headers["location"].split("saved=")[1].split("#")[0]
    download = demo_client.get(f"/rounds/{round_id}/pairs.csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert rows, download.text
    _no_formula(rows)
    assert "'" + EVIL in {rows[0]["name_a"], rows[0]["name_b"]}
