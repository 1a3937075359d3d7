"""collection

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 17:41:31.911768
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "collection_cursors",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("listing", sa.String(length=300), nullable=False),
        sa.Column("cursor", JSON_TYPE, nullable=True),
        sa.Column("revisit", JSON_TYPE, nullable=True),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("backfilled", sa.Boolean(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_collection_cursors_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "platform", "listing", name=op.f("pk_collection_cursors")
        ),
    )
    op.create_table(
        "platform_access",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("cookie_encrypted", sa.Text(), nullable=True),
        sa.Column("provider_url", sa.String(length=2000), nullable=True),
        sa.Column("provider_token_encrypted", sa.Text(), nullable=True),
        sa.Column("feeds", JSON_TYPE, nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_platform_access_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "platform", name=op.f("pk_platform_access")),
    )
    op.create_table(
        "watch_collection",
        sa.Column("watch_id", sa.String(length=40), nullable=False),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("running_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("last_summary", JSON_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watches.id"],
            name=op.f("fk_watch_collection_watch_id_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("watch_id", name=op.f("pk_watch_collection")),
    )
    with op.batch_alter_table("watch_collection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watch_collection_next_due_at"), ["next_due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("watch_collection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_collection_next_due_at"))

    op.drop_table("watch_collection")
    op.drop_table("platform_access")
    op.drop_table("collection_cursors")
