"""Background scoring: what counts as pending, batches, and rescoring after a model change."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.models import PostScore
from app.posts.ingest import IngestLimits, ingest
from app.scoring.service import count_pending, score_pending
from tests.builders import FakeScorer, post_item

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def store_posts(database, n, tenant_id="t1"):
    from app.auth.service import get_or_create_tenant

    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, tenant_id)
        items = [post_item(f"s{i}", "真差" if i % 2 else "真好") for i in range(n)]
        ingest(session, tenant.id, items, NOW, IngestLimits(max_text_chars=1000))
        return tenant.id


def test_scores_pending_posts_in_batches(database):
    tenant_id = store_posts(database, 5)
    scorer = FakeScorer()
    with database.session_scope() as session:
        assert count_pending(session, tenant_id, scorer) == 5
        assert score_pending(session, scorer, NOW, limit=3) == 3
        assert score_pending(session, scorer, NOW, limit=3) == 2
        assert score_pending(session, scorer, NOW, limit=3) == 0
        labels = sorted(s.label for s in session.scalars(select(PostScore)))
    assert labels == ["negative", "negative", "positive", "positive", "positive"]


def test_a_new_model_version_makes_every_post_pending_again(database):
    tenant_id = store_posts(database, 4)
    with database.session_scope() as session:
        score_pending(session, FakeScorer("1"), NOW, limit=100)
    upgraded = FakeScorer("2")
    with database.session_scope() as session:
        assert count_pending(session, tenant_id, upgraded) == 4
        assert score_pending(session, upgraded, NOW, limit=100) == 4
        models = {s.model for s in session.scalars(select(PostScore))}
    assert models == {"fake:2"}


def test_scoring_is_limited_to_one_tenant_when_asked(database):
    first = store_posts(database, 2, "t1")
    store_posts(database, 3, "t2")
    with database.session_scope() as session:
        assert score_pending(session, FakeScorer(), NOW, limit=100, tenant_id=first) == 2
