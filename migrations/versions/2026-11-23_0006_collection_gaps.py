"""collection gaps: where an unfinished range ends, and coverage saying it is open

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 20:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "collection_cursors", sa.Column("gap_floor", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("coverage", sa.Column("gap_kind", sa.String(length=20), nullable=True))
    op.add_column("coverage", sa.Column("gap_from", sa.DateTime(timezone=True), nullable=True))
    op.add_column("coverage", sa.Column("gap_to", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coverage", schema=None) as batch_op:
        batch_op.drop_column("gap_to")
        batch_op.drop_column("gap_from")
        batch_op.drop_column("gap_kind")
    with op.batch_alter_table("collection_cursors", schema=None) as batch_op:
        batch_op.drop_column("gap_floor")
