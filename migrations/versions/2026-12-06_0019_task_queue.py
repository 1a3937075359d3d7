"""task queue: procrastinate's schema on PostgreSQL, and the shared platform pace

`kolrisk worker` processes take tasks from procrastinate's tables (procrastinate_jobs and
friends), created here from the SQL the installed procrastinate ships, so the schema moves with
our migrations rather than a separate `procrastinate schema --apply` step. SQLite has no task
queue (background work runs inline there), so it gets only platform_pace.

platform_pace holds, per platform, when the next request may be sent: workers on several
machines share one pace per platform through it (app/collection/pace.py).

Revision ID: 0019
Revises: 0020
Create Date: 2026-12-06 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROCRASTINATE_TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)


def upgrade() -> None:
    op.create_table(
        "platform_pace",
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("next_allowed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", name=op.f("pk_platform_pace")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    _run_raw(SchemaManager.get_schema())


def _run_raw(sql: str) -> None:
    """Several statements and dollar-quoted bodies, sent by the driver itself as one simple
    query in the migration's transaction: nothing reads ":name" or "%" in them as parameters."""
    raw = op.get_bind().connection.driver_connection
    assert raw is not None
    raw.execute(sql)


def downgrade() -> None:
    op.drop_table("platform_pace")
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in PROCRASTINATE_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    _run_raw(
        r"""DO $$ DECLARE item record; BEGIN
        FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\_%'
        LOOP EXECUTE 'DROP FUNCTION ' || item.signature || ' CASCADE'; END LOOP;
        FOR item IN SELECT t.typname FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\_%'
              AND t.typtype IN ('e', 'c')
        LOOP EXECUTE 'DROP TYPE ' || quote_ident(item.typname) || ' CASCADE'; END LOOP;
        END $$"""
    )
