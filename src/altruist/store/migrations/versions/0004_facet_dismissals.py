"""Remember derived needs and offers the user removed, so re-derivation does not restore them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facet_dismissals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("text_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_facet_dismissals_person_id", "facet_dismissals", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_facet_dismissals_person_id", table_name="facet_dismissals")
    op.drop_table("facet_dismissals")
