"""People search reads an index (issue 12), and Today's plan finds the deeds shown on a day by
index (`suggestions.shown_on`, read by agenda.plan_today on every Today page).

`ix_people_search` differs per database, see store/people_search.py: on SQLite a covering index
in name order holding every column a free-text search reads (the search walks it and stops at
the page's last match); on PostgreSQL a pg_trgm GIN index on the folded search column, which
serves `LIKE '%…%'` directly. Without pg_trgm (a server built without contrib, or a user not
allowed to create the extension) PostgreSQL gets a plain index in name order and searches scan.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_suggestions_last_shown_on", "suggestions", ["last_shown_on"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        if _trigrams(bind):
            op.execute(
                "CREATE INDEX ix_people_search ON people USING gin (search_text gin_trgm_ops)"
            )
        else:
            op.create_index("ix_people_search", "people", ["name", "id"])
    else:
        op.create_index(
            "ix_people_search", "people", ["name", "id", "merged_into", "is_me", "search_text"]
        )


def _trigrams(bind: sa.Connection) -> bool:
    """pg_trgm is there, or could be created (it is a trusted extension: a database owner may)."""
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        return False
    try:
        with bind.begin_nested():  # a refused CREATE must not abort the migration
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return False
    return True


def downgrade() -> None:
    op.drop_index("ix_people_search", table_name="people")
    op.drop_index("ix_suggestions_last_shown_on", table_name="suggestions")
