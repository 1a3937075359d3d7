from datetime import UTC, datetime

import pytest

from app.auth import service as auth_service
from app.auth.keys import split_key
from tests.builders import brand_body
from tests.conftest import make_key

ERROR_KEYS = {"error", "message", "detail"}


def assert_unauthorized(response):
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == "unauthorized"
    assert body["message"]
    assert response.headers["www-authenticate"].lower().startswith("bearer")


def test_missing_key_is_401(app_client):
    response = app_client.get("/v1/brands")
    assert_unauthorized(response)
    assert "missing" in response.json()["message"].lower()


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer not-a-key", "Bearer kr_only", "Basic dXNlcjpwYXNz", "kr_abc_def"],
)
def test_malformed_or_wrong_scheme_is_401(app_client, database, header):
    make_key(database, "acme", ["admin"])
    assert_unauthorized(app_client.get("/v1/brands", headers={"Authorization": header}))


def test_wrong_secret_is_401(app_client, database):
    key = make_key(database, "acme", ["admin"])
    prefix, secret = split_key(key)
    wrong = f"{prefix}_{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}"
    assert_unauthorized(app_client.get("/v1/brands", headers={"Authorization": f"Bearer {wrong}"}))


def test_unknown_prefix_is_401(app_client, database):
    key = make_key(database, "acme", ["admin"])
    _, secret = split_key(key)
    forged = f"kr_00000000_{secret}"
    assert_unauthorized(app_client.get("/v1/brands", headers={"Authorization": f"Bearer {forged}"}))


def test_revoked_key_is_401(app_client, database):
    key = make_key(database, "acme", ["admin"])
    headers = {"Authorization": f"Bearer {key}"}
    assert app_client.get("/v1/brands", headers=headers).status_code == 200
    with database.session_scope() as session:
        auth_service.revoke_key(session, split_key(key)[0], datetime.now(UTC))
    response = app_client.get("/v1/brands", headers=headers)
    assert_unauthorized(response)


def test_revoked_and_unknown_keys_get_the_same_answer(app_client, database):
    """Different words would confirm to whoever holds a leaked key that it once was real."""
    revoked = make_key(database, "acme", ["admin"])
    with database.session_scope() as session:
        auth_service.revoke_key(session, split_key(revoked)[0], datetime.now(UTC))
    prefix, secret = split_key(make_key(database, "acme", ["admin"]))
    answers = [
        app_client.get("/v1/brands", headers={"Authorization": f"Bearer {key}"})
        for key in (revoked, f"kr_00000000_{secret}", f"{prefix}_{secret[::-1]}")
    ]
    assert {r.status_code for r in answers} == {401}
    assert len({r.text for r in answers}) == 1, [r.text for r in answers]


def test_scheme_is_case_insensitive(app_client, database):
    key = make_key(database, "acme", ["read"])
    response = app_client.get("/v1/brands", headers={"Authorization": f"bearer {key}"})
    assert response.status_code == 200


def test_read_key_may_read_but_not_write(app_client, database):
    headers = {"Authorization": f"Bearer {make_key(database, 'acme', ['read'])}"}
    assert app_client.get("/v1/brands", headers=headers).status_code == 200
    response = app_client.post("/v1/brands", json=brand_body(), headers=headers)
    assert response.status_code == 403, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == "forbidden"
    assert "write" in body["message"]
    # Nothing was created by the refused request.
    assert app_client.get("/v1/brands", headers=headers).json() == []


def test_write_key_may_read_and_write(app_client, database):
    headers = {"Authorization": f"Bearer {make_key(database, 'acme', ['write'])}"}
    assert app_client.post("/v1/brands", json=brand_body(), headers=headers).status_code == 201
    assert len(app_client.get("/v1/brands", headers=headers).json()) == 1


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json", "/docs"])
def test_open_endpoints_need_no_key(app_client, path):
    response = app_client.get(path)
    assert response.status_code == 200, response.text


def test_openapi_lists_the_v1_routes(app_client):
    paths = app_client.get("/openapi.json").json()["paths"]
    assert {"/v1/brands", "/v1/kols", "/v1/watches", "/v1/posts"} <= set(paths)


def thread_handoffs(monkeypatch):
    """The functions handed to the thread pool while the test runs, by name."""
    import anyio.to_thread

    handed = []
    run_sync = anyio.to_thread.run_sync

    async def counting(function, *args, **kwargs):
        handed.append(getattr(function, "__qualname__", repr(function)))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return handed


def test_a_risk_read_and_a_post_write_check_the_key_in_the_thread_doing_their_work(
    api, monkeypatch
):
    """One hand-off each (KeyCheck): the key check used to take a thread of its own."""
    from tests.builders import create_watch

    watch_id = create_watch(api)["id"]
    handed = thread_handoffs(monkeypatch)
    assert api.get(f"/v1/watches/{watch_id}/risk").status_code == 200
    assert len(handed) == 1, handed
    handed.clear()
    assert api.post("/v1/posts", json=[]).status_code == 200
    assert len(handed) == 1, handed


def test_a_deferred_key_check_refuses_as_the_dependency_did(app_client, database):
    read_only = {"Authorization": f"Bearer {make_key(database, 'acme', ['read'])}"}
    forged = {"Authorization": "Bearer kr_00000000_secret"}
    assert_unauthorized(app_client.get("/v1/watches/w_1/risk"))
    assert_unauthorized(app_client.get("/v1/watches/w_1/risk", headers=forged))
    assert_unauthorized(app_client.post("/v1/posts", content=b"not json", headers=forged))
    response = app_client.post("/v1/posts", json=[], headers=read_only)
    assert response.status_code == 403, response.text
    assert "write" in response.json()["message"]
