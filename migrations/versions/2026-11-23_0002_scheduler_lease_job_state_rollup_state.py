"""scheduler lease, job state, rollup state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:14:24.046612
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "job_state",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_ok", sa.Boolean(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_result", sa.String(length=200), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_state")),
    )
    op.create_table(
        "scheduler_leases",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_leases")),
    )
    op.create_table(
        "rollup_state",
        sa.Column("watch_id", sa.String(length=40), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entities_marker", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watches.id"],
            name=op.f("fk_rollup_state_watch_id_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("watch_id", name=op.f("pk_rollup_state")),
    )
    with op.batch_alter_table("brands", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("links_stale", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("kols", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("links_stale", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cause", sa.String(length=20), nullable=False, server_default="evidence")
        )


def downgrade() -> None:

    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.drop_column("cause")

    with op.batch_alter_table("kols", schema=None) as batch_op:
        batch_op.drop_column("links_stale")

    with op.batch_alter_table("brands", schema=None) as batch_op:
        batch_op.drop_column("links_stale")

    op.drop_table("rollup_state")
    op.drop_table("scheduler_leases")
    op.drop_table("job_state")
