"""drop ix_mentions_post_id

Every lookup of mentions by post (joins on post_id, post_id IN (...), the cascade from posts)
is served by uq_mentions_post_id_entity_id_role_target, whose leading column is post_id. The
separate index was one more B-tree for every mention an import writes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain DROP / CREATE INDEX, never a batch (which could copy the million-row table).
    op.drop_index("ix_mentions_post_id", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_post_id", "mentions", ["post_id"])
