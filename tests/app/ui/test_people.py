"""People sign in to the dashboard by name and password; what they do carries their name;
failed sign-ins are slowed and locked out per name (or key prefix) and per address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.alerting.events import ingest_transitions
from app.auth import people
from app.auth.service import find_tenant
from app.jobs.maintenance import evaluate_watches
from app.models import Alert, AuditEntry
from sentiment import get_scorer
from tests.app.ui.conftest import csrf_of

PASSWORD = "correct horse battery"


@pytest.fixture
def staff(database, demo_key, clock):
    """A viewer, an analyst and an admin in the demo tenant."""
    with database.session_scope() as session:
        tenant = find_tenant(session, "demo")
        for name, role in (("小李", "viewer"), ("王经理", "analyst"), ("赵总", "admin")):
            people.create_user(session, tenant, name, role, PASSWORD, clock())


def sign_in(client, name, password=PASSWORD):
    return client.post(
        "/ui/login", data={"name": name, "password": password}, follow_redirects=False
    )


@pytest.mark.db
def test_a_person_signs_in_and_their_changes_carry_their_name(
    app_client, staff, demo_watches, database, clock
):
    signed_in = sign_in(app_client, "王经理")
    assert signed_in.status_code == 303
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert PASSWORD not in cookie
    page = app_client.get("/ui/").text
    watch = demo_watches["硬核老刀"]
    done = app_client.post(
        f"/ui/watches/{watch}/override", follow_redirects=False,
        data={"csrf": csrf_of(page), "decision": "caution", "rationale": "法务已审，先谈条件"},
    )  # fmt: skip
    assert done.status_code == 303
    assert "王经理" in app_client.get(f"/ui/watches/{watch}").text
    evaluate_watches(database, get_scorer(), clock)
    with database.session_scope() as session:
        ingest_transitions(session, clock())
        alert_id = session.scalar(select(Alert.id).where(Alert.watch_id == watch))
    app_client.post(f"/ui/alerts/{alert_id}/ack", data={"csrf": csrf_of(page)})
    with database.session_scope(write=False) as session:
        assert session.get(Alert, alert_id).acked_by == "王经理"
        entries = session.scalars(select(AuditEntry).where(AuditEntry.actor_kind == "person"))
        assert {(e.actor, e.action) for e in entries} == {
            ("王经理", "set_override"), ("王经理", "ack")
        }  # fmt: skip


@pytest.mark.db
def test_roles_decide_what_a_person_may_do(app_client, staff, demo_watches):
    assert sign_in(app_client, "小李").status_code == 303
    page = app_client.get("/ui/").text
    assert "硬核老刀" in page
    watch = demo_watches["硬核老刀"]
    refused = app_client.post(
        f"/ui/watches/{watch}/override",
        data={"csrf": csrf_of(page), "decision": "go", "rationale": "viewer tries"},
    )
    assert refused.status_code == 403
    assert app_client.get("/ui/audit").status_code == 403
    assert sign_in(app_client, "赵总").status_code == 303
    assert app_client.get("/ui/audit").status_code == 200


@pytest.mark.db
def test_a_disabled_person_is_signed_out_at_the_next_page(app_client, staff, database, clock):
    assert sign_in(app_client, "王经理").status_code == 303
    assert app_client.get("/ui/", follow_redirects=False).status_code == 200
    with database.session_scope() as session:
        people.disable_user(session, "王经理", clock())
    assert app_client.get("/ui/", follow_redirects=False).status_code == 303
    assert sign_in(app_client, "王经理").status_code == 401


@pytest.mark.db
def test_failures_for_one_name_lock_it_with_a_chinese_message(app_client, staff, clock):
    for _ in range(5):
        assert sign_in(app_client, "王经理", "not the password").status_code == 401
    locked = sign_in(app_client, "王经理")  # the right password, too late
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text
    assert "3 分钟后再试" in locked.text
    assert locked.headers["Retry-After"] == "180"
    assert sign_in(app_client, "赵总").status_code == 303  # another name is not locked
    clock.advance(minutes=3)
    assert sign_in(app_client, "王经理").status_code == 303  # one try per 3 minutes


@pytest.mark.db
def test_failures_from_one_address_lock_every_name_and_key_from_it(app_client, staff, demo_key):
    for i in range(20):
        assert sign_in(app_client, f"猜测{i}", "guess guess guess").status_code == 401
    assert sign_in(app_client, "赵总").status_code == 429
    response = app_client.post("/ui/login", data={"key": demo_key}, follow_redirects=False)
    assert response.status_code == 429


@pytest.mark.db
def test_wrong_secrets_for_one_key_prefix_lock_that_prefix(app_client, demo_key):
    prefix = demo_key.rsplit("_", 1)[0]
    for _ in range(5):
        wrong = app_client.post("/ui/login", data={"key": f"{prefix}_wrongsecret"})
        assert wrong.status_code == 401
    right = app_client.post("/ui/login", data={"key": demo_key}, follow_redirects=False)
    assert right.status_code == 429


@pytest.mark.db
def test_successful_sign_ins_are_not_counted_as_failures(app_client, staff):
    for _ in range(8):
        assert sign_in(app_client, "赵总").status_code == 303


@pytest.mark.db
def test_the_audit_page_shows_who_did_what_in_chinese(app_client, staff, demo_key):
    headers = {"Authorization": f"Bearer {demo_key}"}
    brand = app_client.get("/v1/brands", headers=headers).json()[0]
    app_client.patch(f"/v1/brands/{brand['id']}", json={"aliases": ["新别名"]}, headers=headers)
    assert sign_in(app_client, "赵总").status_code == 303
    page = app_client.get("/ui/audit").text
    assert "操作记录" in page
    assert "修改" in page
    assert "新别名" in page
    assert "demo (kr_" in page
    filtered = app_client.get("/ui/audit", params={"object_type": "user"}).text
    assert "小李" in filtered
    assert "新别名" not in filtered
    assert "[redacted]" in filtered  # the password hash
