"""The maintenance jobs' core: deferred re-linking, rollups for every watch, stored evaluations."""

from sqlalchemy import func, select, update

from app.clock import utcnow
from app.jobs.maintenance import (
    evaluate_watches,
    refresh_cues,
    relink_stale_entities,
    update_rollups,
)
from app.models import DerivedState, EntityStamp, Kol, Mention, Post, Transition
from app.posts.cues import VOCABULARY_VERSION
from app.scoring.service import score_pending
from tests.builders import FakeScorer, create_watch, post_item


def watch_post_ids(api, watch_id):
    return sorted(
        p["platform_id"] for p in api.get(f"/v1/watches/{watch_id}/posts").json()["items"]
    )


def test_large_tenant_rename_is_deferred_to_the_relink_job(api, database, settings):
    watch = create_watch(api)
    api.post("/v1/posts", json=[post_item("n1", "王哥又来了"), post_item("n2", "路人")])
    settings.inline_relink_max_posts = 1
    api.patch(f"/v1/kols/{watch['kol_id']}", json={"aliases": ["王哥"]})
    assert watch_post_ids(api, watch["id"]) == []
    with database.session_scope(write=False) as session:
        assert session.get(Kol, watch["kol_id"]).links_stale is True
    assert relink_stale_entities(database) == 1
    assert watch_post_ids(api, watch["id"]) == ["n1"]
    assert relink_stale_entities(database) == 0


def test_update_rollups_covers_every_watch(api, database, clock):
    create_watch(api)
    api.post("/v1/posts", json=[post_item("r1", "测评老王")])
    assert update_rollups(database, clock) == 1


def test_evaluate_watches_stores_once_and_a_model_change_is_marked(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            post_item(
                f"h{i}", f"河粉都是韭菜{i}，星河真差", author={"uid": "1000001", "name": "测评老王"}
            )
            for i in range(3)
        ],
    )
    old = FakeScorer("1")
    with database.session_scope() as session:
        score_pending(session, old, clock(), limit=100)
    assert evaluate_watches(database, old, clock) == 1
    evaluate_watches(database, old, clock)
    history = api.get(f"/v1/watches/{watch['id']}/risk/history").json()
    assert len(history["snapshots"]) == 1

    class Kinder(FakeScorer):
        def score_many(self, texts):
            return super().score_many([t.replace("差", "好") for t in texts])

    new = Kinder("2")
    with database.session_scope() as session:
        score_pending(session, new, clock(), limit=100)
    clock.advance(hours=1)
    evaluate_watches(database, new, clock)
    with database.session_scope(write=False) as session:
        causes = [
            t.cause for t in session.scalars(select(Transition).order_by(Transition.created_at))
        ]
    assert causes[0] == "evidence"
    assert causes[-1] == "model_change"


def _forget_cues(database, version):
    """Stored posts as an older vocabulary left them: no cues, no cue signal bits."""
    with database.session_scope() as session:
        session.execute(update(Post).values(cues=[]))
        session.execute(update(Mention).where(Mention.via == "text").values(signal=0))
        session.merge(DerivedState(name="post_cues", version=version, updated_at=utcnow()))


def _stored_cues(database):
    with database.session_scope(write=False) as session:
        posts = {p.platform_id: p.cues for p in session.scalars(select(Post))}
        signals = sorted(session.scalars(select(Mention.signal).where(Mention.via == "text")))
        return posts, signals


def test_refresh_cues_brings_stored_posts_up_to_a_changed_vocabulary(api, database, clock):
    create_watch(api)
    api.post(
        "/v1/posts",
        json=[post_item("c1", "测评老王要和星河签约了"), post_item("c2", "测评老王今天吃面")],
    )
    fresh = _stored_cues(database)
    assert fresh[0]["c1"] == ["collab:签约"]
    assert refresh_cues(database, clock) == 0  # ingest already used this vocabulary
    _forget_cues(database, version="older")
    with database.session_scope(write=False) as session:
        stamps_before = session.scalar(select(func.sum(EntityStamp.version)))

    first = refresh_cues(database, clock, batch=1, batches=1)  # one post, then it stops
    with database.session_scope(write=False) as session:
        state = session.get(DerivedState, "post_cues")
        assert state.version == "older"
        assert state.resume_after is not None
    assert first + refresh_cues(database, clock, batch=1) == 1  # only c1 has a cue
    assert _stored_cues(database) == fresh
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.sum(EntityStamp.version))) > stamps_before  # re-read
        assert session.get(DerivedState, "post_cues").version == VOCABULARY_VERSION
    assert refresh_cues(database, clock) == 0


def test_refresh_cues_counts_the_posts_it_changed(api, database, clock):
    create_watch(api)
    api.post("/v1/posts", json=[post_item(f"d{i}", f"测评老王 星河 官宣{i}") for i in range(3)])
    _forget_cues(database, version=None)
    assert refresh_cues(database, clock) == 3
    assert refresh_cues(database, clock) == 0
