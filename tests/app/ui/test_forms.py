"""Forms: CSRF, creating objects, analyst controls, all through the dashboard."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.alerting.events import ingest_transitions
from app.jobs.maintenance import evaluate_watches
from app.models import Alert
from sentiment import get_scorer
from tests.app.ui.conftest import csrf_of


@pytest.fixture
def token(ui):
    return csrf_of(ui.get("/ui/setup").text)


@pytest.mark.db
def test_forms_without_or_with_a_wrong_token_are_refused(ui, demo_watches):
    url = f"/ui/watches/{demo_watches['硬核老刀']}/override"
    body = {"decision": "go", "rationale": "signed anyway"}
    assert ui.post(url, data=body).status_code == 403
    assert ui.post(url, data={**body, "csrf": "0" * 64}).status_code == 403
    assert ui.post("/ui/brands", data={"name": "跨站品牌"}).status_code == 403


@pytest.mark.db
def test_forms_posted_from_another_site_are_refused(ui, token):
    response = ui.post(
        "/ui/brands",
        data={"csrf": token, "name": "跨站品牌"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


@pytest.mark.db
def test_brand_kol_watch_and_webhook_forms_create_objects(ui, token, demo_key, settings):
    headers = {"Authorization": f"Bearer {demo_key}"}
    brand = {
        "csrf": token,
        "name": "青禾手机",
        "aliases": "青禾，QH",
        "fandom_names": "禾粉",
        "competitors": "澜屿",
        "executives": "周青 | weibo | 55501 | 青禾周青",
        "owned_accounts": "weibo | 55500 | 青禾官微",
        "tieba_bars": "青禾手机，青禾",
    }
    assert ui.post("/ui/brands", data=brand, follow_redirects=False).status_code == 303
    kol = {
        "csrf": token,
        "name": "数码小林",
        "aliases": "小林",
        "accounts": "weibo | 66601 | 数码小林\nbilibili | 77701 |",
        "tieba_bars": "数码小林",
    }
    assert ui.post("/ui/kols", data=kol, follow_redirects=False).status_code == 303
    brands = ui.get("/v1/brands", headers=headers).json()
    kols = ui.get("/v1/kols", headers=headers).json()
    made_brand = next(b for b in brands if b["name"] == "青禾手机")
    made_kol = next(k for k in kols if k["name"] == "数码小林")
    assert made_brand["executives"][0]["accounts"][0]["uid"] == "55501"
    assert len(made_kol["accounts"]) == 2
    assert made_brand["tieba_bars"] == ["青禾手机", "青禾"]
    assert made_kol["tieba_bars"] == ["数码小林"]
    watch = ui.post(
        "/ui/watches",
        data={
            "csrf": token,
            "brand_id": made_brand["id"],
            "kol_id": made_kol["id"],
            "stage": "negotiating",
        },
        follow_redirects=False,
    )
    assert watch.status_code == 303
    assert ui.get(watch.headers["location"]).status_code == 200
    bad = ui.post("/ui/kols", data={"csrf": token, "name": "x"})
    assert bad.status_code == 422
    assert "名称：「x」太短" in bad.text  # the form's language, not pydantic's English
    bad_en = ui.post("/ui/kols?lang=en", data={"csrf": token, "name": "x"})
    assert "name: &#39;x&#39; is too short" in bad_en.text
    ui.app.state.settings = settings.model_copy(update={"webhook_allow_hosts": "127.0.0.1"})
    hook = ui.post(
        "/ui/webhooks",
        data={
            "csrf": token,
            "kind": "standard",
            "url": "http://127.0.0.1:9/hook",
            "min_level": "high",
        },
    )
    assert hook.status_code == 200
    assert "whsec_" in hook.text
    assert [w["min_level"] for w in ui.get("/v1/webhooks", headers=headers).json()] == ["high"]


@pytest.mark.db
def test_analyst_controls_work_through_the_dashboard(ui, token, demo_watches, demo_key, clock):
    watch = demo_watches["硬核老刀"]
    headers = {"Authorization": f"Bearer {demo_key}"}
    done = ui.post(
        f"/ui/watches/{watch}/override",
        follow_redirects=False,
        data={"csrf": token, "decision": "caution", "rationale": "法务已审，先谈条件"},
    )
    assert done.headers["location"].endswith("?done=override")
    risk = ui.get(f"/v1/watches/{watch}/risk", headers=headers).json()
    assert (risk["decision"], risk["effective_decision"]) == ("no_go", "caution")
    assert "法务已审" in ui.get(f"/ui/watches/{watch}").text
    assert ui.post(f"/ui/watches/{watch}/override/revoke", data={"csrf": token}).status_code == 200
    alias = ui.post(
        f"/ui/watches/{watch}/exclude-alias",
        data={"csrf": token, "alias": "老刀", "reason": "也是常用词"},
    )
    assert alias.status_code == 200
    post_id = ui.get(f"/v1/watches/{watch}/posts", headers=headers).json()["items"][0]["id"]
    marked = ui.post(
        f"/ui/watches/{watch}/irrelevant",
        data={"csrf": token, "post_id": post_id, "reason": "同名的人"},
    )
    assert marked.status_code == 200
    controls = ui.get(f"/v1/watches/{watch}/controls", headers=headers).json()
    assert [p["post_id"] for p in controls["irrelevant_posts"]] == [post_id]
    assert controls["excluded_aliases"][0]["alias"] == "老刀"
    assert controls["overrides"][0]["revoked_at"] is not None


@pytest.mark.db
def test_alerts_are_acknowledged_from_the_watch_page(ui, token, demo_watches, database, clock):
    evaluate_watches(database, get_scorer(), clock)
    with database.session_scope() as session:
        ingest_transitions(session, clock())
        query = select(Alert.id).where(Alert.watch_id == demo_watches["硬核老刀"])
        alert_id = session.scalar(query)
    assert alert_id is not None
    page = ui.get(f"/ui/watches/{demo_watches['硬核老刀']}").text
    assert f"/ui/alerts/{alert_id}/ack" in page
    response = ui.post(f"/ui/alerts/{alert_id}/ack", data={"csrf": token}, follow_redirects=False)
    assert response.headers["location"].endswith("?done=ack")
    with database.session_scope(write=False) as session:
        assert session.get(Alert, alert_id).acked_at is not None


@pytest.mark.parametrize("form", ["/ui/brands", "/ui/kols"])
def test_a_name_taken_already_is_shown_beside_its_field(ui, token, form):
    """The form comes back with the conflict in Chinese at the name field, what was typed
    kept, instead of a 500."""
    first = ui.post(form, data={"csrf": token, "name": "青禾数码"}, follow_redirects=False)
    assert first.status_code == 303
    data = {"csrf": token, "name": "青禾数码", "aliases": "另一个别名"}
    response = ui.post(form, data=data, follow_redirects=False)
    assert response.status_code == 409, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "已有同名的" in response.text
    assert 'class="field-error"' in response.text
    assert "另一个别名" in response.text  # the rest of the form is kept
    assert ui.get("/ui/setup").status_code == 200  # the session goes on
