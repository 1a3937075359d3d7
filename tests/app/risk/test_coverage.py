"""Coverage from rollups: equal to the live count on a seeded dataset, at every kind of moment,
with rollups fresh, stale, missing or built for other exclusions, and never a later post."""

import random
from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest
from sqlalchemy import delete, select

from app.analyst.service import exclusions_of
from app.clock import SHANGHAI
from app.models import Mention, Post, RollupState, Watch
from app.posts.linking import SIGNAL_BITS, signal_of
from app.risk import coverage
from app.risk.coverage import SIGNAL_VALUES, CountedCoverage, count_coverage, live_counts
from app.risk.moment import ReadTime
from app.rollups.service import build_rollups
from app.scoring.service import model_key, score_pending, score_posts
from tests.builders import FakeScorer, create_watch, kol_body, post_item

MODEL = model_key(FakeScorer().model)


@pytest.fixture(autouse=True)
def queued_writes(settings):
    """These tests choose which posts get a score: a write only queues its posts."""
    settings.inline_score_limit = 0


FIRST_DAY = datetime(2026, 10, 26, tzinfo=SHANGHAI)
TEXTS = (
    "测评老王又发视频了",
    "老王测评这期很差",  # alias only, negative
    "星河要和测评老王合作？差评",  # brand side, collaboration cue
    "测评老王说得对",
    "测评老王被起诉了",  # controversy cue
)


