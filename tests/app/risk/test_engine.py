"""assess() as a table: what each kind of evidence does to the score, level and decision."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.risk.engine import assess, blend, level_of, saturating
from app.risk.inputs import PostFacts, RiskInputs
from app.risk.rules import DEFAULT_RULES

AS_OF = datetime(2026, 3, 3, tzinfo=UTC)
_counter = iter(range(10**6))


def post(days_ago=30.0, **overrides):
    n = next(_counter)
    base = PostFacts(
        post_id=f"p{n}",
        platform="weibo",
        platform_id=str(n),
        url=None,
        author_uid="someone",
        author_name="路人",
        author_followers=100,
        created_at=AS_OF - timedelta(days=days_ago),
        kind="post",
        text="文本",
        engagement=10,
        by_kol=False,
        brand_roles=frozenset(),
        names_kol=True,
        cues=(),
        in_venue=False,
        tombstone_reason=None,
        label="neutral",
        polarity=0.0,
    )
    return replace(base, **overrides)


def hostile_own(role="fandom", days_ago=300.0):
    return post(
        days_ago,
        by_kol=True,
        names_kol=False,
        brand_roles=frozenset({role}),
        label="negative",
        polarity=-0.9,
    )


def rumour_post(label="negative", hours_ago=20.0, **overrides):
    fields = {
        "brand_roles": frozenset({"brand"}),
        "cues": ("collab:合作",),
        "label": label,
        "polarity": -0.8 if label == "negative" else 0.8,
        "engagement": 500,
    }
    return post(hours_ago / 24, **{**fields, **overrides})


def inputs(*posts, pending=0):
    return RiskInputs("花漾", "小鹿", AS_OF, tuple(posts), pending, ("fantalk:1",))


def component(assessment, name):
    return next(c for c in assessment.components if c.name == name)


def test_no_post_about_the_kol_is_caution_with_insufficient_data():
    result = assess(inputs(), DEFAULT_RULES)
    assert result.decision == "caution"
    assert any("insufficient data" in r for r in result.reasons)
    assert result.confidence == 0.0


def test_quiet_neutral_history_is_go():
    result = assess(inputs(*[post(days_ago=d) for d in range(1, 40)]), DEFAULT_RULES)
    assert (result.decision, result.level) == ("go", "low")


def test_contempt_for_the_fandom_weighs_more_than_criticism_of_the_brand():
    fandom = assess(inputs(hostile_own("fandom")), DEFAULT_RULES)
    brand = assess(inputs(hostile_own("brand")), DEFAULT_RULES)
    assert component(fandom, "stance").score > component(brand, "stance").score > 0


def test_hostility_toward_a_competitor_is_not_hostility_toward_the_brand():
    result = assess(inputs(hostile_own("competitor"), post()), DEFAULT_RULES)
    assert component(result, "stance").score == 0


def test_years_of_fandom_contempt_alone_is_no_go():
    result = assess(
        inputs(*[hostile_own("fandom", days_ago=d) for d in (400, 300, 200)]), DEFAULT_RULES
    )
    assert result.decision == "no_go"
    assert len(component(result, "stance").evidence) == 3


@pytest.mark.parametrize(
    ("days_ago", "expected_above"),
    [(10, 40.0), (3000, 0.0)],
)
def test_controversy_fades_with_time(days_ago, expected_above):
    lawsuit = post(days_ago, cues=("controversy:败诉",))
    score = component(assess(inputs(lawsuit, lawsuit), DEFAULT_RULES), "controversy").score
    assert score > expected_above
    if days_ago > 1000:
        assert score < 15


def test_negative_rumour_talk_scores_and_defenders_pull_it_down():
    angry = [rumour_post() for _ in range(8)]
    defenders = [rumour_post("positive") for _ in range(8)]
    only_angry = component(assess(inputs(*angry), DEFAULT_RULES), "rumour").score
    mixed = component(assess(inputs(*angry, *defenders), DEFAULT_RULES), "rumour").score
    assert only_angry > 70
    assert mixed < only_angry / 2


def test_a_surge_against_a_quiet_baseline_raises_velocity():
    baseline = [rumour_post(hours_ago=24 * d) for d in range(5, 30, 5)]
    surge = [rumour_post(hours_ago=h) for h in range(1, 30)]
    calm = component(assess(inputs(*baseline), DEFAULT_RULES), "velocity").score
    spiking = component(assess(inputs(*baseline, *surge), DEFAULT_RULES), "velocity").score
    assert calm == 0
    assert spiking > 50


def test_peer_withdrawal_is_its_own_component():
    withdrawal = rumour_post(cues=("withdrawal:取消年框",), label="negative")
    assert component(assess(inputs(withdrawal), DEFAULT_RULES), "peer").score >= 50


def test_pending_posts_lower_confidence_and_are_said():
    posts = [post(days_ago=d) for d in range(1, 60)]
    full = assess(inputs(*posts), DEFAULT_RULES)
    partial = assess(inputs(*posts, pending=60), DEFAULT_RULES)
    assert partial.confidence < full.confidence
    assert any("not scored" in r for r in partial.reasons)


def test_thin_data_is_said_in_reasons():
    result = assess(inputs(post()), DEFAULT_RULES)
    assert any("thin data" in r for r in result.reasons)


def test_every_component_is_present_with_a_weight():
    names = [c.name for c in assess(inputs(post()), DEFAULT_RULES).components]
    assert names == ["stance", "controversy", "rumour", "velocity", "peer", "coverage"]


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "low"), (24.9, "low"), (25, "medium"), (50, "high"), (75, "critical"), (100, "critical")],
)
def test_level_bands(score, level):
    assert level_of(score, DEFAULT_RULES) == level


def test_saturating_is_half_at_its_midpoint_and_bounded():
    assert saturating(0, 2) == 0
    assert saturating(2, 2) == pytest.approx(50)
    assert saturating(1000, 2) <= 100


def test_one_grave_component_is_not_averaged_away():
    result = assess(inputs(*[hostile_own("fandom", d) for d in (100, 200, 300)]), DEFAULT_RULES)
    assert blend(result.components) >= 0.5 * max(c.score for c in result.components)
