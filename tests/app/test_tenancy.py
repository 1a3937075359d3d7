"""Another tenant's ids are 404 everywhere: never 200, and never 403, which would confirm them."""

import pytest

from tests.builders import brand_body, create_watch, kol_body, post_item
from tests.conftest import make_key


@pytest.fixture
def acme(api):
    """Tenant A ("acme"): a brand, a KOL, a watch and a post linked to it."""
    watch = create_watch(api)
    stored = api.post("/v1/posts", json=[post_item("p1", "测评老王说星河手机不错")])
    assert stored.json()["inserted"] == 1, stored.text
    posts = api.get(f"/v1/watches/{watch['id']}/posts").json()["items"]
    assert len(posts) == 1
    return {
        "brand": watch["brand_id"],
        "kol": watch["kol_id"],
        "watch": watch["id"],
        "post": posts[0]["id"],
    }


@pytest.fixture
def other(api, database):
    """Headers of tenant B ("globex"), with an admin key so scope never explains a refusal."""
    return {"Authorization": f"Bearer {make_key(database, 'globex', ['admin'])}"}


ID_ROUTES = [
    ("GET", "/v1/brands/{brand}", None),
    ("PATCH", "/v1/brands/{brand}", {"aliases": ["别名甲"]}),
    ("DELETE", "/v1/brands/{brand}", None),
    ("GET", "/v1/kols/{kol}", None),
    ("PATCH", "/v1/kols/{kol}", {"aliases": ["别名乙"]}),
    ("DELETE", "/v1/kols/{kol}", None),
    ("GET", "/v1/watches/{watch}", None),
    ("PATCH", "/v1/watches/{watch}", {"stage": "signed"}),
    ("DELETE", "/v1/watches/{watch}", None),
    ("GET", "/v1/watches/{watch}/posts", None),
    ("GET", "/v1/watches/{watch}/risk", None),
    ("GET", "/v1/watches/{watch}/risk?as_of=2026-11-19T00:00:00Z", None),
    ("GET", "/v1/watches/{watch}/risk/history", None),
    ("GET", "/v1/watches/{watch}/coverage", None),
    ("GET", "/v1/posts/{post}", None),
]


@pytest.mark.parametrize(("method", "template", "body"), ID_ROUTES)
def test_other_tenants_ids_are_not_found(api, acme, other, method, template, body):
    path = template.format(**acme)
    response = api.request(method, path, json=body, headers=other)
    assert response.status_code == 404, response.text
    assert response.json()["error"] == "not_found"
    # ... and tenant A's object is untouched by B's attempt.
    owner_view = api.get(path.split("?")[0]) if method != "GET" else None
    if owner_view is not None:
        assert owner_view.status_code == 200, owner_view.text


def test_other_tenants_changes_leave_owner_data_intact(api, acme, other):
    api.patch(f"/v1/brands/{acme['brand']}", json={"name": "被改名"}, headers=other)
    api.patch(f"/v1/watches/{acme['watch']}", json={"stage": "dropped"}, headers=other)
    assert api.get(f"/v1/brands/{acme['brand']}").json()["name"] == brand_body()["name"]
    assert api.get(f"/v1/watches/{acme['watch']}").json()["stage"] == "negotiating"


@pytest.mark.parametrize("path", ["/v1/brands", "/v1/kols", "/v1/watches"])
def test_lists_show_only_own_objects(api, acme, other, path):
    assert len(api.get(path).json()) == 1
    assert api.get(path, headers=other).json() == []


def test_lists_keep_tenants_apart_when_both_have_objects(api, acme, other):
    mine = api.post("/v1/brands", json=brand_body(name="环球电器", aliases=[]), headers=other)
    assert mine.status_code == 201, mine.text
    assert [b["id"] for b in api.get("/v1/brands", headers=other).json()] == [mine.json()["id"]]
    assert [b["id"] for b in api.get("/v1/brands").json()] == [acme["brand"]]


def test_same_names_are_allowed_in_different_tenants(api, acme, other):
    assert api.post("/v1/brands", json=brand_body(), headers=other).status_code == 201
    assert api.post("/v1/kols", json=kol_body(), headers=other).status_code == 201


def test_watch_with_other_tenants_brand_is_422(api, acme, other):
    own_kol = api.post("/v1/kols", json=kol_body(), headers=other).json()["id"]
    response = api.post(
        "/v1/watches", json={"brand_id": acme["brand"], "kol_id": own_kol}, headers=other
    )
    assert response.status_code == 422, response.text
    assert "brand_id" in response.json()["message"]
    assert api.get("/v1/watches", headers=other).json() == []


def test_watch_with_other_tenants_kol_is_422(api, acme, other):
    own_brand = api.post("/v1/brands", json=brand_body(), headers=other).json()["id"]
    response = api.post(
        "/v1/watches", json={"brand_id": own_brand, "kol_id": acme["kol"]}, headers=other
    )
    assert response.status_code == 422, response.text
    assert "kol_id" in response.json()["message"]


def test_other_tenants_posts_do_not_reach_a_watch(api, acme, other):
    """B ingests a post naming A's brand and KOL: A's watch must not see it."""
    stored = api.post("/v1/posts", json=[post_item("p9", "测评老王和星河合作了")], headers=other)
    assert stored.json()["inserted"] == 1, stored.text
    items = api.get(f"/v1/watches/{acme['watch']}/posts").json()["items"]
    assert [p["id"] for p in items] == [acme["post"]]
