"""Sarcasm and emoji in context: the cases issue 18 names, as a table."""

import pytest

from sentiment import score

CASES = [
    # praise closed by a smirking sticker is mockery
    ("今年真是大好盛世呢[doge]", "negative"),
    ("这新品真牛逼[允悲]", "negative"),
    ("这操作就是牛逼[doge]", "negative"),
    ("好棒哦[微笑]", "negative"),
    # [doge] after plain talk stays playful
    ("哈哈哈笑死[doge]", "not_negative"),
    ("老板快上链接，我等不及了[doge]", "not_negative"),
    ("坐等开箱视频[doge]", "not_negative"),
    # tears of being moved
    ("[泪][泪]好感人", "positive"),
    ("太感动了[泪]", "positive"),
    ("致敬逆行者[泪][泪]", "positive"),
    ("最后一面也没见到[泪][泪]", "negative"),
    # 别 that does not negate
    ("别提多好了", "positive"),
    ("别提多难受了", "negative"),
    ("别错过，今晚直播有福利", "not_negative"),
    # plain emotion words of everyday Weibo (happiness, like, sadness, fear)
    ("那一刻,太幸福了!", "positive"),
    ("这个政策太暖心了", "positive"),
    ("今天好开心[哈哈]", "positive"),
    ("好担心家里人，一直在咳嗽", "negative"),
    ("好害怕，小区又确诊了一例", "negative"),
    ("看到这个新闻好难过[泪]", "negative"),
    # opposing a deal is backlash, whatever 坚决 reads like
    ("坚决反对曜驰和老k合作", "negative"),
    ("我不反对这次合作", "not_negative"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_irony_and_emoji_in_context(text, expected):
    result = score(text)
    if expected == "not_negative":
        assert result.label != "negative", result
    else:
        assert result.label == expected, result


def test_mock_praise_is_mockery():
    assert score("今年真是大好盛世呢[doge]").emotions["mockery"] >= 0.5


def test_moved_tears_are_a_cue():
    assert "[泪] (moved)" in score("[泪][泪]好感人").cues
