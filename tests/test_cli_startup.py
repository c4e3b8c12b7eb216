"""Every `altruist` command pays for what the CLI imports at start-up; the heavy stacks (web
server, Dask, scipy.stats, migrations, browser driver) must load only for commands that use them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["fastapi", "uvicorn", "dask", "distributed", "scipy.stats", "alembic", "playwright"]


def test_cli_import_leaves_heavy_stacks_unloaded() -> None:
    code = (
        "import json, sys; import altruist.cli.main; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
