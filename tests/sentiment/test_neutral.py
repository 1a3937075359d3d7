import numpy as np
import pytest

from sentiment.neutral import (
    CLASSES,
    FEATURES,
    Calibration,
    NeutralModel,
    direction_rows,
    gate_rows,
    structure,
)
from sentiment.patterns import ASKING
from sentiment.scorer import FanTalkScorer


def _rows(polarities, cued):
    rows = np.zeros((len(polarities), len(FEATURES)))
    rows[:, FEATURES.index("polarity")] = polarities
    rows[:, FEATURES.index("cued")] = cued
    rows[:, FEATURES.index("polarity_no_cue")] = np.where(np.array(cued) > 0, 0.0, polarities)
    return rows


def test_on_cued_text_the_direction_is_the_polarity_sign():
    calibration = Calibration(None, np.array([3.0, 0.5, 0.8]), 1.0)
    rows = _rows([-0.3, -0.01, 0.01, 0.3], [1, 1, 1, 1])
    table = calibration.probabilities(rows)
    assert calibration.labels(table) == ["negative", "negative", "neutral", "positive"]
    assert table[1, 0] > table[1, 2]
    assert table[2, 0] < table[2, 2]
    assert np.allclose(table.sum(axis=1), 1.0)


def test_on_cue_less_text_the_offset_moves_the_boundary():
    calibration = Calibration(None, np.array([3.0, 0.0, 0.8]), 1.0)
    table = calibration.probabilities(_rows([-0.1, -0.1], [1, 0]))
    assert calibration.labels(table) == ["negative", "positive"]


def test_the_gate_makes_neutral_and_its_weight_decides_ties():
    gate = np.zeros(gate_rows(_rows([0.0], [1])).shape[1] + 1)
    gate[-1] = 0.0  # P(neutral) 1/2 for every text
    rows = _rows([-0.2], [1])
    assert Calibration(gate, np.array([3.0, 0.0, 0.0]), 1.0).labels(
        Calibration(gate, np.array([3.0, 0.0, 0.0]), 1.0).probabilities(rows)
    ) == ["neutral"]
    weak = Calibration(gate, np.array([3.0, 0.0, 0.0]), 0.5)
    assert weak.labels(weak.probabilities(rows)) == ["negative"]


def test_direction_rows_have_no_intercept_on_cued_text():
    rows = direction_rows(_rows([0.0, 0.0], [1, 0]))
    assert rows.tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("#全国确诊新型肺炎病例# <url>", "url"),
        ("#全国确诊新型肺炎病例#", "topic_only"),
        ("//@武汉同城会:发热咳嗽非唯一症状", "repost"),
        ("请问什么时候发货?", "question"),
        ("截至1月30日24时新增确诊1982例", "dates"),
    ],
)
def test_structural_marks(text, mark):
    values = dict(zip(FEATURES[FEATURES.index("question") :], structure(text), strict=True))
    assert values[mark] > 0


@pytest.mark.parametrize(
    "text",
    [
        "截至1月30日24时新增确诊1982例",
        "实测续航11小时,发布会定于周四",
        "官宣:星河与老王达成合作",
        "请问什么时候发货?",
        "太难看了吧",
        "垃圾,发布会定于10点,还不如不开",
        "12:30见",
        "１２月３日",
        "",
    ],
)
def test_structural_marks_taken_from_the_reading_are_the_ones_searched_for(text):
    from sentiment.lexicon import default_lexicon
    from sentiment.rules import read

    assert structure(text, read(text, default_lexicon())) == structure(text)


def test_structural_marks_are_absent_from_plain_opinion():
    values = dict(zip(FEATURES[FEATURES.index("question") :], structure("太难看了吧"), strict=True))
    assert values["url"] == values["topic_only"] == values["repost"] == values["dates"] == 0


def test_artifact_round_trip(tmp_path):
    model = NeutralModel.load()
    assert model is not None
    path = tmp_path / "neutral.npz"
    model.save(path)
    again = NeutralModel.load(path)
    assert again is not None
    assert again.version == model.version
    assert again.calibration.neutral_weight == model.calibration.neutral_weight
    assert np.allclose(again.calibration.direction, model.calibration.direction)


def test_missing_artifact_means_no_calibration(tmp_path):
    assert NeutralModel.load(tmp_path / "absent.npz") is None


@pytest.mark.parametrize(
    "text",
    [
        "#全国确诊新型肺炎病例# #浙江新增17例新型肺炎确诊病例#",
        "『全国新型肺炎疫情实时动态 - 丁香园』http://t.cn/A6v1xgC0",
        "阜阳市全面启动新型冠状病毒感染的肺炎疫情防控工作",
        "请问这个型号什么时候发货？",
        "星河新品发布会定于10月12日晚7点",
    ],
)
def test_news_questions_links_and_hashtags_are_not_negative(text):
    assert FanTalkScorer().score(text).label != "negative"


def test_probabilities_are_calibrated_and_agree_with_label_and_polarity():
    texts = ["脱粉了，再也不买", "这次联名太好看了[心]", "截至今日新增确诊17例", "一般般吧"]
    for result in FanTalkScorer().score_many(texts):
        assert set(result.probabilities) == set(CLASSES)
        assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
        assert result.confidence == result.probabilities[result.label]
        if result.label == "negative":
            assert result.polarity < 0
        if result.label == "positive":
            assert result.polarity > 0


def test_without_calibration_the_label_is_the_polarity_band():
    result = FanTalkScorer(neutral=None).score("脱粉了")
    assert result.probabilities == {}
    assert result.label == "negative"


@pytest.mark.parametrize(
    ("text", "asking"),
    [
        ("请问这个型号什么时候发货?", True),
        ("有没有人知道门店在哪", True),
        ("云栖x200和北辰影像新款怎么选?预算一万", True),
        ("方总,x200什么时候有货", True),
        ("什么时候才是个头啊", False),
        ("口罩到底在哪里能买到", False),
    ],
)
def test_only_a_post_that_says_it_asks_is_forced_neutral(text, asking):
    assert (ASKING.search(text) is not None) == asking


def test_the_label_is_the_most_probable_class_it_reports():
    # Weak leans that a decision rule (the neutral weight, the weak-praise band) turns into
    # another label than the calibration's most probable class.
    texts = [
        "华为新机几点开售?",
        "华为新机今天开售",
        "还行吧",
        "一般般",
        "这次的联名真的太恶心了,退钱",
    ]
    for result in FanTalkScorer().score_many(texts):
        chances = result.probabilities
        assert max(chances, key=chances.__getitem__) == result.label
        assert abs(sum(chances.values()) - 1) < 0.01
        assert result.confidence == pytest.approx(chances[result.label], abs=1e-4)
