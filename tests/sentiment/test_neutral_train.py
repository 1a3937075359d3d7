"""Fitting the label calibration (sentiment.neutral_train): needs the `train` extra."""

import numpy as np
import pytest

pytest.importorskip(
    "sklearn", reason="the calibration is fitted with scikit-learn: pip install -e '.[train]'"
)

from sentiment.neutral import FEATURES
from sentiment.neutral_train import _Dev, fit_calibration, lightest
from tests.sentiment.test_neutral import _rows


def _dev(polarities, negative, neutral=None):
    rows = _rows(polarities, [0] * len(polarities))
    count = len(polarities)
    return _Dev(
        "set",
        1.0,
        rows,
        np.array(negative),
        np.array(neutral if neutral is not None else [False] * count),
    )


def test_the_direction_does_not_learn_a_corpus_prior():
    # Cue-less text, polarity uninformative, three negatives for each non-negative: a prior-fed
    # direction would call everything negative; the balanced one stays undecided at 0.
    # each polarity: three negatives to one non-negative
    dev = _dev([-0.1, 0.1] * 40, ([True] * 6 + [False] * 2) * 10)
    calibration = fit_calibration([dev])
    table = calibration.probabilities(_rows([0.0], [0]))
    assert table[0, 0] == pytest.approx(table[0, 2], abs=0.02)


def test_without_neutral_rows_the_structural_prior_gate_is_used():
    calibration = fit_calibration([_dev([-0.5, 0.5] * 10, [True, False] * 10)])
    assert calibration.gate is not None
    news = np.zeros((1, len(FEATURES)))
    for mark in ("url", "news", "dates", "repost"):
        news[0, FEATURES.index(mark)] = 1.0
    opinion = _rows([-0.8], [1])
    opinion[0, FEATURES.index("cue_count")] = 0.5
    neutral_news = calibration.probabilities(news)[0, 1]
    neutral_opinion = calibration.probabilities(opinion)[0, 1]
    assert neutral_news > 0.5 > neutral_opinion


def test_a_near_tie_in_neutral_weight_goes_to_the_smaller_weight():
    weights = (0.5, 0.75, 1.0, 1.25)
    values = (0.80, 0.8918, 0.8920, 0.85)
    assert lightest(weights, values, 0.001) == 0.75
    assert lightest(weights, values, 0.0) == 1.0
    assert lightest(weights, (0.9, 0.8, 0.7, 0.6), 0.001) == 0.5
