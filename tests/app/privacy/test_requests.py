"""Personal-data requests end to end through the API: find what is held about one author,
erase it, and see the evidence that quoted them read "removed on request (date)"."""

import json
import logging

import pytest
from sqlalchemy import select

from app.models import Assessment, Erasure, Kol
from tests.builders import create_watch, post_item
from tests.conftest import make_key

KOL = {"uid": "1000001", "name": "测评老王", "followers": 500000}
FAN = {"uid": "u1", "name": "河粉甲", "followers": 10}
OTHER = {"uid": "u2", "name": "路人乙", "followers": 10}


@pytest.fixture
def watch(api):
    created = create_watch(api)
    posts = [
        post_item("k1", "河粉都是负资产，星河不会死，死的是河粉", author=KOL),
        post_item("k2", "说真的河粉就是韭菜，呵呵", author=KOL,
                  created_at="2026-11-18T20:00:00+08:00"),
        post_item("c1", "听说星河要和测评老王合作？河粉要脱粉了，抵制", author=FAN),
        post_item("c2", "星河官宣测评老王代言？太恶心了，脱粉", author=FAN,
                  created_at="2026-11-19T21:00:00+08:00"),
        post_item("c3", "测评老王恰饭星河，河粉怒了", author=OTHER,
                  created_at="2026-11-19T22:00:00+08:00"),
    ]  # fmt: skip
    assert api.post("/v1/posts", json=posts).json()["inserted"] == 5
    risk = api.get(f"/v1/watches/{created['id']}/risk").json()
    assert "c1" in evidence_ids(risk)
    return created


def evidence_ids(payload):
    return {e["platform_id"] for c in payload["components"] for e in c["evidence"]}


def post_id(api, platform_id):
    return api.get("/v1/posts", params={"platform": "weibo", "platform_id": platform_id}).json()[0][
        "id"
    ]


def find(api, uid):
    response = api.get("/v1/privacy/subjects", params={"platform": "weibo", "uid": uid})
    assert response.status_code == 200, response.text
    return response.json()


def test_find_lists_posts_mentions_accounts_and_quoting_evidence(api, watch):
    fan = find(api, "u1")
    assert sorted(p["platform_id"] for p in fan["posts"]) == ["c1", "c2"]
    assert fan["posts"][0]["text"]
    assert {m["role"] for m in fan["mentions"]} >= {"kol", "fandom"}
    assert fan["accounts"] == []
    assert {(q["kind"], q["watch_id"]) for q in fan["evidence"]} == {("assessment", watch["id"])}

    kol = find(api, "1000001")
    assert sorted(p["platform_id"] for p in kol["posts"]) == ["k1", "k2"]
    assert [(a["role"], a["entity"], a["handle"]) for a in kol["accounts"]] == [
        ("kol", "测评老王", "测评老王")
    ]


def test_erase_removes_the_author_and_leaves_readable_evidence(
    api, watch, database, caplog, app_client
):
    c1, c3 = post_id(api, "c1"), post_id(api, "c3")
    caplog.set_level(logging.INFO, logger="kolrisk.audit")

    response = api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u1"})
    assert response.status_code == 201, response.text
    done = response.json()
    assert done["removed"]["posts"] == 2
    assert done["removed"]["assessments"] == 1
    assert [w["watch_id"] for w in done["watches"]] == [watch["id"]]

    # The archived post answers 410 with the date instead of a broken link.
    gone = api.get(f"/v1/posts/{c1}")
    assert gone.status_code == 410
    assert gone.json()["error"] == "removed_on_request"
    assert "removed on request (2026-11-20)" in gone.json()["message"]
    assert api.get(f"/v1/posts/{c3}").status_code == 200

    # The stored snapshot that quoted them keeps the item, without their data.
    with database.session_scope(write=False) as session:
        first = session.scalars(select(Assessment).order_by(Assessment.seq)).first()
        items = [e for c in first.payload["components"] for e in c["evidence"]]
        erasure = session.scalars(select(Erasure)).one()
    removed = [e for e in items if e["post_id"] == c1]
    assert removed
    assert all(e["quote"] == "removed on request (2026-11-20)" for e in removed)
    assert all(e["author"] == {"uid": None, "name": None, "followers": None} for e in removed)
    assert all(e["removed_on_request"] == "2026-11-20" for e in removed)
    assert any(e["post_id"] == c3 and e["author"]["uid"] == "u2" for e in items)
    assert "河粉甲" not in json.dumps(first.payload, ensure_ascii=False)
    assert "u1" not in json.dumps([erasure.subject_hash, erasure.removed])

    # Re-evaluated: the current read no longer stands on them.
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert not evidence_ids(risk) & {"c1", "c2"}
    after = find(api, "u1")
    assert (after["posts"], after["evidence"]) == ([], [])
    assert len(after["erasures"]) == 1

    audited = api.get("/v1/audit-log", params={"object_type": "author"}).json()
    assert [e["action"] for e in reversed(audited)] == ["erase", "find"]
    assert audited[1]["changes"]["after"]["removed"]["posts"] == 2
    assert "u1" not in json.dumps(audited)  # the author only as a hash


