"""tenant collection switch: a tenant whose posts only come from imports (the demo) is never
collected, so its figures stay what was seeded and nothing reaches a real platform

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A server default, so existing tenants keep collecting.
    op.add_column(
        "tenants",
        sa.Column("collection_enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("collection_enabled")
