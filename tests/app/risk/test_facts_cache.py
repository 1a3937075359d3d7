"""Kept post facts: a current read after a change reloads only the changed posts, and what it
builds is what a read of every post builds."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from app.analyst.service import exclusions_of
from app.models import EntityChange, EntityStamp, Post, Watch
from app.risk import facts_cache, gather
from app.risk.facts_cache import FactsCache, Kept, stamps_and_changes
from app.risk.moment import ReadTime
from app.scoring.service import model_key
from app.watches import service as watches_service
from tests.app.risk.test_router import kol_post
from tests.builders import create_watch, post_item


def facts_now(database, watch_id, scorer):
    with database.session_scope(write=False) as session:
        watch = session.get(Watch, watch_id)
        pairing = watches_service.pairing(session, watch)
        venues = gather.venue_keys(session, watch.tenant_id, watch.brand_id)
        return gather.post_facts(
            session,
            pairing,
            model_key(scorer.model),
            exclusions_of(session, watch),
            venues,
            time=ReadTime(datetime.now(UTC)),
        )


@pytest.fixture
def loads(monkeypatch):
    """How many posts each load_facts call was asked for."""
    asked = []
    load = gather.load_facts

    def counted(session, post_ids, *args, **kwargs):
        asked.append(len(post_ids))
        return load(session, post_ids, *args, **kwargs)

    monkeypatch.setattr(gather, "load_facts", counted)
    return asked


def kept_and_fresh(database, watch_id, scorer):
    kept = facts_now(database, watch_id, scorer)  # from the kept facts, changes reloaded
    facts_cache.CACHE.clear()
    fresh = facts_now(database, watch_id, scorer)  # every post read again
    return kept, fresh


def test_changes_of_every_kind_build_the_facts_a_full_read_builds(api, database, loads):
    watch_id = create_watch(api)["id"]
    scorer = api.app.state.scorer
    history = [kol_post(f"k{n}", f"测评老王又翻车了，抵制{n}") for n in range(30)]
    api.post("/v1/posts", json=history)
    facts_now(database, watch_id, scorer)
    changes = [
        # new posts: the KOL's, a fan's naming both sides, a comment under the brand's post
        [kol_post("k-new", "测评老王：星河的河粉都是韭菜，恶心")],
        [post_item("f1", "测评老王和星河手机合作？抵制", author={"uid": "u9", "name": "网友"})],
        [post_item("c1", "老王测评又在阴阳怪气", kind="comment", parent_platform_id="b1")],
        # a replay: metrics, an edit that drops the KOL's name, a removal
        [kol_post("k1", "测评老王又翻车了，抵制1", metrics={"likes": 999})],
        [kol_post("k2", "今天天气不错")],
        [kol_post("k3", "测评老王又翻车了，抵制3", tombstone_reason="deleted")],
    ]
    for batch in changes:
        assert api.post("/v1/posts", json=batch).status_code == 200
        asked_before = len(loads)
        kept, fresh = kept_and_fresh(database, watch_id, scorer)
        assert kept == fresh
        assert loads[asked_before] <= len(batch)  # the kept read loaded the changed posts only
    post_id = next(f.post_id for f in fresh if f.platform_id == "k4")
    analyst = f"/v1/watches/{watch_id}"
    api.post(f"{analyst}/irrelevant-posts", json={"post_id": post_id, "reason": "namesake"})
    kept, fresh = kept_and_fresh(database, watch_id, scorer)
    assert kept == fresh
    assert post_id not in {f.post_id for f in kept}
    api.post(f"{analyst}/excluded-aliases", json={"alias": "老王测评"})
    kept, fresh = kept_and_fresh(database, watch_id, scorer)
    assert kept == fresh
    assert "c1" not in {f.platform_id for f in kept}


def test_a_post_naming_someone_else_changes_nothing_kept(api, database, loads):
    watch_id = create_watch(api)["id"]
    scorer = api.app.state.scorer
    api.post("/v1/posts", json=[kol_post("k1", "测评老王又翻车了，抵制")])
    first = facts_now(database, watch_id, scorer)
    api.post("/v1/posts", json=[post_item("x1", "别的博主翻车了，抵制")])
    asked_before = len(loads)

    assert facts_now(database, watch_id, scorer) == first
    assert len(loads) == asked_before  # nothing reloaded


def test_an_unrecorded_change_reloads_every_post(api, database, loads):
    watch_id = create_watch(api)["id"]
    scorer = api.app.state.scorer
    api.post("/v1/posts", json=[kol_post(f"k{n}", f"测评老王翻车{n}，抵制") for n in range(5)])
    facts_now(database, watch_id, scorer)
    with database.session_scope() as session:  # a move whose posts are unknown (an erasure)
        watch = session.get(Watch, watch_id)
        stamp = session.get(EntityStamp, watch.kol_id)
        stamp.version += 1
        session.execute(
            insert(EntityChange).values(
                entity_id=watch.kol_id, version=stamp.version, tenant_id=watch.tenant_id
            )
        )
    asked_before = len(loads)

    facts_now(database, watch_id, scorer)

    assert loads[asked_before:] == [5]


def test_change_records_name_the_posts_of_each_move(api, database):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "测评老王翻车，抵制")])
    api.post("/v1/posts", json=[kol_post("k2", "测评老王又翻车"), kol_post("k3", "测评老王")])
    with database.session_scope(write=False) as session:
        ids = dict(session.execute(select(Post.platform_id, Post.id)).all())
        rows = session.execute(
            select(EntityChange.version, EntityChange.post_ids)
            .where(EntityChange.entity_id == watch["kol_id"])
            .order_by(EntityChange.version)
        ).all()
        stamp = session.get(EntityStamp, watch["kol_id"]).version
        now, kept = stamps_and_changes(session, (watch["brand_id"], watch["kol_id"]), (0, 1))

    assert [r.post_ids for r in rows] == [[ids["k1"]], sorted([ids["k2"], ids["k3"]])]
    assert [r.version for r in rows] == [1, 2] == [1, stamp]
    assert kept == {ids["k2"], ids["k3"]}
    assert now == (0, stamp)


def test_missing_or_backward_moves_cannot_be_followed(api, database):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "测评老王翻车，抵制")])
    api.post("/v1/posts", json=[kol_post("k2", "测评老王又翻车")])
    entities = (watch["brand_id"], watch["kol_id"])
    with database.session_scope() as session:
        assert stamps_and_changes(session, entities, (0, 3)) == ((0, 2), None)  # went back
        assert stamps_and_changes(session, entities, None) == ((0, 2), None)  # not asked
        session.execute(EntityChange.__table__.delete().where(EntityChange.version == 1))  # pruned
        assert stamps_and_changes(session, entities, (0, 0)) == ((0, 2), None)
        assert stamps_and_changes(session, entities, (0, 1))[1] is not None
        assert stamps_and_changes(session, entities, (0, 2)) == ((0, 2), set())


def test_the_cache_drops_the_least_recently_used_beyond_its_limit():
    cache = FactsCache(limit=3)

    def kept(size):
        return Kept((), (0, 0), {str(n): None for n in range(size)})  # type: ignore[misc]

    cache.put("a", kept(2))
    cache.put("b", kept(1))
    cache.get("a")
    cache.put("c", kept(1))  # 4 > 3: "b", used least recently, goes
    cache.put("huge", kept(4))  # bigger than the whole cache: not kept

    assert [name for name in ("a", "b", "c", "huge") if cache.get(name)] == ["a", "c"]


def test_a_watch_with_more_posts_than_the_cache_holds_is_read_whole_each_time(
    api, database, loads, monkeypatch
):
    monkeypatch.setattr(facts_cache.CACHE, "limit", 3)
    watch_id = create_watch(api)["id"]
    scorer = api.app.state.scorer
    api.post("/v1/posts", json=[kol_post(f"k{n}", f"测评老王翻车{n}，抵制") for n in range(5)])

    first = facts_now(database, watch_id, scorer)
    again = facts_now(database, watch_id, scorer)

    assert len(first) == 5
    assert again == first
    assert facts_cache.CACHE.get(watch_id) is None
    assert loads == [5, 5]
