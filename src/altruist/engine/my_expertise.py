"""My expertise: what the user knows, in their own words — stated skills, a pasted CV or bio.
It is the core of the knowledge profile that ranks open questions (engine/questions.py), next to
the user's offers and their own earlier posts. Stored in the settings table (key
`my_expertise`) so the CLI (`altruist expertise`) and the web Settings page share it.
"""

from __future__ import annotations

from sqlalchemy import Connection

from altruist.errors import ConfigError
from altruist.store import settings_repo

EXPERTISE_KEY = "my_expertise"
MAX_CHARS = 20_000  # a long CV fits; a whole book pasted by mistake does not


def get_expertise(conn: Connection) -> str:
    return str(settings_repo.get(conn, EXPERTISE_KEY) or "")


def set_expertise(conn: Connection, text: str) -> str:
    """Replace the stated expertise; empty text clears it."""
    cleaned = text.strip()
    if len(cleaned) > MAX_CHARS:
        raise ConfigError(
            f"the expertise text has {len(cleaned):,} characters; at most {MAX_CHARS:,} are kept"
        )
    settings_repo.put(conn, EXPERTISE_KEY, cleaned or None)
    return cleaned
