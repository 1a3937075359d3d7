"""The maintenance jobs' core: deferred re-linking, rollups for every watch, stored evaluations."""

from sqlalchemy import select

from app.jobs.maintenance import evaluate_watches, relink_stale_entities, update_rollups
from app.models import Kol, Transition
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
