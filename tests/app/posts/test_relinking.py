"""Linking in the database: entities created or renamed after posts arrive still see them."""

from tests.builders import brand_body, create_watch, kol_body, post_item


def watch_post_ids(api, watch_id):
    return sorted(
        p["platform_id"] for p in api.get(f"/v1/watches/{watch_id}/posts").json()["items"]
    )


def test_watch_created_after_the_posts_sees_them(api):
    api.post(
        "/v1/posts", json=[post_item("early", "测评老王说星河不行"), post_item("noise", "无关")]
    )
    watch = create_watch(api)
    assert watch_post_ids(api, watch["id"]) == ["early"]


def test_alias_added_later_relinks_stored_posts(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[post_item("nick", "王哥又开始带节奏了")])
    assert watch_post_ids(api, watch["id"]) == []
    api.patch(f"/v1/kols/{watch['kol_id']}", json={"aliases": ["老王测评", "王哥"]})
    assert watch_post_ids(api, watch["id"]) == ["nick"]


def test_alias_removed_unlinks_posts(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[post_item("alias", "老王测评又来了")])
    assert watch_post_ids(api, watch["id"]) == ["alias"]
    api.patch(f"/v1/kols/{watch['kol_id']}", json={"aliases": []})
    assert watch_post_ids(api, watch["id"]) == []


def test_account_added_later_links_the_kols_own_posts(api):
    watch = create_watch(api, kol=kol_body(accounts=[]))
    api.post(
        "/v1/posts", json=[post_item("own", "今天测评五款防晒", author={"uid": "777", "name": "x"})]
    )
    assert watch_post_ids(api, watch["id"]) == []
    api.patch(
        f"/v1/kols/{watch['kol_id']}", json={"accounts": [{"platform": "weibo", "uid": "777"}]}
    )
    posts = api.get(f"/v1/watches/{watch['id']}/posts").json()["items"]
    assert [(p["platform_id"], p["mentions"][0]["via"]) for p in posts] == [("own", "author")]


def test_brand_fandom_added_later_shows_in_mentions(api):
    watch = create_watch(api, brand=brand_body(fandom_names=[]))
    api.post("/v1/posts", json=[post_item("fans", "测评老王又骂河粉")])
    api.patch(f"/v1/brands/{watch['brand_id']}", json={"fandom_names": ["河粉"]})
    posts = api.get(f"/v1/watches/{watch['id']}/posts", params={"entity": "fandom"}).json()["items"]
    assert [p["platform_id"] for p in posts] == ["fans"]


def test_traditional_characters_and_handles_link(api):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[post_item("trad", "測評老王的視頻"), post_item("at", "@测评老王 出来说话")],
    )
    assert watch_post_ids(api, watch["id"]) == ["at", "trad"]


def test_posts_of_another_tenant_are_never_linked(api, database):
    from tests.conftest import make_key

    other = make_key(database, "globex", ["admin"])
    api.post(
        "/v1/posts",
        json=[post_item("theirs", "测评老王")],
        headers={"Authorization": f"Bearer {other}"},
    )
    watch = create_watch(api)
    assert watch_post_ids(api, watch["id"]) == []
