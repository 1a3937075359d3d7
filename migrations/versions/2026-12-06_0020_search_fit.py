"""search and fit: the text-search index of posts, and a brand's category and tone

post_search holds one row a post: its character bigrams as short ASCII tokens (led by its
tenant's token). SQLite indexes them with an FTS5 table whose content is post_search (triggers
keep it in step); PostgreSQL stores them as a tsvector under a GIN index, built CONCURRENTLY
(on an empty table it takes no time, but the rule holds for every index build). The posts
stored before this migration are indexed by the `index-search` job in batches of short
transactions (app.search.backfill), not here, so the migration never holds the posts table.

The brand's fit fields are nullable or carry a server default: adding them rewrites no table.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-06 23:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


FTS = "post_search_fts"
# FTS5 over post_search's `grams`: each token is matched alone (detail=none, no column sizes:
# the smallest posting lists); the triggers keep it in step with post_search (a post's
# cascade delete included).
SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(grams, content='post_search', content_rowid='doc', "
    "detail='none', columnsize=0)",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON post_search BEGIN "
    f"INSERT INTO {FTS}(rowid, grams) VALUES (new.doc, new.grams); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON post_search BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, grams) VALUES ('delete', old.doc, old.grams); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON post_search BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, grams) VALUES ('delete', old.doc, old.grams); "
    f"INSERT INTO {FTS}(rowid, grams) VALUES (new.doc, new.grams); END",
]


def upgrade() -> None:
    op.create_table(
        "post_search",
        sa.Column("doc", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("post_id", sa.String(length=40), nullable=False),
        sa.Column("post_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "grams", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_post_search_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_post_search_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doc", name=op.f("pk_post_search")),
        sa.UniqueConstraint("post_id", name=op.f("uq_post_search_post_id")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        # New entries wait in the GIN's pending list (16 MB: ~20,000 posts) instead of being
        # merged into its tree by the ingest transaction; vacuum merges them, and autovacuum
        # visits post_search every 10,000 inserted posts, not after a fifth of the table.
        op.execute(
            "ALTER TABLE post_search SET (autovacuum_vacuum_insert_threshold = 10000, "
            "autovacuum_vacuum_insert_scale_factor = 0)"
        )
        with op.get_context().autocommit_block():
            op.execute(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_post_search_grams ON post_search "
                "USING gin (grams) WITH (fastupdate = on, gin_pending_list_limit = 16384)"
            )
    op.add_column("brands", sa.Column("category", sa.String(length=200), nullable=True))
    op.add_column(
        "brands",
        sa.Column("category_words", JSON_TYPE, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "brands",
        sa.Column("tone", sa.String(length=10), nullable=False, server_default="neutral"),
    )


def downgrade() -> None:
    with op.batch_alter_table("brands", schema=None) as batch_op:
        batch_op.drop_column("tone")
        batch_op.drop_column("category_words")
        batch_op.drop_column("category")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TABLE IF EXISTS {FTS}")  # its triggers go with post_search
    op.drop_table("post_search")
