"""rollup spans and change indexes

Rollup rows gain the first / last created_at and the last collected_at of their posts, so a
risk read can take coverage from whole days; posts and scores gain (tenant_id, updated_at /
scored_at) indexes, so "what changed since the rollups were built" is a range, not a scan.
Rollups are derived data: the table is recreated empty and the update-rollups job refills it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 19:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rollups(*extra: sa.Column[object]) -> None:
    op.create_table(
        "rollups",
        sa.Column("watch_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("bucket", sa.String(length=10), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("engagement", sa.BigInteger(), nullable=False),
        *extra,
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watches.id"],
            name=op.f("fk_rollups_watch_id_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("watch_id", "day", "platform", "bucket", name=op.f("pk_rollups")),
    )


def _rebuild_rollups(*extra: sa.Column[object]) -> None:
    op.execute("DELETE FROM rollup_state")
    op.drop_table("rollups")
    _rollups(*extra)


def upgrade() -> None:
    _rebuild_rollups(
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_collected_at", sa.DateTime(timezone=True), nullable=True),
    )
    # Plain CREATE / DROP INDEX, never a batch (which could copy the million-row tables).
    op.create_index("ix_posts_tenant_updated", "posts", ["tenant_id", "updated_at"])
    op.drop_index("ix_scores_tenant_id", table_name="scores")
    op.create_index("ix_scores_tenant_scored", "scores", ["tenant_id", "scored_at"])


def downgrade() -> None:
    op.drop_index("ix_scores_tenant_scored", table_name="scores")
    op.create_index("ix_scores_tenant_id", "scores", ["tenant_id"])
    op.drop_index("ix_posts_tenant_updated", table_name="posts")
    _rebuild_rollups()
