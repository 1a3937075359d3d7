"""Payloads per channel: hostile post text made inert, our own links kept, limits respected."""

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alerts.notice import Digest, EvidenceQuote, Notice
from alerts.registry import CHANNELS
from alerts.text import clip_bytes

NOW = datetime(2026, 11, 20, tzinfo=UTC)
HOSTILE = (
    '@所有人 @all <at user_id="all">所有人</at> <@U123> <!channel> '
    "[点我领奖](https://evil.example.com/x) 访问 t.cn/A6abc 或 www.evil.cn **粗体** # 标题\n> 引用"
)


def render(kind, digest):
    return CHANNELS[kind].render(digest)


def hostile_notice(**overrides):
    fields = {
        "event_id": "evt_1",
        "type": "firing",
        "cause": "evidence",
        "created_at": NOW,
        "watch_id": "wch_1",
        "brand": "星河手机",
        "kol": "测评老王 @all",
        "level": "high",
        "decision": "no_go",
        "previous_level": "medium",
        "previous_decision": "caution",
        "score": 82.0,
        "previous_score": 55.0,
        "reasons": ("KOL 说过 https://evil.example.com 的坏话",),
        "evidence": (
            EvidenceQuote(HOSTILE, "weibo", "路人<@U1>", "https://weibo.com/1/abc", None),
            EvidenceQuote("第二条", "weibo", None, "javascript:alert(1)", None),
        ),
    }
    return Notice(**(fields | overrides))


def digest(*notices, language="zh", layout="detail"):
    return Digest(
        "msg_1",
        NOW,
        tuple(notices) or (hostile_notice(),),
        language,
        layout,
        "https://kolrisk.test",
    )


def chat_text(kind, payload):
    if kind == "dingtalk":
        return payload["markdown"]["text"]
    if kind == "wecom":
        return payload["markdown"]["content"]
    if kind == "feishu":
        return payload["card"]["elements"][0]["text"]["content"]
    return "\n".join(b["text"]["text"] for b in payload["blocks"] if b["type"] == "section")


@pytest.mark.parametrize("kind", ["dingtalk", "wecom", "feishu", "slack"])
def test_hostile_post_text_is_inert_in_chat(kind):
    payload = render(kind, digest())
    text = chat_text(kind, payload)
    assert "@所有人" not in text
    assert "@all" not in text
    assert "<at" not in text
    assert "<@U" not in text
    assert "<!channel>" not in text
    assert "evil" not in text
    assert "t.cn" not in text
    assert "javascript:" not in text
    assert "[点我领奖]" not in text
    assert "**粗体**" not in text
    assert "\n> 引用" not in text
    # Our own links survive: the watch page and the vetted platform post.
    assert "https://kolrisk.test/ui/watches/wch_1" in text
    assert "https://weibo.com/1/abc" in text
    assert "测评老王" in text
    assert "82" in text
    assert "55" in text


def test_dingtalk_never_mentions_anyone():
    payload = render("dingtalk", digest())
    assert payload["at"] == {"isAtAll": False, "atMobiles": [], "atUserIds": []}


def test_english_templates():
    text = chat_text("dingtalk", render("dingtalk", digest(language="en")))
    assert "Risk alert" in text
    assert "no-go" in text
    assert "风险预警" in chat_text("dingtalk", render("dingtalk", digest()))


@pytest.mark.parametrize("kind", ["dingtalk", "wecom", "feishu", "slack"])
def test_reasons_follow_the_destination_language(kind):
    notice = hostile_notice(reasons=("Contempt for the fandom",), reasons_zh=("蔑视品牌粉丝",))
    assert "蔑视品牌粉丝" in chat_text(kind, render(kind, digest(notice)))
    assert "Contempt for the fandom" not in chat_text(kind, render(kind, digest(notice)))
    english = chat_text(kind, render(kind, digest(notice, language="en")))
    assert "Contempt for the fandom" in english
    assert "蔑视品牌粉丝" not in english


def test_events_without_chinese_reasons_fall_back_to_english():
    notice = hostile_notice(reasons=("Contempt for the fandom",))
    assert "Contempt for the fandom" in chat_text("wecom", render("wecom", digest(notice)))


def test_standard_payload_carries_the_data():
    body = render("standard", digest())
    event = body["data"]["events"][0]
    assert body["type"] == "risk.alerts"
    assert event["level"] == "high"
    assert event["previous_score"] == 55.0
    assert event["watch_url"] == "https://kolrisk.test/ui/watches/wch_1"
    assert [e["url"] for e in event["evidence"]] == ["https://weibo.com/1/abc", None]


def test_summary_layout_counts_the_watches():
    notices = [
        hostile_notice(event_id=f"e{i}", watch_id=f"w{i}", kol=f"KOL{i}", cause="model_change")
        for i in range(30)
    ]
    text = chat_text("wecom", render("wecom", digest(*notices, layout="summary")))
    assert "30" in text
    assert "情感模型" in text
    assert len(text.encode()) <= 4096


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=0, max_size=3000), st.sampled_from(["wecom", "feishu", "dingtalk"]))
def test_limits_hold_for_any_text(text, kind):
    notices = [hostile_notice(event_id=f"e{i}", reasons=(text,) * 3) for i in range(6)]
    payload = render(kind, digest(*notices))
    size = len(json.dumps(payload, ensure_ascii=False).encode())
    limit = {"wecom": 4096 + 200, "feishu": 20 * 1024, "dingtalk": 20_000}[kind]
    assert size <= limit
    assert "https://kolrisk.test/ui/alerts" in chat_text(kind, payload)


@given(st.text(max_size=500), st.integers(min_value=4, max_value=600))
def test_clip_bytes_never_breaks_a_character(text, limit):
    clipped = clip_bytes(text, limit)
    assert len(clipped.encode()) <= max(limit, len("…".encode()))
    clipped.encode().decode()


@pytest.mark.parametrize("kind", ["dingtalk", "wecom", "feishu", "slack"])
def test_a_digests_names_and_quotes_are_inert_too(kind):
    facts = {
        "days": 7, "from": "2026-11-13T00:00:00+00:00", "to": "2026-11-20T00:00:00+00:00",
        "watches": [{"brand": "星河 @all", "kol": "老王<!channel>", "decision": "no_go",
                     "level": "high", "score": 80, "previous_decision": "caution",
                     "new_posts": 12, "new_negative": 5}],
        "evidence": [{"brand": "星河", "kol": "老王", "platform": "weibo", "quote": HOSTILE}],
        "collection": [],
    }  # fmt: skip
    notice = Notice("evt_d", "weekly_digest", "evidence", NOW, facts=facts)
    text = chat_text(kind, render(kind, digest(notice)))
    assert "@所有人" not in text
    assert "@all" not in text
    assert "evil.example.com" not in text
    assert "t.cn" not in text
    assert "12" in text


def test_standard_webhooks_carry_the_facts_as_data():
    facts = {"kind": "login_required", "platform": "weibo", "hours": 3.0}
    notice = Notice("evt_o", "operator", "evidence", NOW, facts=facts)
    event = render("standard", digest(notice))["data"]["events"][0]
    assert event["type"] == "operator"
    assert event["facts"] == facts
