import numpy as np
import pytest

from sentiment.scorer import MIXING, FanTalkScorer, mix, reweighted


def test_reweighting_to_the_training_share_changes_nothing():
    social = np.array([0.0, 0.1, 0.5, 0.97, 1.0])
    assert np.allclose(reweighted(social, 0.12, 0.12), social)
    assert reweighted(social, None, 0.75) is social


def test_reweighting_to_a_larger_prior_raises_every_share_in_order():
    social = np.array([0.0, 0.01, 0.1, 0.5, 0.9, 1.0])
    shifted = reweighted(social, 0.12, 0.75)
    assert shifted[0] == 0.0
    assert shifted[-1] == 1.0
    assert np.all(shifted[1:-1] > social[1:-1])
    assert np.all(np.diff(shifted) > 0)
    # Bayes: the odds grow by (0.75 / 0.25) / (0.12 / 0.88) = 22
    assert shifted[3] == pytest.approx(22 / 23)


def test_shipped_artifact_records_its_training_mix():
    scorer = FanTalkScorer()
    assert scorer.trained_share is not None
    assert 0.05 < scorer.trained_share < MIXING.social_prior


def test_informational_posts_keep_their_sign_but_lose_strength():
    margin = np.array([-3.0, -3.0, 2.0])
    zeros = np.zeros(3)
    flags = np.array([False, True, True])
    off = np.zeros(3, dtype=bool)
    has_model = np.ones(3, dtype=bool)
    plain = mix(margin, zeros, zeros, off, off, has_model, MIXING)
    damped = mix(margin, zeros, zeros, off, off, has_model, MIXING, informational=flags)
    assert damped[0] == plain[0]
    assert np.all(np.sign(damped) == np.sign(plain))
    assert np.all(np.abs(damped[1:]) < np.abs(plain[1:]))


@pytest.mark.parametrize(
    "text", ["实测续航11小时，屏幕亮度200尼特", "星河新品发布会定于10月12日晚7点"]
)
def test_measurement_and_deal_news_read_neutral(text):
    assert FanTalkScorer().score(text).label == "neutral"


@pytest.mark.parametrize(
    "text",
    ["双十二禾悦会员日，买二送一", "年终大促，全场五折，买一送一", "满300减50，今晚八点开抢"],
)
def test_a_promotion_is_not_backlash(text):
    assert FanTalkScorer().score(text).label != "negative"


def test_the_model_reads_only_what_the_rules_left():
    from sentiment.features import unmasked_share

    assert unmasked_share("abcdefghij", []) == 1.0
    assert unmasked_share("abcdefghij", [(0, 4), (2, 6)]) == pytest.approx(0.4)
    margin = np.array([-4.0])
    zeros = np.zeros(1)
    off = np.zeros(1, dtype=bool)
    on = np.ones(1, dtype=bool)
    full = mix(margin, zeros, zeros, off, off, on, MIXING)
    part = mix(margin, zeros, zeros, off, off, on, MIXING, model_share=np.array([0.25]))
    assert abs(part[0]) < abs(full[0])


def test_defending_a_paid_post_is_not_negative():
    result = FanTalkScorer().score("恰饭怎么了？又不是虚假宣传")
    assert result.label != "negative"
    assert "恰饭怎么了 (defending the deal)" in result.cues
