"""Two writers ingesting overlapping batches at once: no error, no post stored twice or lost."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.auth.service import get_or_create_tenant
from app.models import Post
from app.posts.ingest import IngestLimits, ingest
from tests.builders import post_item

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_overlapping_concurrent_batches(database):
    with database.session_scope() as session:
        tenant_id = get_or_create_tenant(session, "t1").id
    batches = [
        [post_item(f"c{i}", f"文本{i}") for i in range(start, start + 300)]
        for start in (0, 150, 100, 250)
    ]

    def run(batch):
        with database.session_scope() as session:
            return ingest(session, tenant_id, batch, NOW, IngestLimits(1000))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, batches))
    assert sum(r.inserted for r in results) == 550
    assert sum(r.inserted + r.duplicates for r in results) == 1200
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 550
