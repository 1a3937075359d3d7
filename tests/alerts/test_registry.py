"""The channel registry is complete for every kind, and the library's consumers read it."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from alerts import ratecap
from alerts.notice import Digest, Notice
from alerts.registry import CHANNELS, KINDS
from alerts.sender import Destination, build_request
from alerts.signing import new_secret
from alerts.transport import RawResponse

NOW = datetime(2026, 11, 20, tzinfo=UTC)
RESULTS = {"retry", "failed", "disabled"}


def digest(layout="detail"):
    notice = Notice(
        "evt_1", "firing", "evidence", NOW, watch_id="wch_1", brand="星河手机", kol="测评老王",
        level="high", decision="no_go", score=72.0, previous_score=30.0, reasons=("stance",),
    )  # fmt: skip
    return Digest("msg_1", NOW, (notice,), layout=layout)


def secret_for(kind):
    return new_secret() if CHANNELS[kind].secret == "generated" else "SECabc123"


# The kinds the public contract names, in its order; a new channel comes after them.
CONTRACT_KINDS = ("standard", "slack", "dingtalk", "feishu", "wecom")


def test_kinds_are_the_entries_in_order_contract_kinds_first():
    assert KINDS[: len(CONTRACT_KINDS)] == CONTRACT_KINDS
    assert all(CHANNELS[kind].kind == kind for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_channel_is_worded_in_both_languages(kind):
    zh, en = CHANNELS[kind].labels
    assert zh.strip()
    assert en.strip()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("layout", ["detail", "summary"])
def test_every_channel_renders_a_json_object(kind, layout):
    payload = CHANNELS[kind].render(digest(layout))
    assert isinstance(payload, dict)
    assert payload
    json.dumps(payload, ensure_ascii=False)


@pytest.mark.parametrize("kind", KINDS)
def test_every_channel_has_an_event_cap_and_sane_send_caps(kind):
    channel = CHANNELS[kind]
    assert channel.max_events >= 1
    assert all(window > 0 and most >= 1 for window, most in channel.caps)
    assert ratecap.CAPS[kind] == channel.caps


def test_the_cap_lookback_covers_every_window():
    windows = [w for c in CHANNELS.values() for w, _ in c.caps]
    assert ratecap.LONGEST_WINDOW == timedelta(seconds=max(windows))


@pytest.mark.parametrize("kind", KINDS)
def test_provider_codes_say_what_to_do(kind):
    codes = CHANNELS[kind].codes or {}
    assert 0 not in codes  # code 0 is the delivery
    for result, pause, meaning in codes.values():
        assert result in RESULTS
        assert meaning
        assert pause is None or pause > 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_channel_with_result_codes_never_counts_a_bare_200(kind):
    outcome = CHANNELS[kind].classify(RawResponse(200, {}, b"", 1), NOW)
    assert outcome.result == ("delivered" if CHANNELS[kind].codes is None else "retry")


@pytest.mark.parametrize("kind", KINDS)
def test_a_channel_that_takes_a_secret_signs_with_it(kind):
    channel = CHANNELS[kind]
    plain = build_request(Destination(kind, "https://hooks.example.com/x"), digest(), NOW)
    secret = secret_for(kind)
    signed = build_request(
        Destination(kind, "https://hooks.example.com/x", (secret,)), digest(), NOW
    )
    if channel.secret == "none":
        assert channel.sign is None
        assert signed == plain
    else:
        assert channel.sign is not None
        assert signed != plain


def test_every_request_is_json_with_our_user_agent():
    for kind in KINDS:
        url, body, headers = build_request(
            Destination(kind, "https://h.example.com/"), digest(), NOW
        )
        assert url.startswith("https://h.example.com/")
        assert isinstance(json.loads(body), dict)
        assert headers["user-agent"] == "kolrisk-alerts/1"
