"""Identity policy (issue 12): identities may be shared by several people, review proposals carry
reason codes, and people carry a folded search column.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from altruist.names import fold_words

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_SEARCHED = ("name", "company", "position", "city", "headline")


def upgrade() -> None:
    with op.batch_alter_table("identities") as batch:
        batch.drop_constraint("uq_identities_kind_value", type_="unique")
        batch.add_column(
            sa.Column("shared", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_index("ix_identities_kind_value", ["kind", "value"])
    with op.batch_alter_table("merge_candidates") as batch:
        batch.add_column(sa.Column("reasons", sa.JSON()))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    people = sa.table(
        "people", sa.column("id"), sa.column("search_text"), *(sa.column(c) for c in _SEARCHED)
    )
    rows = conn.execute(sa.select(people.c.id, *(people.c[c] for c in _SEARCHED))).all()
    if rows:
        conn.execute(
            people.update()
            .where(people.c.id == sa.bindparam("pid"))
            .values(search_text=sa.bindparam("text")),
            [{"pid": r[0], "text": search_text_of(r[1:])} for r in rows],
        )


def search_text_of(values: tuple[object, ...]) -> str:
    return " | ".join(fold_words(str(v)) for v in values if v)


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("search_text")
    with op.batch_alter_table("merge_candidates") as batch:
        batch.drop_column("reasons")
    with op.batch_alter_table("identities") as batch:
        batch.drop_index("ix_identities_kind_value")
        batch.drop_column("shared")
        batch.create_unique_constraint("uq_identities_kind_value", ["kind", "value"])
