"""The LinkedIn data download as the ZIP LinkedIn sends (issue 13): connections, messages and
invitations imported from inside it, the user's own Profile/Positions/Skills filling "me", and
hostile archives refused. The network files are the real redacted exports from shared/data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from altruist.cli.main import app
from altruist.clock import Clock
from altruist.errors import ImportError_
from altruist.ingest.importer import import_file
from altruist.ingest.people_view import list_people, person_detail
from altruist.store import Store, settings_repo
from altruist.store import people as people_repo

PROFILE = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    'Kim,Berger,,,"Jun 14, 1990","Data Engineer | Python, SQL, Airflow",'
    '"Ich baue Datenplattformen für den Mittelstand.",IT Services and IT Consulting,,'
    '"Berlin, Berlin, Germany",,,\n'
)
POSITIONS = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    'Datenwerk GmbH,Data Engineer,"Airflow, dbt",Berlin,Mar 2021,\n'
    "Stadtwerke Bochum,Werkstudent BI,,Bochum,Oct 2018,Feb 2021\n"
)
SKILLS = "Name\nPython\nSQL\nApache Airflow\n"


def _zip(tmp_path: Path, realdata: Path, extra: dict[str, bytes] | None = None) -> Path:
    folder = realdata / "linkedin-export-formats"
    members = {
        "Connections.csv": (folder / "2024-12_Connections_redacted.csv").read_bytes(),
        "messages.csv": (folder / "2024-12_messages_redacted.csv").read_bytes(),
        "Invitations.csv": (folder / "2024-12_Invitations_redacted.csv").read_bytes(),
        "Profile.csv": PROFILE.encode(),
        "Positions.csv": POSITIONS.encode(),
        "Skills.csv": SKILLS.encode(),
        "Ad_Targeting.csv": b"Member Age,Company Names\n25 to 34,Datenwerk\n",
    } | (extra or {})
    path = tmp_path / "Basic_LinkedInDataExport_12-03-2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_imports_network_history_and_own_profile(
    tmp_path: Path, realdata: Path, sqlite_store: Store, clock: Clock
) -> None:
    path = _zip(tmp_path, realdata)
    report = import_file(sqlite_store, path, clock=clock)
    assert {Path(f).name: v["format"] for f, v in report.files.items()} == {
        "Profile.csv": "linkedin-profile",
        "Connections.csv": "linkedin-connections",
        "messages.csv": "linkedin-messages",
        "Invitations.csv": "linkedin-invitations",
    }
    assert any("Ad_Targeting.csv" in s.reason for s in report.skipped)
    people = list_people(sqlite_store, limit=500)
    assert len(people) >= 6
    assert any(p["name"] == "Given014 Family014" for p in people)
    with sqlite_store.read() as conn:
        me = people_repo.me(conn)
        expertise = settings_repo.get(conn, "my_expertise")
    assert me is not None and me.id is not None
    assert (me.name, me.headline, me.position, me.company) == (
        "Kim Berger",
        "Data Engineer | Python, SQL, Airflow",
        "Data Engineer",
        "Datenwerk GmbH",
    )
    assert expertise == "Python; SQL; Apache Airflow"
    fields = {f["name"]: f for f in person_detail(sqlite_store, me.id)["unknown_fields"]}
    assert fields["LinkedIn position 2"]["value"].startswith("Werkstudent BI at Stadtwerke Bochum")
    assert fields["LinkedIn skills"]["source_file"] == f"{path}/Skills.csv"
    again = import_file(sqlite_store, path, clock=clock)
    assert again.added == again.merged == 0
    assert len(person_detail(sqlite_store, me.id)["unknown_fields"]) == len(fields)


def test_cli_and_web_take_the_zip(tmp_path: Path, realdata: Path) -> None:
    path = _zip(tmp_path, realdata)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "cli.db"), "import", str(path)])
    assert result.exit_code == 0, result.stdout
    said = " ".join(result.stdout.split())
    assert "LinkedIn connections" in said and "LinkedIn profile" in said  # the format's name


def test_a_zip_bomb_is_refused(tmp_path: Path, sqlite_store: Store, clock: Clock) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Connections.csv", b"First Name,Last Name,Connected On\n" + b"\0" * 20_000_000)
    with pytest.raises(ImportError_, match="compressed more than"):
        import_file(sqlite_store, path, clock=clock)
    assert list_people(sqlite_store) == []


def test_nested_archives_are_not_opened_and_names_are_never_paths(
    tmp_path: Path, realdata: Path, sqlite_store: Store, clock: Clock
) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("Connections.csv", b"x")
    path = _zip(
        tmp_path,
        realdata,
        {
            "nested.zip": inner.getvalue(),
            "../../outside/Notes.txt": b"hello",
            "data.bin": inner.getvalue(),
        },
    )
    report = import_file(sqlite_store, path, clock=clock)
    refused = {Path(s.file).name: s.reason for s in report.skipped if not s.kept}
    assert refused["nested.zip"].startswith("archive inside the archive")
    assert refused["data.bin"].startswith("archive inside the archive")
    assert not (tmp_path.parent / "outside").exists()


def test_a_zip_without_linkedin_files_is_refused(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("IMG_0001.txt", b"not a photo")
    with pytest.raises(ImportError_, match="without LinkedIn export files"):
        import_file(sqlite_store, path, clock=clock)


def test_a_member_that_fails_is_named_and_the_cli_exits_non_zero(
    tmp_path: Path, realdata: Path
) -> None:
    path = _zip(tmp_path, realdata, {"messages.csv": b""})  # an empty messages.csv
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "cli.db"), "import", str(path)])
    assert result.exit_code == 5
    assert "LinkedIn connections" in " ".join(result.stdout.split())  # the others were imported
    assert f"{path}/messages.csv" in " ".join(result.output.split())
