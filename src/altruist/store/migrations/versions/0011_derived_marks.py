"""Per-person digests of what derived needs and offers were derived from (issue 19: a later
import re-derives only the people whose text changed).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No rows: a database from before derives everyone once more, then only what changed.
    op.create_table(
        "derived_marks",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("digest", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("derived_marks")
