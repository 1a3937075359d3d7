"""The index-search job indexes posts stored before the index existed, in resumable batches."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from app.jobs.maintenance import index_search
from app.models import DerivedState, PostSearch
from app.search.backfill import INDEX_VERSION, STATE_NAME
from tests.builders import post_item


def test_posts_without_index_rows_are_found_after_the_job(api, database, clock):
    items = [post_item(f"old{i}", f"旧帖子{i} 翻车现场") for i in range(5)]
    api.post("/v1/posts", json=items)
    with database.session_scope() as session:
        expected = session.scalar(select(func.count()).select_from(PostSearch))
        session.execute(delete(PostSearch))  # as a database migrated from 0017 holds them
        session.execute(delete(DerivedState).where(DerivedState.name == STATE_NAME))
    assert api.get("/v1/posts", params={"q": "翻车"}).json() == []
    # Batches of two: three batches, the state resumed between them.
    assert index_search(database, clock, batch=2, batches=10) == expected
    assert len(api.get("/v1/posts", params={"q": "翻车"}).json()) == 5
    with database.session_scope(write=False) as session:
        assert session.get(DerivedState, STATE_NAME).version == INDEX_VERSION
    # Done: the next run writes nothing and returns at once.
    assert index_search(database, clock) == 0


def test_a_walk_meeting_indexed_posts_skips_them(api, database, clock):
    api.post("/v1/posts", json=[post_item("new", "新帖子已有索引")])
    with database.session_scope() as session:
        session.execute(delete(DerivedState).where(DerivedState.name == STATE_NAME))
    assert index_search(database, clock) == 0
    assert len(api.get("/v1/posts", params={"q": "索引"}).json()) == 1
