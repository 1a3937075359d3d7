"""Key names, expiry and the last-used time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth import service as auth_service
from app.auth.keys import split_key
from app.models import ApiKey
from tests.app.auth.test_api_auth import assert_unauthorized
from tests.conftest import make_key


def last_used(database, key):
    with database.session_scope(write=False) as session:
        prefix = split_key(key)[0]
        return session.scalar(select(ApiKey.last_used_at).where(ApiKey.prefix == prefix))


def test_an_expired_key_answers_like_an_unknown_one(app_client, database, clock):
    with database.session_scope() as session:
        tenant = auth_service.get_or_create_tenant(session, "acme")
        expires = clock() + timedelta(days=1)
        _, key = auth_service.create_key(session, tenant, ["read"], clock(), expires_at=expires)
    headers = {"Authorization": f"Bearer {key}"}
    assert app_client.get("/v1/brands", headers=headers).status_code == 200
    clock.advance(days=1)
    expired = app_client.get("/v1/brands", headers=headers)
    assert_unauthorized(expired)
    prefix, secret = split_key(key)
    unknown = app_client.get(
        "/v1/brands", headers={"Authorization": f"Bearer kr_00000000_{secret}"}
    )
    assert expired.json() == unknown.json()
    assert prefix  # the prefix exists; nothing in the answer says so


def test_last_used_is_written_at_most_once_a_minute(app_client, database, clock):
    key = make_key(database, "acme", ["read"])
    headers = {"Authorization": f"Bearer {key}"}
    usage = app_client.app.state.key_usage
    assert last_used(database, key) is None
    app_client.get("/v1/brands", headers=headers)
    usage.wait()
    assert last_used(database, key) == clock()
    first = clock()
    clock.advance(seconds=59)
    app_client.get("/v1/brands", headers=headers)
    usage.wait()
    assert last_used(database, key) == first
    clock.advance(seconds=2)
    app_client.get("/v1/brands", headers=headers)
    usage.wait()
    assert last_used(database, key) == clock()
