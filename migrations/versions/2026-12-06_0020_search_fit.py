"""search and fit: the character-bigram index of posts, and a brand's category and tone

post_grams is a new table, created empty with its key (the only index it has): there is no
index to build on a table that already holds rows, so nothing here needs CREATE INDEX
CONCURRENTLY. The posts stored before this migration are indexed by the `index-search` job in
batches of short transactions (app.search.backfill), not here, so the migration takes
seconds at a million posts and never holds the posts table.

The brand's fit fields are nullable or carry a server default: adding them rewrites no table.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-06 23:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "post_grams",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("gram", sa.BigInteger(), nullable=False),
        sa.Column("post_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("post_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_post_grams_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "gram", "post_created_at", "post_id", name=op.f("pk_post_grams")
        ),
    )
    op.add_column("brands", sa.Column("category", sa.String(length=200), nullable=True))
    op.add_column(
        "brands",
        sa.Column("category_words", JSON_TYPE, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "brands",
        sa.Column("tone", sa.String(length=10), nullable=False, server_default="neutral"),
    )


def downgrade() -> None:
    with op.batch_alter_table("brands", schema=None) as batch_op:
        batch_op.drop_column("tone")
        batch_op.drop_column("category_words")
        batch_op.drop_column("category")
    op.drop_table("post_grams")
