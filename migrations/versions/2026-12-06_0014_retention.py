"""retention: posts.raw_dropped_at, and created-time indexes on the alert tables

Retention (app/retention) empties the raw JSON of old posts when configured and says so in
posts.raw_dropped_at (a nullable column: no table rewrite on either database). Alert events,
messages and delivery attempts are deleted oldest first, a small batch at a time, through
these indexes; /metrics counts the last hour's delivery attempts through the last one.

On PostgreSQL the indexes are built CONCURRENTLY, outside the migration's transaction, so
alerting keeps writing while they build.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_alert_events_created_at", "alert_events", "created_at"),
    ("ix_alert_messages_created_at", "alert_messages", "created_at"),
    ("ix_delivery_attempts_attempted_at", "delivery_attempts", "attempted_at"),
)


def upgrade() -> None:
    op.add_column("posts", sa.Column("raw_dropped_at", sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        for name, table, column in INDEXES:
            op.create_index(name, table, [column])
        return
    with op.get_context().autocommit_block():
        for name, table, column in INDEXES:
            # IF NOT EXISTS: a build interrupted half-way is resumed by running this again
            # (after dropping the INVALID index it leaves, which PostgreSQL reports).
            op.create_index(name, table, [column], postgresql_concurrently=True, if_not_exists=True)


def downgrade() -> None:
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_column("posts", "raw_dropped_at")
