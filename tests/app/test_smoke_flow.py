from tests.builders import create_watch, post_item


def test_contract_flow_end_to_end(api):
    watch = create_watch(api)
    posts = [
        post_item("p1", "听说星河要和测评老王合作？这人天天骂河粉，坚决抵制！"),
        post_item("p2", "测评老王这次的星河评测挺客观的，点赞"),
    ]
    first = api.post("/v1/posts", json=posts)
    assert first.status_code == 200, first.text
    assert first.json() == {"inserted": 2, "duplicates": 0, "rejected": []}
    replay = api.post("/v1/posts", json=[*posts, {"platform": "weibo", "text": "缺少 id 与时间"}])
    body = replay.json()
    assert (body["inserted"], body["duplicates"]) == (0, 2)
    assert body["rejected"][0]["index"] == 2
    listed = api.get(f"/v1/watches/{watch['id']}/posts").json()
    assert sorted(p["platform_id"] for p in listed["items"]) == ["p1", "p2"]
    risk = api.get(f"/v1/watches/{watch['id']}/risk")
    assert risk.status_code == 200, risk.text
    assert {"score", "level", "decision", "components", "coverage", "reasons"} <= set(risk.json())
