import pytest

from sentiment.datasets import Corpus, Example
from sentiment.loco import capped, folds, score_binary


def _corpus(name, texts, polarity=1, emotion=None):
    examples = [Example(t, polarity, emotion) for t in texts]
    return Corpus(name, "social", examples, examples[:1], examples[1:2])


def test_a_fold_never_trains_on_text_of_the_left_out_corpus():
    first = _corpus("a", ["共享", "甲1", "甲2"])
    second = _corpus("b", ["共享", "乙1", "乙2"], polarity=0)
    by_name = {fold.left_out: fold for fold in folds([first, second], None, None)}
    fold = by_name["a"]
    assert [c.name for c in fold.training] == ["b"]
    trained = {e.text for c in fold.training for e in c.train + c.dev}
    assert "共享" not in trained
    assert "共享" in {e.text for e in fold.test}


def test_surprise_rows_are_left_out_of_the_test():
    left = Corpus("a", "social", [Example("x", None, "surprise"), Example("y", 0, "anger")], [], [])
    (fold, _) = folds([left, _corpus("b", ["z"])], None, None)
    assert [e.text for e in fold.test] == ["y"]


def test_caps_are_seeded_not_the_split_order():
    examples = [Example(f"{i:04d}", 1, None) for i in range(500)]
    chosen = capped(examples, 50)
    assert chosen == capped(list(reversed(examples)), 50)
    assert len(chosen) == 50
    assert chosen != examples[:50]


def test_binary_scores():
    examples = [
        Example("a", 0, "anger"),
        Example("b", 0, None),
        Example("c", 1, "neutral"),
        Example("d", 1, "neutral"),
    ]
    scores = score_binary([True, False, True, False], examples)
    assert scores.accuracy == 0.5
    assert scores.negative_recall == 0.5
    assert scores.neutral_called_negative == 0.5
    assert scores.negative_f1 == pytest.approx(0.5)


def test_naive_model_learns_from_its_rows():
    pytest.importorskip("sklearn")
    from sentiment.loco import NaiveModel

    rows = [Example(f"好{i}", 1, None) for i in range(20)] + [
        Example(f"差{i}", 0, None) for i in range(20)
    ]
    assert NaiveModel(rows).negative(["很差", "很好"]) == [True, False]


def test_class_balance_gives_each_class_of_a_corpus_the_same_weight():
    pytest.importorskip("sklearn")  # sentiment.train is the `train` extra's
    import numpy as np

    from sentiment.train import class_balance

    labels = np.array([0, 0, 0, 1, 1, 0])
    domains = np.array(["a", "a", "a", "a", "b", "b"])
    kept = np.array([True, True, True, True, True, False])
    factors = class_balance(labels, domains, kept)
    a = domains == "a"
    assert factors[a & (labels == 0)].sum() == pytest.approx(factors[a & (labels == 1)].sum())
    assert factors[a].sum() == pytest.approx(4.0)
    assert factors[4] == pytest.approx(0.5)  # b: one kept row, only one class present
