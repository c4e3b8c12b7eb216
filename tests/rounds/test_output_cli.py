import csv
import email
import email.policy
import json
from pathlib import Path

from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.engine.rounds.model import Match, Member, Pair, RoundResult
from altruist.engine.rounds.output import draft_for, write_eml, write_pairs_csv

from .test_plan_store import MEMBERS


def result_with(lang_a: str, lang_b: str) -> RoundResult:
    members = [
        Member("anna@example.org", "Anna Schmidt", lang_a, "Mentor für ML", "Investoren"),
        Member("ben@example.org", "Ben Miller", lang_b, "investors", "ML mentoring"),
    ]
    pair = Pair(
        0,
        1,
        0.61,
        Match("Mentor für ML", "ML mentoring", 0.7),
        Match("investors", "Investoren", 0.5),
    )
    return RoundResult("alumni", "march", members, [pair], [])


def test_drafts_follow_the_members_languages() -> None:
    subject, body = draft_for(result_with("de", "de"), result_with("de", "de").pairs[0])
    assert subject.startswith("Vorstellung") and "Hallo Anna, hallo Ben" in body
    assert "Hello" not in body
    subject, body = draft_for(result_with("en", "en"), result_with("en", "en").pairs[0])
    assert subject.startswith("Introduction") and "Hallo" not in body
    mixed = result_with("de", "en")
    _, body = draft_for(mixed, mixed.pairs[0])
    assert body.index("Hallo") < body.index("Hello")
    assert "Anliegen von Anna Schmidt: „Mentor für ML“ – Ben Miller bietet: „ML mentoring“" in body


def test_csv_and_eml_files(tmp_path: Path) -> None:
    result = result_with("de", "en")
    write_pairs_csv(result, tmp_path / "pairs.csv")
    with (tmp_path / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["email_a"] == "anna@example.org" and rows[0]["email_b"] == "ben@example.org"
    assert (
        "Anna Schmidt needs “Mentor für ML” – Ben Miller offers “ML mentoring”" in rows[0]["reason"]
    )
    [path] = write_eml(result, tmp_path / "eml", sender="team@alumni.example")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Anna Schmidt <anna@example.org>, Ben Miller <ben@example.org>"
    assert message["From"] == "team@alumni.example"
    body = message.get_content()
    assert "Viele Grüße" in body and "Best wishes" in body


def test_cli_round_with_bad_row_json_and_files(tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS, encoding="utf-8")
    db = tmp_path / "a.db"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "--embedder",
            "fake",
            "rounds",
            str(members),
            "--per-person",
            "1",
            "--round",
            "r1",
            "--out",
            str(tmp_path / "pairs.csv"),
            "--eml-dir",
            str(tmp_path / "m"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pairs"] == 2 and data["round"] == "r1"
    assert data["problems"] == [f"{members}:8: email: missing e-mail address, row skipped"]
    assert len(list((tmp_path / "m").glob("*.eml"))) == 2
    again = runner.invoke(
        app, ["--db", str(db), "--embedder", "fake", "rounds", str(members), "--round", "r1"]
    )
    assert again.exit_code != 0
    assert "already has a round named 'r1'" in str(again.exception)


def test_pairs_csv_for_a_german_organiser_opens_in_german_excel(tmp_path: Path) -> None:
    from altruist.engine.rounds.output import CSV_COLUMNS_DE
    from altruist.i18n import Translator

    write_pairs_csv(result_with("de", "en"), tmp_path / "paare.csv", Translator("de"))
    raw = (tmp_path / "paare.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()), "UTF-8 with a byte-order mark"
    with (tmp_path / "paare.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert list(rows[0]) == CSV_COLUMNS_DE
    assert rows[0]["Grund"].startswith("Anliegen von Anna Schmidt: „Mentor für ML“ – Ben Miller")
    assert "needs" not in rows[0]["Grund"]
