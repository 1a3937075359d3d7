"""Risk evaluation over rollups: the same answer as without them, pending posts found through
them, and replays that read no post from after as_of."""

from sqlalchemy import delete, func, select

from app.analyst.service import exclusions_of
from app.models import Post, PostScore, RollupState, Watch
from app.risk import coverage
from app.risk import service as risk_service
from app.risk.moment import ReadTime
from app.scoring.service import model_key
from app.watches.service import pairing
from tests.app.risk.test_coverage import build, counts, seeded_items, shanghai
from tests.builders import create_watch, kol_body, post_item

KOL_AUTHOR = {"uid": "1000001", "name": "测评老王", "followers": 10**6}


def seeded_watch(api, clock) -> str:
    watch = create_watch(api, kol=kol_body(aliases=["老王测评"]))
    items = seeded_items(11, 300, clock())
    items += [
        post_item(f"k{i}", f"河粉都是韭菜{i}号，星河也就配这些人用", author=KOL_AUTHOR,
                  created_at=shanghai(3 * i, 20).isoformat())
        for i in range(8)
    ]  # fmt: skip
    assert api.post("/v1/posts", json=items).status_code == 200
    return str(watch["id"])


def evaluate(api, database, watch_id, moment, replay):
    with database.session_scope() as session:
        watch = session.get(Watch, watch_id)
        scorer = api.app.state.scorer
        rules = risk_service.tenant_rules(session, watch.tenant_id)
        risk = risk_service.evaluate(
            session,
            pairing(session, watch),
            scorer,
            rules,
            time=ReadTime(moment, moment if replay else None),
            exclusions=exclusions_of(session, watch),
        )
    return risk.model_dump(mode="json")


def test_replays_and_reads_over_rollups_equal_those_without(api, database, clock, monkeypatch):
    monkeypatch.setattr(coverage, "LIVE_BELOW", 0)  # a watch this small is counted live
    watch_id = seeded_watch(api, clock)
    api.get(f"/v1/watches/{watch_id}/risk")  # scores every post inline
    build(database, watch_id, clock)
    points = [shanghai(d, h) for d in (2, 9, 15, 23) for h in (0, 13)]
    over_rollups = [evaluate(api, database, watch_id, p, True) for p in points]
    current = evaluate(api, database, watch_id, clock(), False)
    model = model_key(api.app.state.scorer.model)
    assert counts(database, watch_id, clock(), replay=False, model=model)[0].rollup_posts > 250
    with database.session_scope() as session:
        session.execute(delete(RollupState))
    assert [evaluate(api, database, watch_id, p, True) for p in points] == over_rollups
    assert evaluate(api, database, watch_id, clock(), False) == current
    assert current["coverage"]["posts"] == 308
    assert {r["coverage"]["posts"] for r in over_rollups} != {308}


def test_a_read_finds_pending_posts_through_the_rollup_days(api, database, clock, monkeypatch):
    watch_id = seeded_watch(api, clock)
    build(database, watch_id, clock)  # built while every post is pending
    clock.advance(minutes=5)

    def scan(*args, **kwargs):
        raise AssertionError("the rollups said where the pending posts are: no scan")

    monkeypatch.setattr(risk_service, "score_pending", scan)
    risk = api.get(f"/v1/watches/{watch_id}/risk").json()
    assert (risk["pending_posts"], risk["coverage"]["posts"]) == (0, 308)
    with database.session_scope(write=False) as session:
        unscored = (
            select(func.count())
            .select_from(Post)
            .outerjoin(PostScore)
            .where(PostScore.post_id.is_(None))
        )
        assert session.scalar(unscored) == 0


def test_a_replay_quotes_no_post_from_after_it(api, database, clock):
    watch = create_watch(api)
    as_of = shanghai(10, 12)
    contempt = "河粉都是韭菜，星河也就配这些人用"
    posts = [
        post_item("before", contempt, author=KOL_AUTHOR, created_at=shanghai(10, 9).isoformat()),
        post_item("after", contempt, author=KOL_AUTHOR, created_at=shanghai(10, 15).isoformat()),
        post_item(
            "seen-later",
            contempt,
            author=KOL_AUTHOR,
            created_at=shanghai(9, 9).isoformat(),
            collected_at=shanghai(11).isoformat(),
        ),
    ]
    api.post("/v1/posts", json=posts)
    api.get(f"/v1/watches/{watch['id']}/risk")
    build(database, watch["id"], clock)
    replay = api.get(f"/v1/watches/{watch['id']}/risk", params={"as_of": as_of.isoformat()}).json()
    quoted = {e["platform_id"] for c in replay["components"] for e in c["evidence"]}
    assert quoted == {"before"}
    assert replay["coverage"]["posts"] == 1
    assert replay["coverage"]["to"].startswith("2026-11-05T01:00:00")  # shanghai(10, 9)
