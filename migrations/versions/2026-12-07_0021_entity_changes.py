"""entity changes: which posts each move of an entity's stamp was about

A risk read keeps a watch's post facts in memory and, when the KOL's or brand's stamp moved,
reloads only the posts those moves were about (app.risk.facts_cache). The table is new, so its
keys are built with it; the retention job keeps the last moves of each entity.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "entity_changes",
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("post_ids", JSON_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_entity_changes_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entity_id", "version", name=op.f("pk_entity_changes")),
    )
    op.create_index(op.f("ix_entity_changes_tenant_id"), "entity_changes", ["tenant_id"])


def downgrade() -> None:
    op.drop_table("entity_changes")
