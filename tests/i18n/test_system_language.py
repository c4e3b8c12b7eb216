"""The CLI speaks the system locale's language until the user chose one (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from altruist.config import load_settings, system_language


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "de_CH.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
    ],
)
def test_the_locale_variables_decide_in_posix_order(env: dict[str, str], expected: str) -> None:
    assert system_language(env) == expected


def test_a_configured_language_wins_over_the_locale(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    assert load_settings(config_file=config, environ={"LANG": "de_DE.UTF-8"}).language == "en"
    assert (
        load_settings(config_file=tmp_path / "none.toml", environ={"LANG": "de_DE.UTF-8"}).language
        == "de"
    )


def _help(tmp_path: Path, lang_variable: str) -> str:
    """`altruist --help` on a fresh database with only LANG set, as a new user's terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "ALTRUIST_"))}
    env |= {"LANG": lang_variable, "ALTRUIST_CONFIG": str(tmp_path / "none.toml")}
    command = [sys.executable, "-m", "altruist", "--db", str(tmp_path / "fresh.db"), "--help"]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def test_a_german_terminal_gets_german_help_before_any_setting(tmp_path: Path) -> None:
    said = _help(tmp_path, "de_DE.UTF-8")
    assert "Optionen" in said and "Options" not in said
    assert "Options" in _help(tmp_path, "C.UTF-8")
