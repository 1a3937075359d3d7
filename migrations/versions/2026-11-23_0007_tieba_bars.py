"""tieba bars: the forums a brand's or a KOL's fans gather in, read by the collectors

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 20:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    for table in ("brands", "kols"):
        op.add_column(
            table,
            sa.Column("tieba_bars", JSON_TYPE, nullable=False, server_default=sa.text("'[]'")),
        )


def downgrade() -> None:
    for table in ("kols", "brands"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("tieba_bars")