def test_the_dashboard_says_removed_on_request_in_chinese(api, watch, app_client, database):
    c1 = post_id(api, "c1")
    api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u1"})
    key = api.headers["Authorization"].split()[1]
    app_client.post("/ui/login", data={"key": key}, follow_redirects=False)
    page = app_client.get(f"/ui/posts/{c1}")
    assert page.status_code == 410
    assert "在请求下删除（2026-11-20）" in page.text


def test_erasing_the_kol_removes_his_account_too(api, watch, database):
    done = api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "1000001"}).json()
    assert done["removed"]["posts"] == 2
    assert done["removed"]["accounts"] == 1
    with database.session_scope(write=False) as session:
        kol = session.scalars(select(Kol)).one()
    assert kol.accounts == []
    assert find(api, "1000001")["accounts"] == []


def test_another_tenants_author_of_the_same_uid_is_untouched(api, watch, app_client, database):
    other = {"Authorization": f"Bearer {make_key(database, 'globex', ['admin'])}"}
    mine = post_item("g1", "星河不错", author=FAN)
    assert app_client.post("/v1/posts", json=[mine], headers=other).status_code == 200
    api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u1"})
    params = {"platform": "weibo", "uid": "u1"}
    held = app_client.get("/v1/privacy/subjects", params=params, headers=other).json()
    assert [p["platform_id"] for p in held["posts"]] == ["g1"]


def test_requests_need_an_admin_key(app_client, database, watch):
    writer = {"Authorization": f"Bearer {make_key(database, 'acme', ['write'])}"}
    params = {"platform": "weibo", "uid": "u1"}
    assert app_client.get("/v1/privacy/subjects", params=params, headers=writer).status_code == 403
    body = {"platform": "weibo", "uid": "u1"}
    assert app_client.post("/v1/privacy/erasures", json=body, headers=writer).status_code == 403


def test_erasures_are_listed_without_the_uid(api, watch):
    api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u1"})
    listed = api.get("/v1/privacy/erasures").json()
    assert len(listed) == 1
    assert listed[0]["removed"]["posts"] == 2
    assert "u1" not in json.dumps(listed)


def test_the_erasure_body_is_documented_as_a_platform_and_uid(app_client):
    # It once shared its class name with the ingest body's author, and OpenAPI showed that one.
    spec = app_client.get("/openapi.json").json()
    body = spec["paths"]["/v1/privacy/erasures"]["post"]["requestBody"]["content"]
    name = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(spec["components"]["schemas"][name]["required"]) == {"platform", "uid"}


def test_an_erased_authors_posts_are_refused_when_sent_again(api, watch):
    assert (
        api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u1"}).status_code == 201
    )
    again = [
        post_item("c1", "听说星河要和测评老王合作？河粉要脱粉了，抵制", author=FAN),
        post_item("c9", "测评老王又翻车了", author=OTHER),
        post_item("c8", "测评老王新视频", author={**FAN, "uid": "u1"}, platform="bilibili"),
    ]
    result = api.post("/v1/posts", json=again).json()
    assert result["inserted"] == 2  # the other author, and the same uid on another platform
    assert [r["index"] for r in result["rejected"]] == [0]
    assert "erased on request" in result["rejected"][0]["reason"]
    assert find(api, "u1")["posts"] == []
