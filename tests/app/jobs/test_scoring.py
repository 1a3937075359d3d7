from datetime import UTC, datetime

from app.auth.service import get_or_create_tenant
from app.jobs.scoring import score_new_posts
from app.posts.ingest import IngestLimits, ingest
from tests.builders import FakeScorer, post_item

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_job_scores_the_whole_backlog_in_small_transactions(database):
    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, "t1")
        ingest(
            session,
            tenant.id,
            [post_item(f"j{i}", "文本") for i in range(7)],
            NOW,
            IngestLimits(1000),
        )
    scorer = FakeScorer()
    assert score_new_posts(database, scorer, lambda: NOW, batch_size=3) == 7
    assert scorer.calls == 3
    assert score_new_posts(database, scorer, lambda: NOW, batch_size=3) == 0
