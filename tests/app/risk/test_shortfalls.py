"""Thin data marks a call provisional and says what is missing; plenty of data does not."""

from __future__ import annotations

from dataclasses import replace

from app.risk.engine import assess
from app.risk.messages import render
from app.risk.rules import DEFAULT_RULES
from app.risk.schemas import localised, risk_out
from tests.app.risk.test_engine import AS_OF, hostile_own, inputs, post


def keys(assessment):
    return [m.key for m in assessment.shortfalls]


def test_five_posts_of_contempt_decide_but_only_provisionally():
    thin = assess(inputs(*[hostile_own("fandom", days_ago=d) for d in (10, 20, 30, 40, 50)]),
                  DEFAULT_RULES)  # fmt: skip
    assert thin.decision in ("caution", "no_go")
    assert thin.confidence < DEFAULT_RULES.firm_confidence_from
    assert thin.provisional is True
    assert keys(thin) == ["shortfall.few_posts", "shortfall.one_platform"]
    assert "only 5 posts (about 50 make a firm call)" in render(thin.shortfalls[0], "en")
    assert "仅有 5 条帖子" in render(thin.shortfalls[0], "zh")


def test_plenty_of_posts_on_several_platforms_make_a_firm_call():
    many = [post(days_ago=d, platform=p) for d in range(1, 40) for p in ("weibo", "bilibili")]
    firm = assess(inputs(*many), DEFAULT_RULES)
    assert firm.provisional is False
    assert firm.shortfalls == ()


def test_no_posts_at_all_say_where_posts_come_from():
    empty = assess(inputs(), DEFAULT_RULES)
    assert empty.provisional is True
    assert keys(empty) == ["shortfall.no_posts"]
    assert "kolrisk import" in render(empty.shortfalls[0], "en")


def test_each_unreachable_platform_says_what_to_do_about_it():
    many = [post(days_ago=d, platform=p) for d in range(1, 40) for p in ("weibo", "bilibili")]
    gaps = {"douyin": "login_required", "tieba": "unreachable", "zhihu": "rate_limited"}
    assessment = assess(replace(inputs(*many), collection_gaps=gaps), DEFAULT_RULES)
    assert keys(assessment) == ["shortfall.login", "shortfall.unreachable", "shortfall.retrying"]
    zh = [render(m, "zh") for m in assessment.shortfalls]
    assert zh[0].startswith("抖音未能采集（需要登录）")
    assert "KOLRISK_..._BASE_URL" in zh[1]


def test_the_api_answer_carries_the_flag_and_the_lines_in_either_language():
    thin = assess(inputs(hostile_own("fandom")), DEFAULT_RULES)
    out = risk_out(thin, brand_id="b", kol_id="k", evaluated_at=AS_OF, stored=False)
    assert out.provisional is True
    assert out.shortfalls[0].startswith("only 1 post ")
    assert [m.key for m in out.shortfall_messages] == keys(thin)
    assert localised(out, "zh").shortfalls[0].startswith("仅有 1 条帖子")


def test_a_tenant_can_move_the_line_between_firm_and_provisional():
    thin = inputs(*[hostile_own("fandom", days_ago=d) for d in (10, 20, 30, 40, 50)])
    assert assess(thin, replace(DEFAULT_RULES, firm_confidence_from=0.0)).provisional is False
