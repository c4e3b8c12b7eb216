"""Groups remember the mailing list they were made for (issue 17: List-Id mail from IMAP).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("list_id", sa.String(300), nullable=True))
        batch.create_unique_constraint("uq_groups_list_id", ["list_id"])


def downgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.drop_constraint("uq_groups_list_id", type_="unique")
        batch.drop_column("list_id")
