"""`altruist sync` on a terminal (issue 17): a progress bar counts the accounts as they finish,
then one row per account (added, updated, gone, errors) — run as the user runs it, in its own
process on a pseudo-terminal, against a real Radicale, a vdir folder and a failing server."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from altruist.cli.main import app
from tests.sync.radicale_server import Radicale
from tests.sync.test_carddav import VCARD, card
from tests.sync.test_cli_accounts import broken_server  # noqa: F401 - a fixture

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def _on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `python -m altruist ARGS` with a pseudo-terminal as its stdout and stderr."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "altruist", *args],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = process.wait(timeout=120)
    os.close(main)
    return code, ANSI.sub("\n", b"".join(chunks).decode("utf-8", "replace"))


def test_sync_shows_progress_and_one_report_per_account(
    radicale: Radicale,
    broken_server: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    db = tmp_path / "cli.db"
    env = {
        **os.environ,
        "ALTRUIST_CONFIG": str(tmp_path / "none.toml"),
        "ALTRUIST_SECRETS_DIR": str(tmp_path / "secrets"),
        "COLUMNS": "160",
        "TERM": "xterm",
    }
    user, password = radicale.new_user("progress")
    book = radicale.make_collection("k", "carddav", user, password)
    for uid, name in (("a", "Anna Alt"), ("b", "Bert Bach")):
        email = f"{uid}@example.org"
        radicale.put(book + f"{uid}.vcf", card(uid, name, email, "ACME"), VCARD, user, password)
    folder = tmp_path / "vdir"
    folder.mkdir()
    (folder / "c.vcf").write_text(card("c", "Cora Cramer", "cora@example.org", "Delta"))
    runner = CliRunner()
    for args, extra in (
        (["carddav", radicale.url, "--user", user, "--name", "wolke"], password),
        (["vdir", str(folder), "--name", "ordner"], ""),
        (["carddav", broken_server, "--user", "u", "--name", "kaputt"], "x"),
    ):
        added = runner.invoke(
            app,
            ["--db", str(db), "sync", "add", *args],
            env={**env, "ALTRUIST_SYNC_PASSWORD": extra},
        )
        assert added.exit_code == 0, added.output

    code, shown = _on_terminal(["--db", str(db), "--lang", "de", "sync"], env)

    assert code == 1, shown  # one account failed
    # The progress bar, on the terminal only: "abgleichen", the accounts counted to 3 of 3.
    assert "abgleichen" in shown and "3/3" in shown, shown
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in shown.splitlines()
        if line.count("│") >= 9
    }
    # Konto, Art, abgeholt, neu, geändert, unverändert, entfernt, zurückgeschrieben, Fehler
    assert rows["wolke"][1:4] == ["2", "2", "0"], rows
    assert rows["ordner"][1:3] == ["1", "1"], rows
    assert rows["kaputt"][1] == "0" and rows["kaputt"][-1].startswith(broken_server), rows
    assert "fehlerhaftes XML" in shown  # its error, in German (the cell wraps)
    assert "–" in rows["wolke"][-1]
