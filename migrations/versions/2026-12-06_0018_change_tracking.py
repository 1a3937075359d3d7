"""change tracking: a score queue, per-entity change stamps, queued rollup days

Work that follows a change now finds the change instead of scanning for it (app.changes):
- score_queue: posts waiting for a score, written with the post and deleted with its scoring
  (claimed with SKIP LOCKED on PostgreSQL). Posts stored before this revision without a score
  are queued here, oldest first.
- entity_stamps: a counter per brand or KOL that moves with every change to a post naming it;
  a watch's stored assessment stands while its brand's and KOL's counters stand. They replace
  tenants.posts_version and tenants.scores_version, which every ingest updated (one row all
  writers of a tenant queued on) and which made one post re-evaluate every watch of a tenant.
- rollup_changes: days of a watch's posts changed since its rollups were built.

All three tables are new, so their indexes are built with them (nothing writes to them yet);
no index is added to an existing table.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
VERSION_COLUMNS = ("posts_version", "scores_version")


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_tenant_id_tenants")
    return sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=name, ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "score_queue",
        sa.Column("post_id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("enqueued_at", TIME, nullable=False),
        _tenant_fk("score_queue"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_score_queue_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_score_queue")),
    )
    # The posts no score was written for yet (a rescore after a model change is queued by the
    # scoring job itself, once the queue runs dry).
    op.execute(
        "INSERT INTO score_queue (post_id, tenant_id, enqueued_at) "
        "SELECT p.id, p.tenant_id, p.ingested_at FROM posts p "
        "WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.post_id = p.id)"
    )
    op.create_index("ix_score_queue_enqueued_at", "score_queue", ["enqueued_at"])
    op.create_table(
        "entity_stamps",
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        _tenant_fk("entity_stamps"),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_entity_stamps")),
    )
    op.create_index(op.f("ix_entity_stamps_tenant_id"), "entity_stamps", ["tenant_id"])
    op.create_table(
        "rollup_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("watch_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watches.id"],
            name=op.f("fk_rollup_changes_watch_id_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_changes")),
    )
    op.create_index("ix_rollup_changes_watch_day", "rollup_changes", ["watch_id", "day"])
    # Stored snapshots carry markers of the tenant counters: each watch re-evaluates once on
    # its next read or evaluation run (most then confirm their stored reading).
    for column in VERSION_COLUMNS:
        op.drop_column("tenants", column)


def downgrade() -> None:
    for column in VERSION_COLUMNS:
        op.add_column(
            "tenants", sa.Column(column, sa.Integer(), server_default="0", nullable=False)
        )
    op.drop_table("rollup_changes")
    op.drop_table("entity_stamps")
    op.drop_table("score_queue")
