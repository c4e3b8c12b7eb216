"""The CLI shells: JSON report shape, people/person JSON, merges, and the one-line rejection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from altruist.cli.main import app


def _cli(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.stdout


def test_import_json_report_and_people(tmp_path: Path, realdata: Path) -> None:
    db = tmp_path / "cli.db"
    path = realdata / "linkedin-export-formats" / "2024-12_Connections_redacted.csv"
    code, out = _cli(db, "import", str(path), "--json")
    assert code == 0
    report = json.loads(out)
    assert report | {"files": None} == {
        "added": 6,
        "updated": 0,
        "unchanged": 0,
        "merged": 0,
        "review": 0,
        "skipped": [],
        "files": None,
    }
    assert report["files"][str(path)] | {"locale": None} == {
        "format": "linkedin-connections",
        "encoding": "utf-8",
        "separator": ",",
        "locale": None,
        "added": 6,
        "updated": 0,
        "unchanged": 0,
        "merged": 0,
        "review": 0,
        "skipped": 0,
        "partly_read": 0,
    }
    code, out = _cli(db, "import", str(path), "--json")
    assert json.loads(out)["unchanged"] == 6
    code, out = _cli(db, "people", "Försvarsmakten", "--json")
    (person,) = json.loads(out)
    assert {"id", "name", "emails", "company", "position", "birthday"} <= person.keys()
    assert (person["name"], person["position"]) == ("Given014 Family014", "Infanterisoldat")
    code, out = _cli(db, "person", str(person["id"]), "--json")
    detail = json.loads(out)
    assert detail["language"] in ("de", "en") and detail["language_evidence"]
    assert detail["identities"][0]["kind"] == "linkedin"
    assert {f["name"] for f in detail["unknown_fields"]} == {"LinkedIn Connected On"}
    assert all(f["source_line"] == 6 for f in detail["fields"])


def test_merges_accept_and_unmerge(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    csv = tmp_path / "c.csv"
    csv.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Robert,Schmidt,rs@a.example,Acme,CEO,1 Jan 2024\n"
        "Bob,Schmidt,bob@b.example,ACME Inc,CEO,2 Jan 2024\n"
    )
    code, out = _cli(db, "import", str(csv), "--json")
    assert json.loads(out)["review"] == 1
    code, out = _cli(db, "merges", "--json")
    (cand,) = json.loads(out)
    code, out = _cli(db, "merges", "accept", str(cand["id"]))
    assert code == 0 and "merged" in out
    _code, out = _cli(db, "people", "--json")
    (merged,) = json.loads(out)
    assert sorted(merged["emails"]) == ["bob@b.example", "rs@a.example"]
    code, out = _cli(db, "unmerge", "1")
    assert code == 0
    _code, out = _cli(db, "people", "--json")
    assert len(json.loads(out)) == 2


def test_not_a_contact_file_exits_nonzero_with_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code = "import sys; from altruist.cli.main import run; sys.argv[0] = 'altruist'; run()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "--db", str(tmp_path / "x.db"), "import", str(junk)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 5
    message = " ".join(proc.stderr.split())  # Rich wraps long lines at the terminal width
    assert "photo.csv: binary data, not a text export" in message
    assert "Traceback" not in proc.stderr
