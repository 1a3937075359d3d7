"""The message catalogue: every sentence the engine can say renders in English and Chinese."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.risk.checks import TEMPLATES
from app.risk.engine import RiskReading, assess
from app.risk.messages import CATALOGUE, SUMMARY, Message, render, render_or
from app.risk.rules import DEFAULT_RULES
from app.risk.schemas import RiskOut, localised, risk_out
from tests.app.risk.test_competitor_deal import SPONSORED, own, with_rivals
from tests.app.risk.test_coordinated import paid_smear
from tests.app.risk.test_engine import AS_OF, hostile_own, inputs, post, rumour_post

CJK = re.compile(r"[\u4e00-\u9fff]")
# With no single component able to decide, a high blend decides through the overall level.
NO_COMPONENT_VETO = replace(DEFAULT_RULES, component_no_go_from=101.0)


def _cases() -> list[RiskReading]:
    """Assessments that between them say every sentence the engine has."""
    baseline = [rumour_post(hours_ago=24 * d) for d in range(5, 30, 5)]
    surge = [rumour_post(hours_ago=h) for h in range(1, 30)]
    removed = replace(hostile_own("brand"), tombstone_reason="deleted")
    lawsuit = post(10, cues=("controversy:败诉",))
    old_lawsuit = post(200, cues=("controversy:败诉",))  # one medium sign, a low blend
    retraction = post(5, author_uid="accuser", text_norm="向小鹿公开道歉 此前内容不实 已删除")
    withdrawal = rumour_post(cues=("withdrawal:取消年框",), author_followers=50_000)
    contempt = [hostile_own("fandom", days_ago=d) for d in (100, 200, 300)]
    gaps = replace(
        inputs(post()), collection_gaps={"douyin": "login_required"}, open_gaps={"weibo": "gap"}
    )
    kinds = ("captcha_required", "unreachable", "not_found", "unsupported", "rate_limited")
    platforms = ("weibo", "bilibili", "tieba", "news", "zhihu")
    every_kind_of_gap = replace(
        inputs(post()), collection_gaps=dict(zip(platforms, kinds, strict=True))
    )
    return [
        assess(inputs(), DEFAULT_RULES),
        assess(inputs(*[post(days_ago=d) for d in range(1, 40)]), DEFAULT_RULES),
        assess(inputs(*contempt, pending=2), DEFAULT_RULES),
        assess(inputs(*contempt), NO_COMPONENT_VETO),
        assess(inputs(hostile_own("fandom"), *[post(days_ago=d) for d in range(1, 40)]),
               DEFAULT_RULES),
        assess(inputs(lawsuit, lawsuit), DEFAULT_RULES),
        assess(inputs(lawsuit, removed), DEFAULT_RULES),
        assess(inputs(lawsuit, retraction), DEFAULT_RULES),
        assess(inputs(old_lawsuit, post(brand_roles=frozenset({"brand"}))), DEFAULT_RULES),
        assess(inputs(lawsuit, removed, retraction), DEFAULT_RULES),
        assess(inputs(*baseline, *surge, withdrawal), DEFAULT_RULES),
        assess(gaps, DEFAULT_RULES),
        assess(every_kind_of_gap, DEFAULT_RULES),
        assess(with_rivals(own(SPONSORED, 30, brand_roles=frozenset({"competitor"}))),
               DEFAULT_RULES),
        assess(inputs(*paid_smear()), DEFAULT_RULES),
        assess(inputs(*paid_smear(hours_ago=100)), DEFAULT_RULES),
    ]  # fmt: skip


def _messages(assessment: RiskReading) -> list[Message]:
    return [
        *assessment.messages,
        *(c.message for c in assessment.components),
        *assessment.shortfalls,
    ]


def _keys(message: Message) -> set[str]:
    nested = {str(message.params[SUMMARY])} if SUMMARY in message.params else set()
    return {message.key, *nested}


CASES = _cases()
EMITTED = [m for a in CASES for m in _messages(a)]


def test_the_cases_reach_every_key_in_the_catalogue():
    """And nothing but the catalogue's keys and the checks' own (each check's test reaches
    those)."""
    reached = set().union(*(_keys(m) for m in EMITTED))
    assert set(CATALOGUE) <= reached <= set(CATALOGUE) | set(TEMPLATES)


@pytest.mark.parametrize("message", EMITTED, ids=lambda m: m.key)
def test_every_emitted_message_renders_in_both_languages(message):
    english, chinese = render(message, "en"), render(message, "zh")
    for text in (english, chinese):
        assert "{" not in text, text
        assert "}" not in text, text
    assert CJK.search(chinese), chinese
    assert english != chinese


def test_english_reasons_and_summaries_are_the_rendered_messages():
    for assessment in CASES:
        risk = risk_out(assessment, brand_id="b", kol_id="k", evaluated_at=AS_OF, stored=False)
        assert risk.reasons == [render(m, "en") for m in assessment.messages]
        assert [c.summary for c in risk.components] == [
            render(c.message, "en") for c in assessment.components
        ]


def test_english_wording_is_the_contracts():
    contempt = [hostile_own("fandom", days_ago=d) for d in (100, 200, 300)]
    reasons = assess(inputs(*contempt, pending=2), DEFAULT_RULES).reasons
    assert reasons[0].startswith("no_go: stance ")
    assert reasons[0].endswith(": at or above 75 on its own")
    assert reasons[1].startswith("stance (")
    assert "小鹿's own posts about 花漾: 3 show contempt for its fans" in reasons[1]
    assert reasons[-1] == "2 posts are not scored yet and are left out"
    empty = assess(inputs(), DEFAULT_RULES).reasons
    assert empty == ("insufficient data: no post by or about 小鹿 yet",)


def test_chinese_uses_the_reports_decision_words_and_inserts_names_as_given():
    contempt = [hostile_own("fandom", days_ago=d) for d in (100, 200, 300)]
    assessment = assess(inputs(*contempt), DEFAULT_RULES)
    chinese = [render(m, "zh") for m in assessment.messages]
    assert chinese[0].startswith("不建议签约：立场 ")
    assert "小鹿本人谈及花漾的帖子中：3 条蔑视其粉丝" in chinese[1]
    floor = assess(inputs(hostile_own("fandom"), post()), DEFAULT_RULES)
    assert "KOL 有 1 条帖子表现出对品牌粉丝的蔑视" in render(floor.messages[0], "zh")


def test_collection_gaps_name_platforms_and_errors_in_each_language():
    gaps = {"xiaohongshu": "login_required", "douyin": "captcha_required"}
    reasons = assess(replace(inputs(post()), collection_gaps=gaps), DEFAULT_RULES).messages
    (message,) = [m for m in reasons if m.key == "reason.not_collected"]
    english = "not collected: douyin (captcha_required), xiaohongshu (login_required)"
    assert render(message, "en") == english
    assert render(message, "zh") == "未能采集：抖音（需要验证码）、小红书（需要登录）"


def test_open_collection_gaps_lower_confidence_and_are_said():
    base = inputs(*[post(d) for d in range(1, 30)])
    filling = assess(
        replace(base, open_gaps={"weibo": "backfill", "bilibili": "gap"}), DEFAULT_RULES
    )
    whole = assess(base, DEFAULT_RULES)
    assert filling.confidence < whole.confidence
    (message,) = [m for m in filling.messages if m.key == "reason.still_collecting"]
    assert render(message, "en") == (
        "still collecting, some posts not fetched yet: bilibili (gap), weibo (backfill)"
    )
    assert (
        render(message, "zh")
        == "仍在补采，部分帖子尚未取回：哔哩哔哩（突发期间有遗漏）、微博（历史回填中）"
    )


def test_gaps_stored_as_english_words_still_render():
    old = Message("reason.not_collected", {"gaps": "douyin (login_required)"})
    assert render(old, "zh") == "未能采集：douyin (login_required)"


def test_localised_risk_keeps_its_messages_and_english_stays_untouched():
    assessment = assess(inputs(hostile_own("fandom"), post()), DEFAULT_RULES)
    risk = risk_out(assessment, brand_id="b", kol_id="k", evaluated_at=AS_OF, stored=False)
    chinese = localised(risk, "zh")
    assert all(CJK.search(r) for r in chinese.reasons)
    assert all(CJK.search(c.summary) for c in chinese.components)
    assert chinese.reason_messages == risk.reason_messages
    assert localised(risk, "en") == risk
    assert risk.reasons == list(assessment.reasons)


def test_an_old_payload_without_messages_loads_and_keeps_its_english():
    assessment = assess(inputs(hostile_own("fandom"), post()), DEFAULT_RULES)
    payload = risk_out(
        assessment, brand_id="b", kol_id="k", evaluated_at=AS_OF, stored=True
    ).model_dump(mode="json", by_alias=True)
    del payload["reason_messages"]
    for component in payload["components"]:
        del component["summary_message"]
    old = RiskOut.model_validate(payload)
    assert old.reason_messages == []
    assert all(c.summary_message is None for c in old.components)
    assert localised(old, "zh").reasons == old.reasons
    assert [c.summary for c in localised(old, "zh").components] == [
        c.summary for c in old.components
    ]


def test_a_stored_payload_round_trips_its_messages():
    assessment = assess(inputs(*[rumour_post() for _ in range(5)]), DEFAULT_RULES)
    risk = risk_out(assessment, brand_id="b", kol_id="k", evaluated_at=AS_OF, stored=True)
    loaded = RiskOut.model_validate(risk.model_dump(mode="json", by_alias=True))
    assert localised(loaded, "zh").reasons == localised(risk, "zh").reasons


def test_an_unknown_key_falls_back_to_the_stored_text():
    assert render_or("stored", Message("reason.from_the_future", {}), "zh") == "stored"
    assert render_or("stored", Message("reason.pending", {}), "zh") == "stored"
    assert render_or("stored", None, "zh") == "stored"


def test_a_count_of_one_reads_in_the_singular_in_english():
    thin = Message("reason.thin_data", {"posts": 1, "confidence": 0.2})
    assert render(thin, "en") == "thin data: only 1 post, so confidence is 0.20"
    assert render(replace(thin, params={"posts": 21, "confidence": 0.2}), "en").startswith(
        "thin data: only 21 posts"
    )
    assert "仅有 1 条帖子" in render(thin, "zh")
