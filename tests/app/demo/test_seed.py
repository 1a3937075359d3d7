"""The demo tells its story: one no-go, one caution, one go, each for the intended reason; it
never collects, so its figures stay as seeded; a restart leaves one working demo key."""

import pytest
from sqlalchemy import func, select

from app.auth import service as auth_service
from app.collection.jobs import due_watches
from app.demo.seed import DEMO_TENANT, seed_demo
from app.errors import Unauthorized
from app.models import ApiKey, Coverage, Post, Tenant
from sentiment import get_scorer


def test_demo_watches_read_no_go_caution_go(app_client, database, clock):
    key = seed_demo(database, get_scorer(), clock())
    app_client.headers["Authorization"] = f"Bearer {key}"
    kols = {k["id"]: k["name"] for k in app_client.get("/v1/kols").json()}
    outcomes = {}
    for watch in app_client.get("/v1/watches").json():
        risk = app_client.get(f"/v1/watches/{watch['id']}/risk").json()
        outcomes[kols[watch["kol_id"]]] = (risk["decision"], risk["reasons"][0])
    assert outcomes["硬核老刀"][0] == "no_go"
    assert "stance" in outcomes["硬核老刀"][1]
    assert outcomes["苏葵实验室"][0] == "caution"
    assert outcomes["小满爱拆机"][0] == "go"


def test_seeding_twice_adds_no_posts_and_leaves_one_working_key(database, clock):
    first = seed_demo(database, get_scorer(), clock())
    with database.session_scope(write=False) as session:
        posts = session.scalar(select(func.count()).select_from(Post))
    clock.advance(minutes=5)
    second = seed_demo(database, get_scorer(), clock())
    assert first != second
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == posts
        active = session.scalar(
            select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))
        )
        assert active == 1
        assert auth_service.authenticate(session, second, clock()).scopes >= {"admin"}
        with pytest.raises(Unauthorized, match="revoked"):
            auth_service.authenticate(session, first, clock())


def test_the_demo_is_never_collected_and_old_collection_failures_are_cleared(
    app_client, database, clock, settings
):
    """Earlier versions collected the demo's watches from real platforms: offline, every
    listing failed and confidence sank. A restart clears what they left."""
    key = seed_demo(database, get_scorer(), clock())
    app_client.headers["Authorization"] = f"Bearer {key}"
    watches = app_client.get("/v1/watches").json()
    before = {w["id"]: app_client.get(f"/v1/watches/{w['id']}/risk").json() for w in watches}
    with database.session_scope() as session:
        for watch in watches:
            session.add(
                Coverage(
                    watch_id=watch["id"], platform="weibo", query="search:x",
                    last_error_at=clock(), last_error_kind="unreachable", updated_at=clock(),
                )
            )  # fmt: skip
    lowered = app_client.get(f"/v1/watches/{watches[0]['id']}/risk").json()
    assert lowered["confidence"] < before[watches[0]["id"]]["confidence"]
    with database.session_scope(write=False) as session:
        assert due_watches(session, settings, clock) == []
        tenant = session.scalar(select(Tenant).where(Tenant.name == DEMO_TENANT))
        assert tenant.collection_enabled is False
    app_client.headers["Authorization"] = f"Bearer {seed_demo(database, get_scorer(), clock())}"
    for watch in watches:
        after = app_client.get(f"/v1/watches/{watch['id']}/risk").json()
        assert after["confidence"] == before[watch["id"]]["confidence"]
        assert after["coverage"]["not_collected"] == {}
