"""GET /v1/brands/{id}/candidates: the shortlist side by side, risk and fit apart."""

from __future__ import annotations

from typing import Any

from tests.builders import brand_body, kol_body, post_item
from tests.conftest import make_key


def _kol(api: Any, name: str, uid: str) -> str:
    body = kol_body(name=name, aliases=[], accounts=[{"platform": "weibo", "uid": uid}])
    return str(api.post("/v1/kols", json=body).json()["id"])


def _shortlist(api: Any) -> tuple[str, dict[str, str]]:
    brand = brand_body(category="手机", category_words=["续航", "拍照"], tone="gentle")
    brand_id = api.post("/v1/brands", json=brand).json()["id"]
    kols = {"老王": _kol(api, "测评老王", "k1"), "小李": _kol(api, "数码小李", "k2")}
    for kol_id in kols.values():
        created = api.post("/v1/watches", json={"brand_id": brand_id, "kol_id": kol_id})
        assert created.status_code == 201
    posts = [
        post_item(f"w{i}", f"星河手机续航真差 垃圾{i}", author={"uid": "k1", "followers": 90000})
        for i in range(3)
    ] + [
        post_item(f"l{i}", f"这款手机拍照不错{i}", author={"uid": "k2", "followers": 5000})
        for i in range(3)
    ]
    posts.append(
        post_item("c1", "说得对", kind="comment", parent_platform_id="l0", author={"uid": "f1"})
    )
    posts.append(post_item("fan", "河粉报到", author={"uid": "f1"}))
    assert api.post("/v1/posts", json=posts).json()["inserted"] == len(posts)
    return brand_id, kols


def test_every_watched_kol_with_risk_and_fit(api):
    brand_id, kols = _shortlist(api)
    response = api.get(f"/v1/brands/{brand_id}/candidates")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["tone"] == "gentle"
    assert body["category"] == "手机"
    by_name = {c["kol_name"]: c for c in body["candidates"]}
    assert set(by_name) == {"测评老王", "数码小李"}
    wang, li = by_name["测评老王"], by_name["数码小李"]
    for candidate in (wang, li):
        assert candidate["decision"] in ("go", "caution", "no_go")
        assert candidate["components"]
        assert candidate["change"] is None  # no snapshot a week old
    assert wang["followers"] == 90000
    assert li["followers"] == 5000
    fit_li = {p["name"]: p for p in li["fit"]["parts"]}
    assert fit_li["category"]["value"] == 1.0
    assert fit_li["category"]["evidence"][0]["post_id"]
    # f1 commented under 小李's post and speaks as a fan (河粉): the whole audience overlaps.
    assert fit_li["audience"]["value"] == 1.0
    assert li["fit"]["confidence"] < 0.5  # three posts: thin data, said so
    assert any("thin data" in gap for gap in li["fit"]["gaps"])
    wang_tone = {p["name"]: p for p in wang["fit"]["parts"]}["tone"]
    assert wang["fit"]["kol_tone"] == "sharp"
    assert wang_tone["evidence"]  # the harsh posts themselves


def test_sorting(api):
    brand_id, _ = _shortlist(api)
    url = f"/v1/brands/{brand_id}/candidates"
    scores = [c["score"] for c in api.get(url, params={"sort": "score"}).json()["candidates"]]
    assert scores == sorted(scores)
    fits = [c["fit"]["score"] for c in api.get(url, params={"sort": "-fit"}).json()["candidates"]]
    assert fits == sorted(fits, reverse=True)
    names = [
        c["kol_name"] for c in api.get(url, params={"sort": "-followers"}).json()["candidates"]
    ]
    assert names == ["测评老王", "数码小李"]
    assert api.get(url, params={"sort": "height"}).status_code == 422


def test_fit_fields_are_set_and_changed_through_the_brands_api(api):
    brand_id = api.post("/v1/brands", json=brand_body()).json()["id"]
    brand = api.get(f"/v1/brands/{brand_id}").json()
    assert (brand["category"], brand["category_words"], brand["tone"]) == (None, [], "neutral")
    changed = api.patch(
        f"/v1/brands/{brand_id}", json={"tone": "sharp", "category_words": ["数码"]}
    )
    assert changed.status_code == 200
    assert changed.json()["tone"] == "sharp"
    assert changed.json()["category_words"] == ["数码"]
    assert api.patch(f"/v1/brands/{brand_id}", json={"tone": "loud"}).status_code == 422


def test_another_tenants_brand_is_not_found(api, app_client, database):
    brand_id, _ = _shortlist(api)
    other = make_key(database, "other", ["read"])
    response = app_client.get(
        f"/v1/brands/{brand_id}/candidates", headers={"Authorization": f"Bearer {other}"}
    )
    assert response.status_code == 404


def test_change_since_last_week_compares_with_a_week_old_snapshot(api, clock):
    brand_id, _ = _shortlist(api)
    url = f"/v1/brands/{brand_id}/candidates"
    before = {c["kol_name"]: c for c in api.get(url).json()["candidates"]}
    clock.advance(days=8)
    api.post("/v1/posts", json=[post_item("late", "测评老王 又来了", author={"uid": "z9"})])
    after = {c["kol_name"]: c for c in api.get(url).json()["candidates"]}
    change = after["测评老王"]["change"]
    assert change is not None
    assert change["decision_then"] == before["测评老王"]["decision"]
    assert change["score"] == round(after["测评老王"]["score"] - before["测评老王"]["score"], 1)


def test_lang_zh_words_risk_and_fit_in_chinese(api):
    brand_id, _ = _shortlist(api)
    body = api.get(f"/v1/brands/{brand_id}/candidates", params={"lang": "zh"}).json()
    li = next(c for c in body["candidates"] if c["kol_name"] == "数码小李")
    category = next(p for p in li["fit"]["parts"] if p["name"] == "category")
    assert category["summary"] == "3 条本人帖子中 3 条属于该品类"
    assert category["summary_message"] == {
        "key": "fit.msg.category",
        "params": {"found": 3, "total": 3},
    }
    assert any("数据偏少" in gap for gap in li["fit"]["gaps"])
    assert all(ord(ch) > 0x2E80 for ch in li["top_reason"][:2])  # a Chinese reason


def test_the_comparison_report_through_the_api(api):
    from app.reports import pdf

    brand_id, _ = _shortlist(api)
    url = f"/v1/brands/{brand_id}/candidates/report"
    markdown = api.get(url, params={"format": "md", "lang": "en"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Shortlist comparison")
    html = api.get(url, params={"format": "html"}).text
    assert "候选 KOL 对比" in html
    assert "数码小李" in html
    if pdf.pdf_problem() is None:
        answer = api.get(url, params={"format": "pdf"})
        assert answer.content.startswith(b"%PDF")
