"""Nothing stored makes a read fail. A post dated year 1 or 9999 (accepted before ingest
refused such dates) once made every risk read, report and dashboard page of the tenant's
watch answer 500; now it is left out of the readings, and the assessment says so."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from app.jobs.maintenance import evaluate_watches, update_rollups
from app.models import Mention, Post
from app.ui.session import KEY_COOKIE
from tests.builders import FakeScorer, create_watch, post_item

DATES = {
    "year 1": datetime(1, 1, 1, tzinfo=UTC),
    "year 9999": datetime(9999, 12, 31, 23, tzinfo=UTC),
}


def misdate(database, platform_id: str, when: datetime) -> None:
    """As a post stored before the range was enforced would be."""
    with database.session_scope() as session:
        ids = session.scalars(update(Post).where(Post.platform_id == platform_id)
                              .values(created_at=when).returning(Post.id)).all()  # fmt: skip
        session.execute(
            update(Mention).where(Mention.post_id.in_(ids)).values(post_created_at=when)
        )


def reads(watch: dict) -> list[str]:
    wid = watch["id"]
    return [
        f"/v1/watches/{wid}/risk",
        f"/v1/watches/{wid}/risk?as_of=2026-11-19T23:00:00Z",
        f"/v1/watches/{wid}/report?format=json",
        f"/v1/watches/{wid}/report?format=html",
        f"/v1/watches/{wid}/report?format=md",
        f"/v1/watches/{wid}/posts",
        f"/v1/watches/{wid}/coverage",
        "/ui/",
        f"/ui/watches/{wid}",
    ]


@pytest.mark.parametrize("when", DATES.values(), ids=DATES.keys())
def test_a_misdated_post_fails_no_read_and_is_named_in_notes(api, database, clock, when):
    watch = create_watch(api)
    items = [post_item("bad", "测评老王 合作 星河手机 太差了"), post_item("ok", "测评老王 新视频")]
    assert api.post("/v1/posts", json=items).json()["inserted"] == 2
    misdate(database, "bad", when)
    api.cookies.set(KEY_COOKIE, api.headers["Authorization"].removeprefix("Bearer "))
    for url in reads(watch):
        assert api.get(url).status_code == 200, url
    update_rollups(database, clock)  # the jobs too, and the reads after them
    evaluate_watches(database, FakeScorer(), clock)
    for url in reads(watch):
        assert api.get(url).status_code == 200, url
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["coverage"]["posts"] == 1
    assert any("1 stored post(s)" in note for note in risk["notes"])
    check = {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"]}
    assert api.post("/v1/risk-checks", json=check).status_code == 200


def out_of_range_requests(watch: dict) -> list[tuple[str, str, dict | None]]:
    wid, year_one, far = watch["id"], "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"
    check = {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"]}
    return [
        ("post", "/v1/risk-checks", {**check, "as_of": year_one}),
        ("post", "/v1/risk-checks", {**check, "as_of": far}),
        ("get", f"/v1/watches/{wid}/risk?as_of={year_one}", None),
        ("get", f"/v1/watches/{wid}/report?format=json&as_of={year_one}", None),
        ("get", f"/v1/watches/{wid}/posts?since={year_one}", None),
        ("post", f"/v1/watches/{wid}/silences", {"ends_at": far}),
        ("get", f"/v1/audit-log?since={year_one}", None),
    ]


def test_times_outside_the_range_asked_about_are_a_422_saying_so(api):
    watch = create_watch(api)
    for method, url, body in out_of_range_requests(watch):
        response = api.request(method, url, json=body)
        assert response.status_code == 422, (url, response.text)
        assert "2000-01-01" in response.json()["message"], url


def test_the_dashboard_refuses_a_year_one_day_filter_too(api):
    watch = create_watch(api)
    api.cookies.set(KEY_COOKIE, api.headers["Authorization"].removeprefix("Bearer "))
    for page in (f"/ui/watches/{watch['id']}", "/ui/audit"):
        assert api.get(page, params={"since": "0001-01-01"}).status_code == 422, page
