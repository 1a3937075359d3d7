"""Work that grows with what changed: the score queue every ingest path fills, per brand/KOL
stamps that re-evaluate only the watches a post concerns, and idle runs that write nothing."""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select

from app.auth import service as auth_service
from app.changes import stamps
from app.collection.store import store_posts
from app.imports.runner import import_file
from app.jobs.maintenance import changed_watch_ids, evaluate_watches, update_rollups
from app.jobs.scoring import score_new_posts
from app.models import Assessment, Post, PostScore, RollupChange, ScoreQueue
from app.posts.ingest import IngestLimits, ingest
from app.scoring.service import claim_queued, model_key
from collectors.types import Author, CollectedPost, Metrics, PostTime
from tests.builders import FakeScorer, brand_body, create_watch, kol_body, post_item

LIMITS = IngestLimits(max_text_chars=10_000)
KOL_A = kol_body()  # 测评老王
KOL_B = kol_body(
    name="美妆小李",
    aliases=["小李"],
    accounts=[{"platform": "weibo", "uid": "2000009", "handle": "美妆小李"}],
)


def queued(database) -> set[str]:
    with database.session_scope(write=False) as session:
        return set(session.scalars(select(ScoreQueue.post_id)))


def post_ids(database) -> set[str]:
    with database.session_scope(write=False) as session:
        return set(session.scalars(select(Post.id)))


def settle(database, clock, scorer) -> None:
    """Score, roll up and evaluate until everything stands."""
    score_new_posts(database, scorer, clock, batch_size=500)
    update_rollups(database, clock)
    evaluate_watches(database, scorer, clock)


class Writes:
    """Counts statements that write (INSERT, UPDATE, DELETE) on an engine."""

    def __init__(self, engine) -> None:
        self.statements: list[str] = []
        self.engine = engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            self.statements.append(statement)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def scored(database) -> set[str]:
    with database.session_scope(write=False) as session:
        return set(session.scalars(select(PostScore.post_id)))


def test_a_small_api_write_is_scored_in_its_own_transaction(api, database):
    create_watch(api)
    api.post("/v1/posts", json=[post_item("q1", "测评老王真好"), post_item("q2", "路人")])
    assert queued(database) == set()
    assert scored(database) == post_ids(database)
    model = model_key(api.app.state.scorer.model)
    with database.session_scope(write=False) as session:
        assert set(session.scalars(select(PostScore.model))) == {model}


def test_an_edit_and_a_write_past_the_inline_limits_are_queued(api, database, clock, settings):
    create_watch(api)
    api.post("/v1/posts", json=[post_item("q1", "测评老王真好")])
    api.post("/v1/posts", json=[post_item("q1", "测评老王真差")])  # an edit: its score is gone
    assert len(queued(database)) == 1
    assert score_new_posts(database, FakeScorer(), clock, batch_size=10) == 1
    settings.inline_score_limit = 2  # a write of three new posts is over it
    api.post("/v1/posts", json=[post_item(f"b{i}", "测评老王") for i in range(3)])
    assert len(queued(database)) == 3


def test_with_inline_scoring_off_the_api_queues_and_scoring_drains_it(
    api, database, clock, settings
):
    settings.inline_score_limit = 0
    create_watch(api)
    api.post("/v1/posts", json=[post_item("q1", "测评老王真好"), post_item("q2", "路人")])
    assert queued(database) == post_ids(database)
    assert score_new_posts(database, FakeScorer(), clock, batch_size=1) == 2
    assert queued(database) == set()


def test_imports_and_collection_queue_their_posts(database, clock, tmp_path):
    with database.session_scope() as session:
        tenant_id = auth_service.get_or_create_tenant(session, "acme").id
    source = tmp_path / "posts.jsonl"
    source.write_text(
        '{"platform": "weibo", "platform_id": "i1", "text": "导入的", '
        '"created_at": "2026-11-19T10:00:00+08:00"}\n',
        encoding="utf-8",
    )
    assert import_file(database, tenant_id, source, "jsonl", None, clock, LIMITS).inserted == 1
    collected = CollectedPost(
        platform="weibo",
        platform_id="c1",
        kind="post",
        text="采集的",
        created=PostTime(datetime(2026, 11, 19, 2, tzinfo=UTC), "second", "raw"),
        author=Author("u9"),
        url=None,
        metrics=Metrics(likes=1),
        raw={},
    )
    with database.session_scope() as session:
        assert store_posts(session, tenant_id, [collected], clock(), LIMITS)[0] == 1
        ingest(session, tenant_id, [post_item("d1", "直接的")], clock(), LIMITS)
    assert len(post_ids(database)) == 3
    assert queued(database) == post_ids(database)


