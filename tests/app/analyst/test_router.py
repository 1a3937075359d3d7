"""Analyst controls: irrelevant posts, excluded aliases, overrides — each with who and why."""

from tests.builders import create_watch, kol_body, post_item
from tests.conftest import make_key


def kol_post(pid, text, **kw):
    return post_item(
        pid, text, author={"uid": "1000001", "name": "测评老王", "followers": 10**6}, **kw
    )


def post_id_of(api, platform_id):
    return api.get("/v1/posts", params={"platform": "weibo", "platform_id": platform_id}).json()[0][
        "id"
    ]


def risk(api, watch):
    return api.get(f"/v1/watches/{watch['id']}/risk").json()


def test_marking_a_post_irrelevant_takes_it_out_of_the_assessment(api):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[kol_post(f"h{i}", f"河粉都是韭菜{i}号，星河的粉丝智商感人") for i in range(3)],
    )
    before = risk(api, watch)
    assert before["coverage"]["posts"] == 3
    flagged = api.post(
        f"/v1/watches/{watch['id']}/irrelevant-posts",
        json={"post_id": post_id_of(api, "h0"), "reason": "quoted someone else"},
    )
    assert flagged.status_code == 201
    assert flagged.json()["created_by"].startswith("kr_")
    after = risk(api, watch)
    assert after["coverage"]["posts"] == 2
    assert after["evaluated_at"] >= before["evaluated_at"]
    api.delete(f"/v1/watches/{watch['id']}/irrelevant-posts/{post_id_of(api, 'h0')}")
    assert risk(api, watch)["coverage"]["posts"] == 3


def test_an_excluded_alias_drops_posts_tied_only_through_it(api):
    watch = create_watch(api, kol=kol_body(aliases=["老王"]))
    api.post(
        "/v1/posts", json=[post_item("a1", "隔壁老王又在装修"), post_item("n1", "测评老王的新视频")]
    )
    assert risk(api, watch)["coverage"]["posts"] == 2
    response = api.post(
        f"/v1/watches/{watch['id']}/excluded-aliases",
        json={"alias": "老王", "reason": "a common nickname"},
    )
    assert response.status_code == 201
    assert risk(api, watch)["coverage"]["posts"] == 1
    assert (
        api.post(
            f"/v1/watches/{watch['id']}/excluded-aliases", json={"alias": "老王", "reason": "again"}
        ).status_code
        == 409
    )


def test_override_is_shown_beside_the_computed_decision(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "星河的新机还不错")])
    computed = risk(api, watch)["decision"]
    put = api.put(
        f"/v1/watches/{watch['id']}/override",
        json={"decision": "no_go", "rationale": "legal flagged an unpublished dispute"},
    )
    assert put.status_code == 200
    shown = risk(api, watch)
    assert shown["decision"] == computed
    assert shown["effective_decision"] == "no_go"
    assert shown["override"]["rationale"] == "legal flagged an unpublished dispute"
    api.delete(f"/v1/watches/{watch['id']}/override")
    cleared = risk(api, watch)
    assert cleared["override"] is None
    assert cleared["effective_decision"] == computed
    history = api.get(f"/v1/watches/{watch['id']}/controls").json()["overrides"]
    assert len(history) == 1
    assert history[0]["revoked_at"] is not None


def test_controls_need_a_reason_and_a_write_key(api, app_client, database):
    watch = create_watch(api)
    missing = api.put(f"/v1/watches/{watch['id']}/override", json={"decision": "go"})
    assert missing.status_code == 422
    read_key = make_key(database, "acme", ["read"])
    refused = app_client.put(
        f"/v1/watches/{watch['id']}/override",
        json={"decision": "go", "rationale": "ok by me"},
        headers={"Authorization": f"Bearer {read_key}"},
    )
    assert refused.status_code == 403


def test_a_post_outside_the_watch_cannot_be_marked(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[post_item("x1", "无关")])
    response = api.post(
        f"/v1/watches/{watch['id']}/irrelevant-posts",
        json={"post_id": post_id_of(api, "x1"), "reason": "noise"},
    )
    assert response.status_code == 422
