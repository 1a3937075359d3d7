"""Provider answers: HTTP 200 with an error code is never a delivery."""

from datetime import UTC, datetime

import pytest

from alerts.outcomes import retry_after_seconds
from alerts.registry import CHANNELS
from alerts.transport import RawResponse

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def answer(status=200, body=b"", **headers):
    return RawResponse(status, {k.replace("_", "-"): v for k, v in headers.items()}, body, 5)


@pytest.mark.parametrize(
    ("kind", "body", "result", "pause"),
    [
        ("dingtalk", b'{"errcode":0,"errmsg":"ok"}', "delivered", None),
        ("dingtalk", b'{"errcode":130101,"errmsg":"send too fast"}', "retry", 600.0),
        ("dingtalk", b'{"errcode":310000,"errmsg":"sign not match"}', "failed", None),
        ("dingtalk", b'{"errcode":300001,"errmsg":"token is not exist"}', "disabled", None),
        ("feishu", b'{"code":0,"msg":"success"}', "delivered", None),
        ("feishu", b'{"StatusCode":0,"StatusMessage":"success"}', "delivered", None),
        ("feishu", b'{"code":11232,"msg":"frequency limited"}', "retry", 60.0),
        ("feishu", b'{"code":19021,"msg":"sign match fail"}', "failed", None),
        ("feishu", b'{"code":19001,"msg":"param invalid"}', "disabled", None),
        ("wecom", b'{"errcode":0,"errmsg":"ok"}', "delivered", None),
        ("wecom", b'{"errcode":45009,"errmsg":"api freq out of limit"}', "retry", 60.0),
        ("wecom", b'{"errcode":93000,"errmsg":"invalid webhook url"}', "disabled", None),
        ("wecom", b"<html>not json</html>", "retry", None),
        ("dingtalk", b'{"errcode":99999}', "retry", None),
    ],
)
def test_provider_codes(kind, body, result, pause):
    outcome = CHANNELS[kind].classify(answer(body=body), NOW)
    assert outcome.result == result
    assert outcome.wait_seconds == pause
    assert outcome.pause_endpoint is (pause is not None)


@pytest.mark.parametrize(
    ("kind", "status", "result"),
    [
        ("standard", 204, "delivered"),
        ("standard", 500, "retry"),
        ("standard", 302, "retry"),
        ("standard", 410, "disabled"),
        ("standard", 400, "retry"),
        ("slack", 200, "delivered"),
        ("slack", 429, "retry"),
        ("slack", 400, "failed"),
        ("slack", 403, "failed"),
        ("slack", 404, "disabled"),
        ("slack", 410, "disabled"),
    ],
)
def test_http_statuses(kind, status, result):
    assert CHANNELS[kind].classify(answer(status), NOW).result == result


def test_retry_after_in_seconds_or_as_a_date():
    assert CHANNELS["slack"].classify(answer(429, retry_after="7"), NOW).wait_seconds == 7
    assert retry_after_seconds("Fri, 20 Nov 2026 00:01:00 GMT", NOW) == 60
    assert retry_after_seconds("soon", NOW) is None


def test_receiver_can_abort_a_message():
    outcome = CHANNELS["standard"].classify(answer(500, webhook_delivery="abort-message"), NOW)
    assert outcome.result == "failed"
