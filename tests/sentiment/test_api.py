import dataclasses

import pytest

import sentiment
from sentiment import ModelInfo, Scorer, SentimentResult, get_scorer, score, score_many


def test_public_api_is_pinned():
    assert sorted(sentiment.__all__) == [
        "ModelInfo", "Scorer", "SentimentResult", "get_scorer", "normalize", "score", "score_many",
    ]  # fmt: skip


def test_result_shape():
    result = score("脱粉了")
    assert isinstance(result, SentimentResult)
    assert -1 <= result.polarity <= 1
    assert result.label in {"negative", "neutral", "positive"}
    assert 0 <= result.confidence <= 1
    assert {"anger", "disgust", "mockery"} <= set(result.emotions)
    assert all(0 <= value <= 1 for value in result.emotions.values())
    assert isinstance(result.cues, list)
    assert isinstance(result.model, ModelInfo)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.polarity = 0.0  # type: ignore[misc]


def test_default_scorer_is_ours_and_cheap_to_identify():
    scorer = get_scorer()
    assert isinstance(scorer, Scorer)
    assert scorer.model.name == "fantalk"
    assert scorer.model.version
    assert get_scorer() is scorer


def test_snownlp_baseline_behind_same_interface():
    baseline = get_scorer("snownlp")
    assert isinstance(baseline, Scorer)
    assert baseline.model.name == "snownlp"
    result = baseline.score("很好")
    assert result.model == baseline.model


def test_unknown_scorer_is_a_value_error():
    with pytest.raises(ValueError, match="unknown scorer"):
        get_scorer("bert")


def test_score_many_matches_score():
    texts = ["脱粉了", "不难看", "[doge]"]
    assert score_many(texts) == [score(text) for text in texts]
    assert score_many([]) == []


def test_score_many_keeps_order_across_chunks():
    from sentiment.scorer import CHUNK_SIZE

    texts = ["脱粉了", "太好看了", ""] * (CHUNK_SIZE // 2 + 1)  # spans more than one chunk
    results = score_many(texts)
    assert len(results) == len(texts) > CHUNK_SIZE
    edge = slice(CHUNK_SIZE - 1, CHUNK_SIZE + 2)
    assert results[edge] == [score(text) for text in texts[edge]]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x07\x1b[31m",
        "hello world, just english",
        "😀" * 50,
        "好" * 100_000,
        "https://example.com/" + "a" * 5000,
        "[[[[]]]]",
        "\ud800broken",
    ],
)
def test_bad_input_never_raises(text):
    result = score(text)
    assert -1 <= result.polarity <= 1
    assert result.label in {"negative", "neutral", "positive"}


def test_empty_is_neutral():
    assert score("").label == "neutral"
    assert score("   ").polarity == 0


@pytest.mark.parametrize("text", ["转发微博", "分享图片", "网页链接"])
def test_platform_boilerplate_alone_is_neutral(text):
    result = score(text)
    assert result.polarity == 0
    assert result.label == "neutral"


def test_platform_boilerplate_does_not_hide_the_comment():
    assert score("转发微博 太恶心了").label == "negative"
