"""Signatures checked against independent implementations, never against our own code."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from alerts.signing import (
    dingtalk_sign,
    feishu_sign,
    new_secret,
    sign_standard,
    standard_headers,
)

# The standardwebhooks library's own test vector.
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def by_hand(secret: str, msg_id: str, ts: int, body: bytes) -> str:
    key = base64.b64decode(secret.split("_", 1)[1])
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def test_standard_signature_matches_the_spec_vector():
    assert sign_standard(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIG
    assert by_hand(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIG


def test_generated_secrets_are_whsec_32_bytes_and_unique():
    first, second = new_secret(), new_secret()
    assert first.startswith("whsec_")
    assert first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32


def test_rotation_sends_both_signatures_and_either_secret_verifies():
    old, new = new_secret(), new_secret()
    body = '{"type":"risk.alerts","text":"星河"}'.encode()
    headers = standard_headers([new, old], "msg_1", 1_800_000_000, body)
    entries = headers["webhook-signature"].split(" ")
    assert entries == [by_hand(s, "msg_1", 1_800_000_000, body) for s in (new, old)]


def test_reference_library_verifies_and_rejects_tampering():
    standardwebhooks = pytest.importorskip("standardwebhooks")
    secret = new_secret()
    now = datetime.now(UTC)
    body = '{"quote":"X不会死，死的是X粉 @所有人"}'.encode()
    headers = standard_headers([secret], "msg_abc", int(now.timestamp()), body)
    hook = standardwebhooks.Webhook(secret)
    hook.verify(body, headers)
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        hook.verify(body.replace(b"X", b"Y"), headers)
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(new_secret()).verify(body, headers)
    stale = standard_headers([secret], "msg_abc", int(now.timestamp()) - 301, body)
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        hook.verify(body, stale)


def test_dingtalk_sign_keys_the_secret_over_ms_timestamp():
    secret, millis = "SEC0123456789abcdef", 1_716_283_459_123
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{millis}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert dingtalk_sign(secret, millis) == expected


def test_feishu_sign_matches_the_published_vector():
    assert feishu_sign("dGhpcyBpcyBhIGtleQ==", 1716283459) == (
        "8EyY+xxfJvzWjZQpdc2mgvQFaG7lF5nbxl7RITyMkJU="
    )
