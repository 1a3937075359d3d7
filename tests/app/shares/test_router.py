"""Share links: open the report without a key until revoked or expired (then 410), signed so
the address cannot be altered, read-only, every opening logged."""

from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.models import ReportShareUse
from app.reports import pdf
from tests.builders import create_watch, post_item
from tests.conftest import make_key


@pytest.fixture
def watch(api):
    created = create_watch(api)
    posts = [post_item(f"p{i}", f"测评老王又在阴阳河粉，太差了 {i}") for i in range(3)]
    posts.append(post_item("other", "今天天气不错", author={"uid": "u9", "name": "路人"}))
    assert api.post("/v1/posts", json=posts).status_code == 200
    return created


@pytest.fixture
def visitor(app_client):
    """A browser with no key: the `api` fixture signs app_client itself in."""
    return TestClient(app_client.app)


def share(api, watch_id, **body):
    response = api.post(f"/v1/watches/{watch_id}/share", json=body or None)
    assert response.status_code == 201, response.text
    return response.json()


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_share_opens_the_report_without_a_key(api, visitor, watch, settings):
    created = share(api, watch["id"], expires_in_hours=48)
    assert set(created) >= {"id", "url", "expires_at"}
    assert created["url"].startswith(f"{settings.public_base_url}/share/")
    assert created["expires_at"].startswith("2026-11-22T00:00:00")

    anonymous = visitor.get(path_of(created["url"]))
    assert anonymous.status_code == 200
    assert "text/html" in anonymous.headers["content-type"]
    assert "测评老王" in anonymous.text
    assert anonymous.headers["referrer-policy"] == "no-referrer"
    assert anonymous.headers["cache-control"] == "no-store"
    # Evidence links stay inside the share, where they open without a key too.
    token = created["url"].rsplit("/", 1)[1]
    assert f"/share/{token}/ui/posts/pst_" in anonymous.text


def test_markdown_and_pdf_through_the_format_parameter(api, visitor, watch, backend):
    url = path_of(share(api, watch["id"])["url"])
    markdown = visitor.get(url + "?format=md")
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    if backend != "sqlite":
        pytest.skip("rendering a PDF is database-independent; one backend is enough")
    if problem := pdf.pdf_problem():
        pytest.skip(problem)
    document = visitor.get(url + "?format=pdf")
    assert document.status_code == 200
    assert document.content.startswith(b"%PDF")


def test_revoked_and_expired_links_answer_410_with_the_error_body(api, visitor, watch, clock):
    revoked = share(api, watch["id"])
    assert api.delete(f"/v1/watches/{watch['id']}/share/{revoked['id']}").status_code == 204
    gone = visitor.get(path_of(revoked["url"]))
    assert gone.status_code == 410
    assert gone.json()["error"] == "share_gone"
    assert gone.json()["detail"]["reason"] == "revoked"
    assert "ask for a new link" in gone.json()["message"]

    expiring = share(api, watch["id"], expires_in_hours=1)
    assert visitor.get(path_of(expiring["url"])).status_code == 200
    clock.advance(hours=1)
    expired = visitor.get(path_of(expiring["url"]))
    assert expired.status_code == 410
    assert expired.json()["detail"]["reason"] == "expired"


def test_an_altered_address_opens_nothing(api, visitor, watch):
    url = path_of(share(api, watch["id"], expires_in_hours=1)["url"])
    share_id, expires, signature = url.rsplit("/", 1)[1].split(".")
    longer = f"/share/{share_id}.{int(expires) + 86400 * 365}.{signature}"
    assert visitor.get(longer).status_code == 404
    assert visitor.get(f"/share/{share_id}.{expires}.{'A' * len(signature)}").status_code == 404
    assert visitor.get("/share/nonsense").status_code == 404


def test_read_only(api, visitor, watch):
    url = path_of(share(api, watch["id"])["url"])
    assert visitor.post(url, json={}).status_code == 405
    assert visitor.delete(url).status_code == 405


def test_every_opening_is_logged_refusals_too(api, visitor, watch, database):
    created = share(api, watch["id"])
    url = path_of(created["url"])
    visitor.get(url, headers={"User-Agent": "legal-laptop"})
    visitor.get(url + "?format=md")
    api.delete(f"/v1/watches/{watch['id']}/share/{created['id']}")
    visitor.get(url)
    listed = api.get(f"/v1/watches/{watch['id']}/share").json()
    assert listed[0]["uses"] == 2
    assert listed[0]["revoked_at"] is not None
    with database.session_scope(write=False) as session:
        uses = session.scalars(select(ReportShareUse).order_by(ReportShareUse.used_at)).all()
        seen = [(u.what, u.outcome) for u in uses]
        agents = {u.user_agent for u in uses}
    assert sorted(seen) == sorted([("html", "ok"), ("md", "ok"), ("html", "revoked")])
    assert "legal-laptop" in agents


def test_archived_posts_of_the_watch_only(api, visitor, watch):
    url = path_of(share(api, watch["id"])["url"])
    ours = api.get("/v1/posts", params={"platform": "weibo", "platform_id": "p0"}).json()[0]
    other = api.get("/v1/posts", params={"platform": "weibo", "platform_id": "other"}).json()[0]
    page = visitor.get(f"{url}/ui/posts/{ours['id']}")
    assert page.status_code == 200
    assert "测评老王又在阴阳河粉" in page.text
    assert visitor.get(f"{url}/ui/posts/{other['id']}").status_code == 404


def test_another_tenant_cannot_touch_the_share(api, app_client, watch, database):
    created = share(api, watch["id"])
    other = {"Authorization": f"Bearer {make_key(database, 'globex', ['admin'])}"}
    path = f"/v1/watches/{watch['id']}/share"
    assert app_client.get(path, headers=other).status_code == 404
    assert app_client.delete(f"{path}/{created['id']}", headers=other).status_code == 404
    assert app_client.post(path, headers=other, json={}).status_code == 404


@pytest.mark.parametrize("hours", [0, -1, 24 * 90 + 1])
def test_expiry_out_of_range_is_refused(api, watch, hours):
    response = api.post(f"/v1/watches/{watch['id']}/share", json={"expires_in_hours": hours})
    assert response.status_code == 422
    assert "expires_in_hours" in response.json()["message"]


def test_creating_revoking_and_opening_are_in_the_audit_log(api, visitor, watch):
    created = share(api, watch["id"])
    visitor.get(path_of(created["url"]))
    api.delete(f"/v1/watches/{watch['id']}/share/{created['id']}")
    visitor.get(path_of(created["url"]))
    entries = api.get("/v1/audit-log", params={"object_id": created["id"]}).json()
    seen = [(e["action"], e["changes"]["after"].get("outcome")) for e in reversed(entries)]
    assert seen == [("create", None), ("open", "ok"), ("revoke", None), ("open", "revoked")]
    opened = entries[0]
    assert opened["object_type"] == "share"
    assert opened["actor"].startswith("shared link")


def test_the_list_pages_newest_first(api, watch, clock):
    made = []
    for _ in range(3):
        made.append(share(api, watch["id"])["id"])
        clock.advance(minutes=1)
    first = api.get(f"/v1/watches/{watch['id']}/share", params={"limit": 2})
    assert [s["id"] for s in first.json()] == made[::-1][:2]
    following = first.links["next"]["url"]
    assert [s["id"] for s in api.get(following).json()] == made[:1]
