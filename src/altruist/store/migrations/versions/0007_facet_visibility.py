"""Needs and offers get a visibility, private or shareable (issue 15: a job search is private).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facets") as batch:
        batch.add_column(
            sa.Column("visibility", sa.String(10), nullable=False, server_default="shareable")
        )


def downgrade() -> None:
    with op.batch_alter_table("facets") as batch:
        batch.drop_column("visibility")
