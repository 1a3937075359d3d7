"""A recent deal with one of the brand's competitors is a warning sign of its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.risk.engine import assess
from app.risk.rules import DEFAULT_RULES
from sentiment import normalize
from tests.app.risk.test_engine import component, inputs, post

SPONSORED = "#广告# 曜川X9用了两周，续航真的能打，感谢@曜川手机 的支持！"


def own(text: str, days_ago: float, **fields):
    base = {"kol_via": "author", "text": text, "text_norm": normalize(text), "label": "positive"}
    return post(days_ago, **{**base, **fields})


def with_rivals(*posts):
    neutral = [post(days_ago=d) for d in range(1, 30)]
    return replace(inputs(*posts, *neutral), competitor_names=("曜川", "朔风"))


def test_a_sponsored_post_for_a_competitor_last_month_makes_a_caution_with_its_evidence():
    deal = own(SPONSORED, 30, brand_roles=frozenset({"competitor"}))
    result = assess(with_rivals(deal), DEFAULT_RULES)
    found = component(result, "competitor_deal")
    assert 35 <= found.score <= 40
    assert [p.post_id for p in found.evidence] == [deal.post_id]
    assert result.decision == "caution"
    assert any("competitor_deal" in r and "曜川" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("text", "days_ago", "roles"),
    [
        (SPONSORED, 200, {"competitor"}),  # older than the six-month window
        ("曜川X9的影像进步很大，推荐去线下店看看", 20, {"competitor"}),  # no deal word
        ("感谢澜屿寄来新机，和曜川X9对比一下拍照", 20, {"brand", "competitor"}),  # a comparison
        ("#广告# 感谢@青禾美妆官方 的支持", 20, set()),  # a deal, but not with a rival
    ],
)
def test_no_competitor_deal(text, days_ago, roles):
    result = assess(with_rivals(own(text, days_ago, brand_roles=frozenset(roles))), DEFAULT_RULES)
    assert component(result, "competitor_deal").score == 0
    assert result.decision == "go"


def test_others_reporting_a_deal_are_not_the_kols_deal():
    report = post(10, text="听说小鹿接了曜川的商单", text_norm="听说小鹿接了曜川的商单")
    assert component(assess(with_rivals(report), DEFAULT_RULES), "competitor_deal").score == 0


def test_without_a_deal_the_blend_is_what_it_was():
    """The component joins the weighted mean only when it found a deal."""
    lawsuit = post(10, cues=("controversy:败诉",))
    with_none = assess(with_rivals(lawsuit, lawsuit), DEFAULT_RULES)
    no_weight = replace(DEFAULT_RULES, weights={**DEFAULT_RULES.weights, "competitor_deal": 0.0})
    assert with_none.score == assess(with_rivals(lawsuit, lawsuit), no_weight).score


def test_the_window_and_the_score_are_rules():
    deal = own(SPONSORED, 100, brand_roles=frozenset({"competitor"}))
    short = replace(DEFAULT_RULES, competitor_deal_days=90)
    assert component(assess(with_rivals(deal), short), "competitor_deal").score == 0
    louder = replace(DEFAULT_RULES, competitor_deal_score=60.0)
    assert component(assess(with_rivals(deal), louder), "competitor_deal").score > 40


def test_rules_saved_before_the_component_take_its_default_weight():
    from app.risk.markers import rules_for

    old = {"weights": {"stance": 0.5, "controversy": 0.2}, "medium_from": 30.0}
    rules = rules_for(old)
    assert rules.weights["competitor_deal"] == 0.10
    assert rules.weights["stance"] == 0.5
    assert rules.medium_from == 30.0
    assert rules.competitor_deal_days == 182
