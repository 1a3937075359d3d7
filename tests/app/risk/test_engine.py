"""assess() as a table: what each kind of evidence does to the score, level and decision."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.risk.checks import CHECKS
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
        text_norm="文本",
        engagement=10,
        kol_via="name",
        brand_roles=frozenset(),
        cues=(),
        in_venue=False,
        tombstone_reason=None,
        label="neutral",
        polarity=0.0,
    )
    return replace(base, **overrides)


def own(role, label="negative", mockery=0.8, days_ago=300.0):
    """A post by the KOL about one part of the brand side."""
    polarity = {"negative": -0.9, "positive": 0.8, "neutral": 0.0}[label]
    emotions = {"anger": 0.2, "disgust": 0.3, "mockery": mockery}
    roles = frozenset({role}) if isinstance(role, str) else frozenset(role)
    return post(
        days_ago,
        kol_via="author",
        brand_roles=roles,
        label=label,
        polarity=polarity,
        emotions=emotions,
    )


def hostile_own(role="fandom", days_ago=300.0):
    return own(role, days_ago=days_ago)


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
    """Inputs whose coverage counts are the posts themselves plus `pending` unscored ones."""
    from collections import Counter

    from app.risk.inputs import CoverageCounts

    times = [p.created_at for p in posts]
    counts = CoverageCounts(
        dict(Counter(p.platform for p in posts)),
        min(times, default=None),
        max(times, default=None),
        len(posts) + pending,
        pending,
    )
    return RiskInputs("花漾", "小鹿", AS_OF, tuple(posts), counts, ("fantalk:1",))


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


def _controversy_score(*posts):
    return component(assess(inputs(*posts), DEFAULT_RULES), "controversy").score


def test_a_refutation_is_not_a_record_and_a_hedged_report_weighs_less():
    asserted = post(10, cues=("controversy:偷税",), text_norm="小周 偷税 被约谈")
    hedged = post(10, cues=("controversy:偷税",), text_norm="小周 偷税? 真的假的")
    denial = post(10, cues=("controversy:偷税",), text_norm="网传小周偷税 完全不实")
    assert _controversy_score(denial) == 0
    assert 0 < _controversy_score(hedged) < _controversy_score(asserted)


@pytest.mark.parametrize(
    ("refuter", "counts_little"),
    [
        (post(5, author_uid="accuser", text_norm="向小周公开道歉 偷税信息为不实内容 已删除"), True),
        (post(5, author_uid="police", text_norm="警方通报 小周偷税系编造 造谣者被拘留"), True),
        (post(5, author_uid="fan", text_norm="小周偷税是谣言 别信"), False),  # a fan's say-so
        (post(5, kol_via="author", text_norm="关于网传我偷税 澄清 已委托律师 官方"), False),
        (post(15, author_uid="police", text_norm="警方通报 小周偷税系编造"), False),  # came first
    ],
)
def test_records_before_a_credible_refutation_count_little(refuter, counts_little):
    accusations = [post(10, cues=("controversy:偷税",), text_norm="小周 偷税") for _ in range(3)]
    alone = _controversy_score(*accusations)
    answered = assess(inputs(*accusations, refuter), DEFAULT_RULES)
    score = component(answered, "controversy").score
    assert (score < alone / 2) is counts_little
    assert ("refutation" in component(answered, "controversy").summary) is counts_little


@pytest.mark.parametrize(
    ("caution_from", "decision"),
    [(25.0, "caution"), (DEFAULT_RULES.component_no_go_from, "go")],
)
def test_one_medium_sign_is_not_diluted_by_the_blend(caution_from, decision):
    """An old lawsuit alone scores controversy in the medium band while the blend stays low."""
    lawsuit = post(200, cues=("controversy:败诉",))
    deal_talk = [post(d, brand_roles=frozenset({"brand"})) for d in range(1, 30)]
    rules = replace(DEFAULT_RULES, component_caution_from=caution_from)
    result = assess(inputs(lawsuit, *deal_talk), rules)
    assert 25 <= component(result, "controversy").score < 75
    assert result.level == ("medium" if decision == "caution" else "low")  # the blend is ~23
    assert result.decision == decision
    if decision == "caution":
        assert result.reasons[0].startswith("caution: controversy ")
        assert result.reasons[0].endswith(": at or above 25 on its own")


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
    withdrawal = rumour_post(cues=("withdrawal:取消年框",), author_followers=50_000)
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
    # Every check's record (app.risk.checks) but coordinated activity, shown only when found.
    assert names == [check.name for check in CHECKS if check.name != "coordinated"]


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


@pytest.mark.parametrize(
    ("role", "label", "mockery", "expected"),
    [
        ("fandom", "negative", 0.4, "contempt"),
        ("fandom", "negative", 0.0, "critical"),  # hurt by fans is not looking down on them
        ("fandom", "neutral", 0.7, "contempt"),  # sarcasm alone, no negative word
        ("brand", "negative", 0.8, "hostile"),
        ("executive", "negative", 0.8, "hostile"),
        ("brand", "negative", 0.0, "critical"),  # hard product criticism is not contempt
        (("brand", "competitor"), "negative", 0.8, "critical"),  # a comparison: target unclear
        ("competitor", "negative", 0.9, None),  # the brand is not named at all
        ("brand", "positive", 0.0, "friendly"),
        ("brand", "neutral", 0.0, "neutral"),
    ],
)
def test_stance_table(role, label, mockery, expected):
    from app.risk.stance import stance_of

    result = stance_of(own(role, label, mockery))
    assert (result.value if result else None) == expected


def test_hard_product_criticism_alone_is_never_no_go():
    reviews = [own("brand", "negative", 0.0, days_ago=d) for d in range(10, 200, 10)]
    result = assess(inputs(*reviews, *[post(days_ago=d) for d in range(1, 30)]), DEFAULT_RULES)
    assert result.decision != "no_go"
    assert component(result, "stance").score < 75


def test_a_single_contemptuous_post_means_at_least_caution():
    result = assess(
        inputs(own("fandom", days_ago=700), *[post(days_ago=d) for d in range(1, 40)]),
        DEFAULT_RULES,
    )
    assert result.decision in ("caution", "no_go")
    assert "contempt" in result.reasons[0] or "stance" in result.reasons[0]


def test_contempt_floor_is_a_tenant_rule():
    from dataclasses import replace as with_rules

    strict = with_rules(DEFAULT_RULES, fandom_contempt_floor="no_go")
    result = assess(
        inputs(own("fandom", days_ago=700), *[post(days_ago=d) for d in range(1, 40)]), strict
    )
    assert result.decision == "no_go"


def test_namesake_controversy_without_context_is_ignored():
    footballer = post(
        5, kol_via="alias", cues=("controversy:罚款",), text_norm="小鹿 禁赛 罚款 比赛"
    )
    kol_news = post(5, kol_via="alias", cues=("controversy:道歉",), text_norm="博主小鹿 视频 道歉")
    by_name = post(5, kol_via="name", cues=("controversy:败诉",), text_norm="毒舌小鹿 败诉")
    assert component(assess(inputs(footballer), DEFAULT_RULES), "controversy").score == 0
    assert component(assess(inputs(kol_news), DEFAULT_RULES), "controversy").score > 0
    assert component(assess(inputs(by_name), DEFAULT_RULES), "controversy").score > 0


@pytest.mark.parametrize(
    ("text_norm", "counted"),
    [
        ("中超球员 小旋风 被足协 禁赛", False),  # the footballer who shares the name
        ("小旋风 道歉信 对不起球迷 对不起俱乐部", False),
        ("吃播博主 小旋风 视频 道歉 球迷也骂", True),  # the creator's world outweighs
        ("小旋风 被判决 赔偿", True),  # a full name with no other world around it
    ],
)
def test_a_full_name_among_another_worlds_words_is_a_namesake(text_norm, counted):
    news = post(5, kol_via="name", cues=("controversy:判决",), text_norm=text_norm)
    score = component(assess(inputs(news), DEFAULT_RULES), "controversy").score
    assert (score > 0) is counted


def test_a_creator_dropping_the_brand_over_the_kol_is_peer_not_the_kols_record():
    dropped = rumour_post(
        cues=("controversy:解约", "withdrawal:解约"), author_uid="peer", author_followers=900_000
    )
    result = assess(inputs(dropped), DEFAULT_RULES)
    assert component(result, "controversy").score == 0
    assert component(result, "peer").score >= 50


def test_thin_data_that_never_touches_the_brand_is_caution():
    unrelated = post(3, kol_via="author", text_norm="今天在外滩扫街")
    result = assess(inputs(unrelated), DEFAULT_RULES)
    assert result.decision == "caution"
    assert "none ties the KOL to the brand" in result.reasons[0]
    linked = assess(inputs(unrelated, own("brand", label="positive")), DEFAULT_RULES)
    assert linked.decision == "go"
    plenty = [post(d, kol_via="author") for d in range(1, 25)]
    assert assess(inputs(*plenty), DEFAULT_RULES).decision == "go"


def test_the_rival_camp_piling_on_counts_little():
    rivals = [
        rumour_post(hours_ago=h, brand_roles=frozenset({"brand", "competitor"}))
        for h in range(1, 9)
    ]
    own_fans = [
        rumour_post(hours_ago=h, brand_roles=frozenset({"brand", "fandom", "competitor"}))
        for h in range(1, 9)
    ]
    brigade = assess(inputs(*rivals), DEFAULT_RULES)
    revolt = assess(inputs(*own_fans), DEFAULT_RULES)
    for name in ("rumour", "velocity"):
        assert component(brigade, name).score < component(revolt, name).score / 2
    assert brigade.decision != "no_go"
    assert revolt.decision == "no_go"


def test_fan_anger_at_a_rumoured_deal_is_rumour_not_controversy():
    angry = rumour_post(cues=("collab:合作", "controversy:翻车"))
    result = assess(inputs(angry), DEFAULT_RULES)
    assert component(result, "controversy").score == 0
    assert component(result, "rumour").score > 0


def test_venue_comments_naming_only_the_kol_count_as_pairing_talk():
    under_ceo = [
        post(
            h / 24,
            in_venue=True,
            kind="comment",
            cues=("collab:合作",),
            label="negative",
            polarity=-0.8,
        )
        for h in range(1, 9)
    ]
    result = assess(inputs(*under_ceo), DEFAULT_RULES)
    assert component(result, "rumour").score > 50
    assert component(result, "velocity").score > 0


def test_peer_counts_creators_not_reposts_of_their_news():
    creator = rumour_post(
        cues=("withdrawal:取消年框",), author_uid="creator", author_followers=200_000
    )
    echoes = [
        rumour_post(cues=("withdrawal:取消年框",), author_uid=f"fan{i}", author_followers=30)
        for i in range(6)
    ]
    one = component(assess(inputs(creator), DEFAULT_RULES), "peer").score
    with_echoes = component(assess(inputs(creator, *echoes), DEFAULT_RULES), "peer").score
    assert one == pytest.approx(50, abs=1)
    assert with_echoes < 75


def test_first_reason_names_every_component_at_no_go_level():
    result = assess(
        inputs(
            *[hostile_own("fandom", d) for d in (100, 200, 300)],
            *[rumour_post() for _ in range(10)],
        ),
        DEFAULT_RULES,
    )
    assert result.reasons[0].startswith("no_go:")
    assert "stance" in result.reasons[0]


def test_platforms_the_collectors_could_not_reach_lower_confidence_and_are_said():
    from dataclasses import replace as with_inputs

    posts = [post(days_ago=d) for d in range(1, 60)]
    reached = assess(inputs(*posts), DEFAULT_RULES)
    gaps = with_inputs(
        inputs(*posts),
        collection_gaps={"douyin": "login_required", "xiaohongshu": "login_required"},
    )
    missed = assess(gaps, DEFAULT_RULES)
    assert missed.confidence < reached.confidence
    assert "not collected: douyin (login_required), xiaohongshu (login_required)" in missed.reasons
    assert missed.coverage.not_collected == {
        "douyin": "login_required",
        "xiaohongshu": "login_required",
    }
