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


def test_the_issue_reference_is_fitted_without_smp():
    from sentiment.loco import REFERENCE_CORPORA, naive_rows

    training = [_corpus("weibo", ["微博1", "微博2"]), _corpus("smp", ["新闻1", "新闻2"])]
    assert {e.text for e in naive_rows(training)} == {"微博1", "微博2", "新闻1", "新闻2"}
    assert {e.text for e in naive_rows(training, REFERENCE_CORPORA)} == {"微博1", "微博2"}


_TOPICS = (
    "武汉今日新增确诊病例{}例，累计治愈出院",
    "口罩又涨价了，药店排队买不到口罩{}",
    "在家隔离第{}天，追剧吃零食打游戏",
    "医护人员辛苦了，致敬逆行者第{}批援鄂医疗队",
)


def _smp_texts():
    return [topic.format(i) + "。" * (i % 3) for topic in _TOPICS for i in range(12)]


def test_topic_groups_are_seeded_and_follow_the_topics():
    pytest.importorskip("sklearn")
    from sentiment.loco import topic_groups

    texts = _smp_texts()
    groups = topic_groups(texts, groups=4)
    assert groups == topic_groups(texts, groups=4)
    by_topic = [set(groups[i * 12 : (i + 1) * 12]) for i in range(4)]
    assert all(len(found) == 1 for found in by_topic)
    assert len(set().union(*by_topic)) == 4


def test_near_duplicates_always_share_a_group():
    pytest.importorskip("sklearn")
    from sentiment.loco import topic_groups

    texts = _smp_texts()
    # A repost of a quarantine post that also talks masks: alone it could join either topic.
    original = "在家隔离第3天，追剧吃零食打游戏，口罩又涨价了，药店排队买不到口罩"
    texts += [original, "//@小王:" + original, original + " #疫情#"]
    for groups in (2, 3, 4, 6, 8):
        found = topic_groups(texts, groups=groups)
        assert len(set(found[-3:])) == 1


def test_groups_are_dealt_largest_first_to_the_lightest_fold():
    from sentiment.loco import deal_groups

    assert deal_groups([5, 1, 4, 2, 2], 2) == [0, 1, 1, 1, 0]
    assert deal_groups([3, 3, 3], 3) == [0, 1, 2]


def test_topic_folds_hold_out_disjoint_groups_and_never_train_on_them():
    pytest.importorskip("sklearn")
    from sentiment.datasets import split
    from sentiment.loco import topic_folds

    texts = _smp_texts()
    smp_rows = [Example(t, i % 2, "neutral" if i % 2 else "anger") for i, t in enumerate(texts)]
    smp_rows.append(Example("这是什么情况", None, "surprise"))
    train, dev, test = split(smp_rows)
    smp = Corpus("smp", "social", train, dev, test)
    other = _corpus("hotel", ["房间干净", "服务差"])
    fold_list = topic_folds([other, smp], k=2, train_cap=None, groups=4)
    assert len(fold_list) == 2
    held = [{e.text for e in fold.test} for fold in fold_list]
    assert not held[0] & held[1]
    assert held[0] | held[1] == {e.text for e in smp_rows if e.polarity is not None}
    for fold, held_texts in zip(fold_list, held, strict=True):
        trained = {e.text for c in fold.training for e in c.train + c.dev}
        assert not trained & held_texts
        assert {"房间干净", "服务差"} <= trained
        # a topic is wholly on one side: its four held-out texts take their siblings along
        for topic in _TOPICS:
            sides = {topic.format(i) + "。" * (i % 3) in held_texts for i in range(12)}
            assert len(sides) == 1


def test_no_topic_folds_without_the_topic_corpus():
    from sentiment.loco import topic_folds

    assert topic_folds([_corpus("hotel", ["a", "b"])]) == []
