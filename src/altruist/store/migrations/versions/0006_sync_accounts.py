"""Accounts that stay current (CardDAV, CalDAV, IMAP, vdir), their collections and items, and
field values whose only source went away (issue 17).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("field_values") as batch:
        batch.add_column(sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "sync_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("username", sa.String(300)),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(timezone=True)),
        sa.Column("last_report", sa.JSON()),
        sa.UniqueConstraint("name", name="uq_sync_accounts_name"),
    )
    op.create_table(
        "sync_collections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer(),
            sa.ForeignKey("sync_accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("href", sa.String(1000), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.UniqueConstraint("account_id", "href", name="uq_sync_collections_account_href"),
    )
    op.create_index("ix_sync_collections_account_id", "sync_collections", ["account_id"])
    op.create_table(
        "sync_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "collection_id",
            sa.Integer(),
            sa.ForeignKey("sync_collections.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("href", sa.String(1000), nullable=False),
        sa.Column("etag", sa.String(300)),
        sa.Column("gone_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("collection_id", "href", name="uq_sync_items_collection_href"),
    )


def downgrade() -> None:
    op.drop_table("sync_items")
    op.drop_index("ix_sync_collections_account_id", table_name="sync_collections")
    op.drop_table("sync_collections")
    op.drop_table("sync_accounts")
    with op.batch_alter_table("field_values") as batch:
        batch.drop_column("gone_at")
