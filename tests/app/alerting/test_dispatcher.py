"""The dispatcher against loopback receivers: retries, schedule, throttles, caps, crashes."""

import base64
import hashlib
import hmac
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

import app.alerting.ledger
from alerts.retry import JITTER, SCHEDULE_SECONDS
from alerts.signing import new_secret
from alerts.ssrf import AllowList
from app.alerting.dispatcher import deliver_due
from app.db import Database
from app.models import AlertEvent, AlertMessage, DeliveryAttempt, WebhookEndpoint
from tests.alerts.receiver import Reply, ok_json
from tests.app.alerting.builders import (
    add_endpoint,
    add_message,
    add_messages,
    add_tenant,
    loopback_config,
)


def verify_by_hand(secret, request):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{request.headers['webhook-id']}.{request.headers['webhook-timestamp']}.".encode()
    mac = hmac.new(key, signed + request.body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode() in request.headers["webhook-signature"].split()


def message(database, message_id):
    with database.session_scope(write=False) as session:
        return session.get(AlertMessage, message_id)


def endpoint_row(database, endpoint_id):
    with database.session_scope(write=False) as session:
        return session.get(WebhookEndpoint, endpoint_id)


@pytest.fixture
def tenant(database):
    return add_tenant(database)


def test_retries_keep_the_webhook_id_and_sign_each_attempt(
    database, settings, clock, receiver, tenant
):
    secret = new_secret()
    endpoint = add_endpoint(database, settings, tenant, receiver.url, secret=secret)
    msg = add_message(database, endpoint, tenant, clock(), ["测评老王"])
    receiver.reply(Reply(500), Reply(500), Reply(200))
    config = loopback_config(settings)
    for _ in range(3):
        deliver_due(database, settings, clock, config)
        clock.now = message(database, msg).next_attempt_at
    assert [r.headers["webhook-id"] for r in receiver.requests] == [msg] * 3
    assert len({r.headers["webhook-timestamp"] for r in receiver.requests}) == 3
    assert all(verify_by_hand(secret, r) for r in receiver.requests)
    assert message(database, msg).status == "delivered"
    assert receiver.requests[0].json()["data"]["events"][0]["kol"] == "测评老王"


def test_schedule_offsets_then_failed(database, settings, clock, receiver, tenant):
    receiver.default = Reply(500)
    endpoint = add_endpoint(database, settings, tenant, receiver.url)
    msg = add_message(database, endpoint, tenant, clock(), ["a"])
    config = loopback_config(settings)
    start, times = clock(), []
    for _ in range(10):
        if deliver_due(database, settings, clock, config):
            times.append(clock.now)
        clock.now = max(clock.now, message(database, msg).next_attempt_at)
    assert len(times) == len(SCHEDULE_SECONDS) == 8
    expected = 0.0
    for made, moment in enumerate(times):
        expected += SCHEDULE_SECONDS[made]
        offset = (moment - start).total_seconds()
        assert expected * (1 - JITTER) - 1 <= offset <= expected * (1 + JITTER) + 1
    assert message(database, msg).status == "failed"
    clock.advance(days=2)
    assert deliver_due(database, settings, clock, config) == 0


def test_retry_after_is_honoured(database, settings, clock, receiver, tenant):
    receiver.reply(Reply(429, b"slow down", {"Retry-After": "7"}))
    endpoint = add_endpoint(database, settings, tenant, receiver.url)
    msg = add_message(database, endpoint, tenant, clock(), ["a"])
    deliver_due(database, settings, clock, loopback_config(settings))
    assert message(database, msg).next_attempt_at - clock() >= timedelta(seconds=7)


def test_a_redirect_target_receives_nothing(
    database, settings, clock, receiver, second_receiver, tenant
):
    receiver.reply(Reply(302, b"", {"Location": second_receiver.url}))
    endpoint = add_endpoint(database, settings, tenant, receiver.url)
    msg = add_message(database, endpoint, tenant, clock(), ["a"])
    deliver_due(database, settings, clock, loopback_config(settings))
    assert second_receiver.requests == []
    assert "not followed" in message(database, msg).last_error


def test_410_disables_at_once_and_the_tenant_is_told(
    database, settings, clock, receiver, second_receiver, tenant
):
    from app.alerting.jobs import process_alerts

    receiver.reply(Reply(410))
    gone = add_endpoint(database, settings, tenant, receiver.url)
    other = add_endpoint(database, settings, tenant, second_receiver.url)
    add_message(database, gone, tenant, clock(), ["a"])
    config = loopback_config(settings)
    deliver_due(database, settings, clock, config)
    row = endpoint_row(database, gone)
    assert not row.enabled
    assert "410" in row.disabled_reason
    clock.advance(seconds=31)
    process_alerts(database, settings, clock)
    deliver_due(database, settings, clock, config)
    told = second_receiver.requests[0].json()["data"]["events"][0]
    assert told["type"] == "webhook_disabled"
    assert "410" in told["detail"]
    assert endpoint_row(database, other).enabled


def test_five_days_of_failing_disables(database, settings, clock, receiver, tenant):
    receiver.default = Reply(503)
    endpoint = add_endpoint(database, settings, tenant, receiver.url)
    config = loopback_config(settings)
    start = clock()
    while endpoint_row(database, endpoint).enabled and clock() - start < timedelta(days=7):
        with database.session_scope(write=False) as session:
            pending = session.scalar(
                select(AlertMessage.id).where(AlertMessage.status == "pending")
            )
        if pending is None:
            add_message(database, endpoint, tenant, clock(), ["a"])
        deliver_due(database, settings, clock, config)
        clock.advance(hours=2)
    row = endpoint_row(database, endpoint)
    assert not row.enabled
    assert row.disabled_reason == "failing for 5 days"
    assert timedelta(days=5) <= row.disabled_at - start <= timedelta(days=5, hours=3)
    with database.session_scope(write=False) as session:
        told = session.scalars(select(AlertEvent.type).where(AlertEvent.type == "webhook_disabled"))
        assert list(told) == ["webhook_disabled"]


def test_a_success_resets_the_failing_clock(database, settings, clock, receiver, tenant):
    receiver.reply(Reply(500), Reply(200))
    endpoint = add_endpoint(database, settings, tenant, receiver.url)
    msg = add_message(database, endpoint, tenant, clock(), ["a"])
    config = loopback_config(settings)
    deliver_due(database, settings, clock, config)
    assert endpoint_row(database, endpoint).failing_since == clock()
    clock.now = message(database, msg).next_attempt_at
    deliver_due(database, settings, clock, config)
    assert endpoint_row(database, endpoint).failing_since is None


def test_dingtalk_throttle_pauses_ten_minutes_and_coalesces(
    database, settings, clock, receiver, tenant
):
    secret = "SECabcdef0123456789"
    endpoint = add_endpoint(database, settings, tenant, receiver.url, "dingtalk", secret)
    first = add_message(database, endpoint, tenant, clock(), ["王一"])
    receiver.reply(ok_json(130101))
    receiver.default = ok_json(0)
    config = loopback_config(settings)
    deliver_due(database, settings, clock, config)
    add_message(database, endpoint, tenant, clock(), ["王二"])
    add_message(database, endpoint, tenant, clock(), ["王三"])
    clock.advance(minutes=9)
    assert deliver_due(database, settings, clock, config) == 0
    clock.advance(minutes=1, seconds=30)
    assert deliver_due(database, settings, clock, config) == 2
    texts = [r.json()["markdown"]["text"] for r in receiver.requests]
    # What waited behind the pause went out coalesced; the throttled message kept its own id.
    assert "王一" in texts[0]
    assert "王二" in texts[1]
    assert "王三" in texts[1]
    assert "王一" in texts[2]
    assert message(database, first).status == "delivered"
    query = parse_qs(urlsplit(receiver.requests[1].path).query)
    millis = int(query["timestamp"][0])
    expected = hmac.new(secret.encode(), f"{millis}\n{secret}".encode(), hashlib.sha256).digest()
    assert query["sign"][0] == base64.b64encode(expected).decode()


@pytest.mark.parametrize(
    ("kind", "permanent_code"), [("dingtalk", 310000), ("feishu", 19021), ("wecom", 40058)]
)
def test_permanent_provider_codes_stop_retrying(
    database, settings, clock, receiver, tenant, kind, permanent_code
):
    key = "code" if kind == "feishu" else "errcode"
    receiver.default = ok_json(permanent_code, key)
    endpoint = add_endpoint(database, settings, tenant, receiver.url, kind)
    msg = add_message(database, endpoint, tenant, clock(), ["a"])
    deliver_due(database, settings, clock, loopback_config(settings))
    assert message(database, msg).status == "failed"
    assert endpoint_row(database, endpoint).enabled


def test_burst_of_200_alerts_respects_the_wecom_cap_and_loses_none(
    database, settings, clock, receiver, tenant
):
    receiver.default = ok_json(0)
    endpoint = add_endpoint(database, settings, tenant, receiver.url, "wecom")
    names = [f"KOL{i:03d}" for i in range(200)]
    add_messages(database, endpoint, tenant, clock(), names)
    config = loopback_config(settings)
    start, sent_at = clock(), []
    while clock() - start < timedelta(minutes=5):
        for _ in range(deliver_due(database, settings, clock, config)):
            sent_at.append(clock())
        clock.advance(seconds=3)
    for moment in sent_at:
        assert sum(1 for t in sent_at if moment - timedelta(seconds=60) < t <= moment) <= 18
    delivered = " ".join(r.json()["markdown"]["content"] for r in receiver.requests)
    assert all(name in delivered for name in names)
    assert all(len(r.json()["markdown"]["content"].encode()) <= 4096 for r in receiver.requests)


class Killed(BaseException):
    """Stands in for SIGKILL between the receiver's 2xx and the ledger update."""


def test_crash_after_2xx_resends_the_same_id_and_loses_nothing(
    database, settings, clock, receiver, tenant, monkeypatch
):
    endpoint = add_endpoint(database, settings, tenant, receiver.url, secret=new_secret())
    msg = add_message(database, endpoint, tenant, clock(), ["a"])
    config = loopback_config(settings)

    def die(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(app.alerting.ledger, "record", die)
    with pytest.raises(Killed):
        deliver_due(database, settings, clock, config)
    monkeypatch.undo()
    assert deliver_due(database, settings, clock, config) == 0  # the claim still holds
    clock.advance(minutes=2, seconds=1)
    assert deliver_due(database, settings, clock, config) == 1
    assert [r.headers["webhook-id"] for r in receiver.requests] == [msg, msg]
    assert message(database, msg).status == "delivered"
    with database.session_scope(write=False) as session:
        assert len(list(session.scalars(select(DeliveryAttempt)))) == 1


def test_two_dispatchers_never_send_a_message_twice(database, settings, clock, receiver, tenant):
    endpoints = [add_endpoint(database, settings, tenant, receiver.url) for _ in range(8)]
    for endpoint in endpoints:
        for n in range(3):
            add_message(database, endpoint, tenant, clock(), [f"{endpoint}-{n}"])
    config_a, config_b = loopback_config(settings), loopback_config(settings)
    twins = [Database(database.url), Database(database.url)]
    errors = []

    def run(db, config):
        try:
            deliver_due(db, settings, clock, config)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(db, cfg))
        for db, cfg in zip(twins, (config_a, config_b), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for twin in twins:
        twin.dispose()
    assert errors == []
    ids = [r.headers["webhook-id"] for r in receiver.requests]
    assert len(ids) == len(set(ids)) == len(endpoints)
    delivered = " ".join(r.body.decode() for r in receiver.requests)
    assert all(f"{e}-{n}" in delivered for e in endpoints for n in range(3))


def test_dns_answer_changing_after_save_is_caught_at_send(
    database, settings, clock, receiver, tenant
):
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    lookups = []

    def resolver(host, port):
        lookups.append(host)
        return next(answers)

    url = f"http://hooks.example.test:{receiver.port}/hook"
    endpoint = add_endpoint(database, settings, tenant, url)
    config = loopback_config(settings, resolver=resolver, allow=AllowList.parse("127.0.0.1/32"))
    add_message(database, endpoint, tenant, clock(), ["a"])
    deliver_due(database, settings, clock, config)
    second = add_message(database, endpoint, tenant, clock(), ["b"])
    clock.advance(seconds=10)
    deliver_due(database, settings, clock, config)
    assert len(receiver.requests) == 1
    assert receiver.requests[0].headers["host"] == f"hooks.example.test:{receiver.port}"
    assert lookups == ["hooks.example.test", "hooks.example.test"]
    assert "blocked before connecting" in message(database, second).last_error
