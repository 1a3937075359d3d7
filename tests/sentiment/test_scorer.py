import numpy as np
import pytest

from sentiment.scorer import MIXING, FanTalkScorer, reweighted


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
