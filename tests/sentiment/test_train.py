import pytest

pytest.importorskip("sklearn")  # sentiment.train is the `train` extra's

import numpy as np
from scipy import sparse

from sentiment.datasets import Example
from sentiment.train import class_balance, opinion_weights


def test_class_balance_counts_each_row_at_its_weight():
    labels = np.array([0, 0, 1, 1])
    domains = np.array(["weibo"] * 4)
    kept = np.ones(4, bool)
    weights = np.array([1.0, 0.2, 1.0, 1.0])
    factors = class_balance(labels, domains, kept, weights)
    negative, positive = (weights * factors)[:2].sum(), (weights * factors)[2:].sum()
    assert negative == pytest.approx(positive)
    assert negative + positive == pytest.approx(weights.sum())


# Bag-of-words rows: columns 0-2 are news words, 3-5 opinion words.
_NEWS, _OPINION = [0, 1, 2], [3, 4, 5]


def _rows(columns_per_row):
    matrix = np.zeros((len(columns_per_row), 6))
    for row, columns in enumerate(columns_per_row):
        matrix[row, columns] = 1.0
    return sparse.csr_matrix(matrix)


def test_rows_of_the_weighted_corpus_weigh_what_they_read_as_opinion():
    smp = [("smp", Example(f"n{i}", 1, "neutral")) for i in range(6)]
    smp += [("smp", Example(f"o{i}", 0, "anger")) for i in range(6)]
    weibo = [("weibo", Example("news", 0, "fear")), ("weibo", Example("rant", 0, "anger"))]
    hotel = [("hotel", Example("review", 1, None))]
    examples = smp + weibo + hotel
    matrix = _rows([_NEWS] * 6 + [_OPINION] * 6 + [_NEWS, _OPINION, _NEWS])
    weights = opinion_weights(matrix, examples)
    news, rant, review = weights[12], weights[13], weights[14]
    assert news < 0.5 < rant < 1.0
    assert review == 1.0  # only OPINION_WEIGHTED corpora are read
    assert (weights[:12] == 1.0).all()  # the reader's own rows are not weighted


def test_without_a_neutral_corpus_every_row_weighs_one():
    examples = [("weibo", Example("news", 0, "fear")), ("hotel", Example("review", 1, None))]
    assert (opinion_weights(_rows([_NEWS, _OPINION]), examples) == 1.0).all()
