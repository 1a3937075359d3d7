"""Bulk inserts store what the ORM would: awkward text, JSON, times and NULLs, on both databases."""

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from app.auth import service as auth_service
from app.bulk import insert_many
from app.models import Post

AWKWARD = "tab\there\nnew line\r\\N back\\slash 引号\"'"


def post_row(tenant_id: str, **values: object) -> dict[str, object]:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    return {
        "id": "pst_1",
        "tenant_id": tenant_id,
        "platform": "weibo",
        "platform_id": "1",
        "text": AWKWARD,
        "text_norm": AWKWARD,
        "kind": "post",
        "time_precision": "second",
        "author_uid": None,
        "likes": 2**40,
        "created_at": datetime(2026, 11, 19, 20, tzinfo=timezone(timedelta(hours=8))),
        "ingested_at": now,
        "updated_at": now,
        "cues": ["collab:合作"],
        "raw": {"nested": {"tab": "\t", "quote": '"'}},
        **values,
    }


def test_awkward_values_round_trip(database):
    with database.session_scope() as session:
        tenant_id = auth_service.get_or_create_tenant(session, "acme").id
        assert insert_many(session, Post, [post_row(tenant_id)]) == 1
    with database.session_scope(write=False) as session:
        stored = session.scalars(select(Post)).one()
    assert stored.text == stored.text_norm == AWKWARD
    assert stored.author_uid is None
    assert stored.likes == 2**40
    assert stored.created_at == datetime(2026, 11, 19, 12, tzinfo=UTC)
    assert stored.cues == ["collab:合作"]
    assert stored.raw == {"nested": {"tab": "\t", "quote": '"'}}


def test_conflicts_are_skipped_and_counted(database):
    with database.session_scope() as session:
        tenant_id = auth_service.get_or_create_tenant(session, "acme").id
        insert_many(session, Post, [post_row(tenant_id)])
        rows = [post_row(tenant_id, id="pst_2"), post_row(tenant_id, id="pst_3", platform_id="3")]
        conflict = ("tenant_id", "platform", "platform_id")
        assert insert_many(session, Post, rows, conflict) == 1
    with database.session_scope(write=False) as session:
        assert set(session.scalars(select(Post.id))) == {"pst_1", "pst_3"}
