"""The fit read: category share, tone against the brand's, audience overlap, past work, and
thin data said as such."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.fit.compute import (
    FitInputs,
    OwnPost,
    assess_fit,
    tone_match,
    tone_of,
)

START = datetime(2026, 11, 1, tzinfo=UTC)
HARSH = {"anger": 0.0, "disgust": 0.9, "mockery": 0.0}
CALM = {"anger": 0.0, "disgust": 0.0, "mockery": 0.1}


def post(i: int, text: str, emotions=CALM, collab: bool = False) -> OwnPost:
    return OwnPost(
        f"p{i}", "weibo", f"w{i}", None, "k1", "老王", START + timedelta(hours=i),
        text, text, emotions, collab,
    )  # fmt: skip


def inputs(posts, tone="gentle", words=("手机", "续航"), commenters=None, fans=frozenset()):
    return FitInputs("数码", list(words), tone, posts, commenters, fans)


@pytest.mark.parametrize(
    ("share", "tone"), [(0.0, "gentle"), (0.049, "gentle"), (0.05, "neutral"), (0.2, "sharp")]
)
def test_tone_of_harsh_share(share, tone):
    assert tone_of(share) == tone


@pytest.mark.parametrize(
    ("kol", "brand", "match"),
    [("gentle", "gentle", 1.0), ("neutral", "gentle", 0.5), ("sharp", "gentle", 0.0)],
)
def test_tone_match(kol, brand, match):
    assert tone_match(kol, brand) == match


def test_a_gentle_category_creator_fits_a_gentle_brand():
    posts = [post(i, "这款手机续航很好") for i in range(20)] + [
        post(20 + i, "今天吃了火锅") for i in range(20)
    ]
    read = assess_fit(inputs(posts))
    parts = {p.name: p for p in read.parts}
    assert parts["category"].value == 0.5
    assert parts["category"].score == 1.0
    assert len(parts["category"].evidence) == 3
    assert read.kol_tone == "gentle"
    assert parts["tone"].score == 1.0
    assert read.score is not None
    assert read.score > 80


def test_a_sharp_creator_scores_low_on_tone_with_the_harsh_posts_as_evidence():
    posts = [post(i, "手机测评", HARSH if i % 2 else CALM) for i in range(40)]
    read = assess_fit(inputs(posts, tone="gentle"))
    tone = next(p for p in read.parts if p.name == "tone")
    assert read.kol_tone == "sharp"
    assert tone.score == 0.0
    assert all(e.emotions == HARSH for e in tone.evidence)
    sharp_brand = assess_fit(inputs(posts, tone="sharp"))
    assert sharp_brand.score is not None
    assert read.score is not None
    assert sharp_brand.score > read.score


def test_audience_overlap_counts_accounts():
    commenters = frozenset({("weibo", str(i)) for i in range(10)})
    fans = frozenset({("weibo", "1"), ("weibo", "2"), ("douyin", "3")})
    read = assess_fit(inputs([post(1, "手机")], commenters=commenters, fans=fans))
    audience = next(p for p in read.parts if p.name == "audience")
    assert audience.value == 0.2
    assert audience.score == 1.0


def test_past_work_is_a_paid_post_in_the_category():
    posts = [post(1, "感谢品牌合作 这款手机", collab=True), post(2, "合作了一家餐厅", collab=True)]
    past = next(p for p in assess_fit(inputs(posts)).parts if p.name == "past_work")
    assert past.value == 1.0
    assert [e.post_id for e in past.evidence] == ["p1"]


def test_thin_data_says_so_and_lowers_confidence():
    few = assess_fit(inputs([post(1, "手机")]))
    many = assess_fit(inputs([post(i, "手机") for i in range(40)]))
    assert few.confidence < many.confidence
    assert any("thin data" in gap.text for gap in few.gaps)
    assert any(gap.key == "no_comments" for gap in few.gaps)


def test_no_posts_and_no_words_give_no_score():
    read = assess_fit(FitInputs(None, [], "neutral", [], None, frozenset()))
    assert read.score is None
    assert read.confidence == 0.0
    assert read.kol_tone is None
