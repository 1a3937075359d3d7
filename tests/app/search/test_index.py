"""The search index follows the posts exactly: every stored post has one row holding its
text's document, and on SQLite the FTS5 index agrees with post_search (FTS5's own
integrity-check compares the two), whether the rows came in one statement or several."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.auth.service import get_or_create_tenant
from app.db import Database
from app.models import Post, PostSearch, ScoreQueue
from app.models.search import SEARCH_FTS
from app.posts.ingest import IngestLimits, ingest
from app.search.grams import text_document
from tests.builders import post_item

NOW = datetime(2026, 11, 20, tzinfo=UTC)
LIMITS = IngestLimits(max_text_chars=10_000)


@contextmanager
def few_variables(session: Session, variables: int) -> Iterator[None]:
    """On SQLite, statements of at most `variables` bound values (restored afterwards: the
    connection goes back to the pool)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    driver: Any = session.connection().connection.driver_connection
    before = driver.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variables)
    try:
        yield
    finally:
        driver.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def assert_index_follows_posts(database: Database) -> None:
    with database.session_scope(write=False) as session:
        posts = {p.id: (p.tenant_id, p.text_norm) for p in session.scalars(select(Post))}
        rows = {r.post_id: r.grams for r in session.scalars(select(PostSearch))}
        assert rows == {pid: text_document(tid, text) for pid, (tid, text) in posts.items()}
        if database.is_sqlite:
            # Raises (SQLITE_CORRUPT_VTAB) when the FTS index and post_search disagree.
            session.connection().exec_driver_sql(
                f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rank) VALUES ('integrity-check', 1)"
            )


def test_a_batch_in_several_statements_indexes_every_post(database):
    items = [post_item(f"p{i}", f"第{i}条 翻车了 星河手机") for i in range(30)]
    with database.session_scope() as session:
        tenant_id = get_or_create_tenant(session, "acme").id
        # Four values a search row: seven rows a statement, so five statements here.
        with few_variables(session, 28):
            result = ingest(session, tenant_id, items, NOW, LIMITS)
    assert result.inserted == 30
    assert_index_follows_posts(database)
    with database.session_scope(write=False) as session:
        assert len(session.scalars(select(ScoreQueue.post_id)).all()) == 30


def test_edits_replays_and_deletes_keep_the_index_exact(database):
    with database.session_scope() as session:
        tenant_id = get_or_create_tenant(session, "acme").id
        first = [post_item(f"p{i}", f"原文{i}号") for i in range(6)]
        ingest(session, tenant_id, first, NOW, LIMITS)
    edited = [post_item(f"p{i}", f"改过的{i}号") for i in range(3)]
    new = [post_item(f"n{i}", f"新来的{i}号") for i in range(3)]
    with database.session_scope() as session:
        result = ingest(session, tenant_id, edited + new, NOW, LIMITS)
    assert (result.inserted, result.duplicates) == (3, 3)
    assert_index_follows_posts(database)
    with database.session_scope() as session:
        session.execute(delete(Post).where(Post.platform_id.in_(["p0", "n0", "p5"])))
    assert_index_follows_posts(database)
