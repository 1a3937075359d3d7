"""derived state: which version of a derived field (a post's cues) the stored rows carry

A change to the cue vocabulary is applied to stored posts by the refresh-cues job, which reads
and resumes its progress here.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "derived_state",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=True),
        sa.Column("target_version", sa.String(length=64), nullable=True),
        sa.Column("resume_after", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_derived_state")),
    )


def downgrade() -> None:
    op.drop_table("derived_state")
