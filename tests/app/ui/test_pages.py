"""Dashboard pages render, in Chinese and English; sign-in keeps the key out of URLs."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import make_key


@pytest.mark.db
def test_pages_need_sign_in(app_client):
    response = app_client.get("/ui/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/login"
    chinese = app_client.get("/ui/login").text
    assert "用户名" in chinese
    assert "用 API 密钥登录" in chinese
    assert "sign in with an API key" in app_client.get("/ui/login?lang=en").text


@pytest.mark.db
def test_sign_in_sets_a_strict_httponly_cookie_and_sign_out_clears_it(app_client, demo_key):
    bad = app_client.post("/ui/login", data={"key": "kr_nope_nope"}, follow_redirects=False)
    assert bad.status_code == 401
    response = app_client.post("/ui/login", data={"key": demo_key}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert response.headers["location"] == "/ui/"
    page = app_client.get("/ui/").text
    assert demo_key not in page
    from tests.app.ui.conftest import csrf_of

    out = app_client.post("/ui/logout", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert out.status_code == 303
    assert app_client.get("/ui/", follow_redirects=False).status_code == 303


@pytest.mark.db
def test_watches_list_sorted_by_risk_with_badges_and_sparklines(ui):
    page = ui.get("/ui/").text
    order = [page.index(name) for name in ("硬核老刀", "苏葵实验室", "小满爱拆机")]
    assert order == sorted(order)
    assert "不建议签约" in page
    # One assessment each so far: no trend line pretending to be one (a red dot on every row).
    assert 'class="spark"' not in page
    assert page.count("仅一次评估") == 3
    assert "不采集" in page  # the demo is never collected, and says so
    assert "<script" not in page
    english = ui.get("/ui/?lang=en")
    assert "NO-GO" in english.text
    assert "kolrisk_lang=en" in english.headers["set-cookie"]
    assert "Watches" in ui.get("/ui/").text  # the choice sticks (cookie)


@pytest.mark.db
def test_watch_page_shows_report_posts_alerts_deliveries_and_controls(ui, demo_watches):
    response = ui.get(f"/ui/watches/{demo_watches['硬核老刀']}")
    assert response.status_code == 200
    assert "script-src" not in response.headers["content-security-policy"]
    page = response.text
    for part in (
        'id="decision"',
        "不建议签约",
        "<svg",
        'id="posts"',
        'id="alerts"',
        'id="deliveries"',
        'id="controls"',
        "负资产",
    ):
        assert part in page, part
    filtered = ui.get(
        f"/ui/watches/{demo_watches['硬核老刀']}",
        params={
            "platform": "tieba",
            "sentiment": "negative",
            "entity": "fandom",
            "since": "2026-01-01",
            "until": "2026-11-20",
        },
    )
    assert filtered.status_code == 200
    assert "NO-GO" in ui.get(f"/ui/watches/{demo_watches['硬核老刀']}?lang=en").text


@pytest.mark.db
def test_report_downloads_through_the_dashboard_cookie(ui, demo_watches):
    watch = demo_watches["硬核老刀"]
    assert ui.get(f"/ui/watches/{watch}/report?format=md").text.startswith("# ")
    assert ui.get(f"/ui/watches/{watch}/report?format=json").json()["risk"]["decision"] == "no_go"


@pytest.mark.db
def test_setup_and_archived_post_pages_render(ui, demo_watches, demo_key):
    assert "添加品牌" in ui.get("/ui/setup").text
    headers = {"Authorization": f"Bearer {demo_key}"}
    posts = ui.get(f"/v1/watches/{demo_watches['硬核老刀']}/posts", headers=headers).json()
    post = posts["items"][0]
    page = ui.get(f"/ui/posts/{post['id']}").text
    assert 'id="post-text"' in page
    # Words, not emoji: the page's CJK fonts have no emoji glyphs and drew boxes.
    chrome = page.split('id="post-text"')[0] + page.split("</blockquote>")[1]
    assert not re.search("[\U0001f300-\U0001faff\u2600-\u27bf]", chrome)
    assert "赞" in page


@pytest.mark.db
def test_the_override_form_asks_for_a_choice_instead_of_offering_go(ui, demo_watches):
    page = ui.get(f"/ui/watches/{demo_watches['硬核老刀']}").text
    form = page.split('action="/ui/watches/')[1]
    assert '<select name="decision" required><option value="" selected disabled>' in form


def test_the_last_collection_says_when_it_failed_or_never_runs():
    from datetime import UTC, datetime

    from app.models import Tenant, WatchCollection
    from app.ui.dashboard import collection_state

    tenant = Tenant(id="t", name="t", collection_enabled=True)
    finished = datetime(2026, 12, 1, tzinfo=UTC)
    ran = WatchCollection(watch_id="w", last_finished_at=finished)
    ran.last_summary = {"listings": 25, "failed": 25}
    assert collection_state(tenant, ran) == "failed"
    ran.last_summary = {"listings": 25, "failed": 3}
    assert collection_state(tenant, ran) == "ok"
    assert collection_state(tenant, None) is None
    tenant.collection_enabled = False
    assert collection_state(tenant, ran) == "off"


@pytest.mark.db
def test_another_tenants_watch_is_not_found(ui, demo_watches, database):
    other = make_key(database, "other", ["admin"])
    ui.post("/ui/login", data={"key": other})
    response = ui.get(f"/ui/watches/{demo_watches['硬核老刀']}")
    assert response.status_code == 404
    assert "no watch" in response.text


@pytest.mark.db
def test_watch_page_words_the_reasons_in_the_pages_language(ui, demo_watches):
    watch = demo_watches["硬核老刀"]
    risk = ui.get(f"/ui/watches/{watch}/report?format=json").json()["risk"]
    english_reason = html.escape(risk["reasons"][0], quote=False)
    chinese = ui.get(f"/ui/watches/{watch}?lang=zh").text
    assert "不建议签约：" in chinese
    assert english_reason not in chinese
    english = ui.get(f"/ui/watches/{watch}?lang=en").text
    assert english_reason in english.replace("&#39;", "'")