def shanghai(day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return FIRST_DAY + timedelta(days=day, hours=hour, minutes=minute, seconds=second)


def seeded_items(seed: int, count: int, now: datetime) -> list[dict]:
    """Posts over 24 Shanghai days on three platforms, some by the KOL, some collected late,
    and a few straddling midnight."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        created = shanghai(rng.randrange(24), rng.randrange(24), rng.randrange(60))
        if i % 17 == 0:  # the last and first second of a Shanghai day
            created = shanghai(rng.randrange(1, 24)) - timedelta(seconds=i % 2)
        extra = {}
        if rng.random() < 0.3:
            late = min(created + timedelta(hours=rng.choice([1, 30, 100])), now)
            extra["collected_at"] = late.isoformat()
        if rng.random() < 0.05:
            extra["author"] = {"uid": "1000001", "name": "测评老王", "followers": 10**6}
        items.append(
            post_item(
                f"s{seed}-{i}",
                f"{rng.choice(TEXTS)} {i}",
                created_at=created.isoformat(),
                platform=rng.choice(("weibo", "bilibili", "douyin")),
                **extra,
            )
        )
    return items


def seed_watch(api, database, clock, seed: int = 7, count: int = 260, scored: int = 180) -> str:
    watch = create_watch(api, kol=kol_body(aliases=["老王测评"]))
    assert api.post("/v1/posts", json=seeded_items(seed, count, clock())).status_code == 200
    with database.session_scope() as session:
        score_pending(session, FakeScorer(), clock(), limit=scored)  # the rest stay pending
    return str(watch["id"])


def build(database, watch_id, clock) -> None:
    """The update-rollups job, a few minutes after the last change (as the scheduler runs it)."""
    clock.advance(minutes=5)
    with database.session_scope() as session:
        build_rollups(session, session.get(Watch, watch_id), clock())


def counts(database, watch_id, moment, replay, model=MODEL):
    """(fast path, reference) for one moment."""
    with database.session_scope(write=False) as session:
        watch = session.get(Watch, watch_id)
        exclusions = exclusions_of(session, watch)
        time = ReadTime(moment, moment if replay else None)
        fast = count_coverage(session, watch.tenant_id, watch.kol_id, model, exclusions, time=time)
        live = live_counts(session, watch.tenant_id, watch.kol_id, model, exclusions, time=time)
    return fast, live


def moments(seed: int = 3) -> list[datetime]:
    """Midnights and the seconds around them, random instants, before and after everything."""
    rng = random.Random(seed)
    points = [shanghai(-5), shanghai(30)]
    for day in (1, 5, 12, 23):
        points += [shanghai(day), shanghai(day) - timedelta(seconds=1), shanghai(day, 0, 0, 1)]
    points += [shanghai(rng.randrange(24), rng.randrange(24), rng.randrange(60)) for _ in range(8)]
    return [p.astimezone(UTC) for p in points]


def assert_parity(database, watch_id, clock, *, from_rollups: bool) -> CountedCoverage:
    """Fast path equals reference at every moment; with from_rollups, most of the current
    count came from rollup rows (else none of it did)."""
    for moment in moments():
        fast, live = counts(database, watch_id, moment, replay=True)
        assert fast.counts == live, f"as_of {moment}"
        assert fast.rollup_posts <= fast.counts.posts
    fast, live = counts(database, watch_id, clock(), replay=False)
    assert fast.counts == live
    if from_rollups:
        assert fast.rollup_posts > fast.counts.posts / 2
    else:
        assert fast.rollup_posts == 0
    return fast


def test_rollup_coverage_equals_the_live_count_at_every_moment(api, database, clock):
    watch_id = seed_watch(api, database, clock)
    build(database, watch_id, clock)
    current = assert_parity(database, watch_id, clock, from_rollups=True)
    assert current.counts.posts == 260
    assert current.counts.pending == 80
    assert len(current.counts.platforms) == 3


def test_missing_rollups_fall_back_to_the_live_count(api, database, clock):
    watch_id = seed_watch(api, database, clock)
    assert_parity(database, watch_id, clock, from_rollups=False)


def test_a_watch_that_last_counted_few_posts_is_counted_live(api, database, clock, monkeypatch):
    watch_id = seed_watch(api, database, clock)
    build(database, watch_id, clock)
    assert api.get(f"/v1/watches/{watch_id}/risk").json()["coverage"]["posts"] == 260
    assert_parity(database, watch_id, clock, from_rollups=False)
    monkeypatch.setattr(coverage, "LIVE_BELOW", 260)
    assert_parity(database, watch_id, clock, from_rollups=True)


def test_stale_rollups_recount_the_days_that_changed(api, database, clock):
    watch_id = seed_watch(api, database, clock)
    edit_me = post_item("edit-me", "测评老王", created_at=shanghai(3, 8).isoformat())
    late_me = post_item("late-me", "测评老王", created_at=shanghai(9, 8).isoformat())
    api.post("/v1/posts", json=[edit_me, late_me])
    build(database, watch_id, clock)
    clock.advance(minutes=10)
    # A backfill onto old days, an edit that takes a post out of the watch, a late collected_at
    # and new scores: none of it in the rollups yet.
    backfill = [
        post_item(f"b{i}", "测评老王真差", created_at=shanghai(2 + i % 2, i).isoformat())
        for i in range(10)
    ]
    api.post("/v1/posts", json=backfill)
    api.post("/v1/posts", json=[{**edit_me, "text": "与他无关"}])
    api.post("/v1/posts", json=[{**late_me, "collected_at": shanghai(20).isoformat()}])
    with database.session_scope() as session:
        backfilled = session.scalars(select(Post.id).where(Post.platform_id.like("b%")))
        score_posts(session, FakeScorer(), clock(), list(backfilled))
    stale = assert_parity(database, watch_id, clock, from_rollups=True)
    assert stale.counts.posts == 260 + 2 + 10 - 1
    clock.advance(minutes=10)
    build(database, watch_id, clock)
    assert assert_parity(database, watch_id, clock, from_rollups=True).counts == stale.counts


@pytest.mark.parametrize("control", ["irrelevant-posts", "excluded-aliases"])
def test_analyst_controls_fall_back_until_the_rollups_are_rebuilt_with_them(
    api, database, clock, control
):

    watch_id = seed_watch(api, database, clock)
    build(database, watch_id, clock)
    before = counts(database, watch_id, clock(), replay=False)[0].counts
    with database.session_scope(write=False) as session:
        post_id = session.scalar(select(Post.id).where(Post.platform_id == "s7-0"))
    body = {
        "irrelevant-posts": {"post_id": post_id, "reason": "a namesake"},
        "excluded-aliases": {"alias": "老王测评", "reason": "a common phrase"},
    }[control]
    assert api.post(f"/v1/watches/{watch_id}/{control}", json=body).status_code == 201
    assert_parity(database, watch_id, clock, from_rollups=False)
    build(database, watch_id, clock)
    after = assert_parity(database, watch_id, clock, from_rollups=True)
    assert after.counts.posts < before.posts


def test_scores_written_since_the_build_are_counted_on_their_days(api, database, clock):
    watch = create_watch(api)
    days = [shanghai(1, 9), shanghai(1, 10), shanghai(2, 9), shanghai(3, 9)]
    api.post(
        "/v1/posts",
        json=[post_item(f"p{i}", "测评老王", created_at=t.isoformat()) for i, t in enumerate(days)],
    )
    build(database, watch["id"], clock)  # every post still pending
    clock.advance(minutes=5)
    with database.session_scope() as session:
        day_one = session.scalars(select(Post.id).where(Post.platform_id.in_(["p0", "p1"])))
        score_posts(session, FakeScorer(), clock(), list(day_one))
    fast, live = counts(database, watch["id"], clock(), replay=False)
    assert fast.counts == live
    assert (fast.counts.pending, fast.rollup_posts) == (2, 2)


def test_a_replay_never_counts_later_posts_of_its_own_day(api, database, clock):
    watch = create_watch(api)
    times = [shanghai(3, 22), shanghai(4, 9), shanghai(4, 12), shanghai(4, 18)]
    posts = [post_item(f"d{i}", "测评老王", created_at=t.isoformat()) for i, t in enumerate(times)]
    api.post("/v1/posts", json=posts)
    build(database, watch["id"], clock)  # the row for day 4 holds all three of its posts
    fast, live = counts(database, watch["id"], shanghai(4, 13), replay=True)
    assert fast.rollup_posts
    assert fast.counts == live
    assert (fast.counts.posts, fast.counts.end) == (3, shanghai(4, 12).astimezone(UTC))


def test_posts_collected_after_as_of_never_count_even_if_created_before(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            post_item("early", "测评老王", created_at=shanghai(0, 10).isoformat()),
            post_item(
                "late",
                "测评老王",
                created_at=shanghai(1, 11).isoformat(),
                collected_at=shanghai(6).isoformat(),
            ),
            post_item("next", "测评老王", created_at=shanghai(2, 9).isoformat()),
        ],
    )
    build(database, watch["id"], clock)
    fast, live = counts(database, watch["id"], shanghai(4), replay=True)
    assert fast.counts == live
    assert (fast.counts.posts, fast.rollup_posts) == (2, 2)  # day 1 was counted live
    assert counts(database, watch["id"], shanghai(7), replay=True)[0].counts.posts == 3


def test_scores_of_an_older_model_fall_back_until_rescored(api, database, clock):
    watch_id = seed_watch(api, database, clock, scored=260)
    build(database, watch_id, clock)
    newer = model_key(FakeScorer("2").model)
    fast, live = counts(database, watch_id, clock(), replay=False, model=newer)
    assert not fast.rollup_posts
    assert fast.counts == live
    assert live.pending == 260


def test_a_lost_rollup_state_row_means_no_rollups(api, database, clock):
    watch_id = seed_watch(api, database, clock)
    build(database, watch_id, clock)
    with database.session_scope() as session:
        session.execute(delete(RollupState))
    assert not counts(database, watch_id, clock(), replay=False)[0].rollup_posts


def test_a_collected_at_moved_later_leaves_the_replay_that_no_longer_knew_it(api, database, clock):
    watch = create_watch(api)
    item = post_item("m", "测评老王", created_at=shanghai(1, 10).isoformat())
    api.post(
        "/v1/posts", json=[item, post_item("n", "测评老王", created_at=shanghai(2).isoformat())]
    )
    build(database, watch["id"], clock)
    clock.advance(minutes=5)
    api.post("/v1/posts", json=[{**item, "collected_at": shanghai(8).isoformat()}])
    with database.session_scope(write=False) as session:
        stored = session.scalar(
            select(Mention.post_collected_at).join(Post).where(Post.platform_id == "m")
        )
    assert stored == shanghai(8).astimezone(UTC)
    fast, live = counts(database, watch["id"], shanghai(5), replay=True)
    assert fast.counts == live
    assert (fast.counts.posts, fast.rollup_posts) == (1, 1)


def test_every_signal_a_mention_can_carry_is_named():
    kinds = [k for k in SIGNAL_BITS if k != "author"]
    cue_sets = [
        [f"{k}:x" for k in chosen]
        for n in range(len(kinds) + 1)
        for chosen in combinations(kinds, n)
    ]
    for via in ("author", "text"):
        for cues in cue_sets:
            assert signal_of(via, cues) in SIGNAL_VALUES