def test_a_post_naming_one_kol_re_evaluates_only_that_kols_watches(api, database, clock):
    scorer = api.app.state.scorer  # the one risk reads use: its model is in the marker
    first = create_watch(api, kol=KOL_A)
    second = create_watch(api, brand=brand_body(name="青橙手机", aliases=[]), kol=KOL_B)
    api.post("/v1/posts", json=[post_item("a1", "测评老王真差"), post_item("b1", "美妆小李真好")])
    settle(database, clock, scorer)
    assert changed_watch_ids(database, scorer, clock) == []

    api.post("/v1/posts", json=[post_item("a2", "测评老王又来了")])
    assert changed_watch_ids(database, scorer, clock) == [first["id"]]
    with database.session_scope(write=False) as session:
        rollup_days = set(session.scalars(select(RollupChange.watch_id)))
    assert rollup_days == {first["id"]}

    # A read of the other watch answers from its stored snapshot.
    with database.session_scope(write=False) as session:
        before = session.scalar(select(func.count()).select_from(Assessment))
    assert api.get(f"/v1/watches/{second['id']}/risk").json()["stored"] is True
    score_new_posts(database, scorer, clock, batch_size=500)
    assert changed_watch_ids(database, scorer, clock) == [first["id"]]
    assert evaluate_watches(database, scorer, clock) == 1
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Assessment)) <= before + 1


def test_an_idle_cycle_writes_nothing(api, database, clock):
    scorer = api.app.state.scorer  # the one risk reads use: its model is in the marker
    create_watch(api, kol=KOL_A)
    create_watch(api, brand=brand_body(name="青橙手机", aliases=[]), kol=KOL_B)
    api.post("/v1/posts", json=[post_item(f"p{i}", f"测评老王 美妆小李 {i}") for i in range(30)])
    settle(database, clock, scorer)
    writes = Writes(database.engine)
    try:
        assert score_new_posts(database, scorer, clock, batch_size=500) == 0
        assert update_rollups(database, clock) == 0
        assert evaluate_watches(database, scorer, clock) == 0
    finally:
        writes.close()
    assert writes.statements == []


def test_erasing_an_author_re_evaluates_the_watches_the_posts_named(api, database, clock):
    scorer = api.app.state.scorer  # the one risk reads use: its model is in the marker
    watch = create_watch(api, kol=KOL_A)
    fan = {"uid": "u1", "name": "河粉甲", "followers": 10}
    api.post("/v1/posts", json=[post_item("e1", "测评老王真差，抵制", author=fan)])
    settle(database, clock, scorer)
    assert api.get(f"/v1/watches/{watch['id']}/risk").json()["coverage"]["posts"] == 1
    with database.session_scope(write=False) as session:
        before = stamps(session, [watch["brand_id"], watch["kol_id"]])
    erased = api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u1"})
    assert erased.status_code == 201, erased.text
    with database.session_scope(write=False) as session:
        after = stamps(session, [watch["brand_id"], watch["kol_id"]])
    assert all(after[entity] > before[entity] for entity in before)
    assert api.get(f"/v1/watches/{watch['id']}/risk").json()["coverage"]["posts"] == 0


def test_two_scorers_on_postgresql_never_take_the_same_post(api, database, clock, settings):
    if database.is_sqlite:
        pytest.skip("SQLite has one writer at a time: claims cannot overlap there")
    settings.inline_score_limit = 0  # the posts wait in the queue
    api.post("/v1/posts", json=[post_item(f"s{i}", f"第{i}条") for i in range(40)])
    barrier = threading.Barrier(2)
    claims: list[list[str]] = []

    def claim() -> None:
        with database.session_scope() as session:
            claims.append(claim_queued(session, 30))
            barrier.wait(timeout=10)  # both hold their claims at once

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claims) == 2
    assert not set(claims[0]) & set(claims[1])
    assert len(claims[0]) + len(claims[1]) == 40

    texts: list[str] = []

    class Recording(FakeScorer):
        def score_many(self, batch):
            texts.extend(batch)
            return super().score_many(batch)

    scorers = [
        threading.Thread(
            target=score_new_posts, args=(database, Recording(), clock), kwargs={"batch_size": 3}
        )
        for _ in range(2)
    ]
    for thread in scorers:
        thread.start()
    for thread in scorers:
        thread.join()
    assert sorted(texts) == sorted(f"第{i}条" for i in range(40))
    assert queued(database) == set()
