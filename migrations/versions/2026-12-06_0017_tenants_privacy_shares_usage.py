"""several teams: report shares, erasures (PIPL), usage counts, tenant notices, admin channel

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_tenant_id_tenants")
    return sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=name, ondelete="CASCADE")


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "report_shares",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("watch_id", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("uses", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_used_at", TIME, nullable=True),
        _tenant_fk("report_shares"),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["watches.id"],
            name=op.f("fk_report_shares_watch_id_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_shares")),
    )
    _index("report_shares", "tenant_id")
    _index("report_shares", "watch_id")
    op.create_table(
        "report_share_uses",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("share_id", sa.String(length=40), nullable=False),
        sa.Column("used_at", TIME, nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=True),
        sa.Column("user_agent", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["share_id"],
            ["report_shares.id"],
            name=op.f("fk_report_share_uses_share_id_report_shares"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_share_uses")),
    )
    _index("report_share_uses", "share_id")
    op.create_table(
        "erasures",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", TIME, nullable=False),
        sa.Column("removed", JSON_TYPE, nullable=False),
        _tenant_fk("erasures"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
    )
    _index("erasures", "tenant_id")
    _index("erasures", "subject_hash")
    op.create_table(
        "erased_posts",
        sa.Column("post_id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("erasure_id", sa.String(length=40), nullable=False),
        sa.Column("erased_at", TIME, nullable=False),
        _tenant_fk("erased_posts"),
        sa.ForeignKeyConstraint(
            ["erasure_id"],
            ["erasures.id"],
            name=op.f("fk_erased_posts_erasure_id_erasures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_erased_posts")),
    )
    _index("erased_posts", "tenant_id")
    _index("erased_posts", "erasure_id")
    op.create_table(
        "usage_counts",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        _tenant_fk("usage_counts"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "day", "metric", "subject", name=op.f("pk_usage_counts")
        ),
    )
    op.create_table(
        "tenant_notices",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("first_seen_at", TIME, nullable=False),
        sa.Column("last_sent_at", TIME, nullable=True),
        _tenant_fk("tenant_notices"),
        sa.PrimaryKeyConstraint("tenant_id", "kind", "subject", name=op.f("pk_tenant_notices")),
    )
    with op.batch_alter_table("webhook_endpoints") as batch_op:
        batch_op.add_column(
            sa.Column("admin_channel", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_endpoints") as batch_op:
        batch_op.drop_column("admin_channel")
    for table in (
        "tenant_notices",
        "usage_counts",
        "erased_posts",
        "erasures",
        "report_share_uses",
        "report_shares",
    ):
        op.drop_table(table)
