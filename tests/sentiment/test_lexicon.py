from importlib import resources

import pytest

from sentiment import normalize
from sentiment.lexicon import default_lexicon, parse_entries
from sentiment.rules import read

KINDS = {
    "backlash", "contempt", "sarcasm", "negative", "praise", "slang",
    "emoji", "guard", "intensifier", "negator",
}  # fmt: skip


def reading(text):
    return read(normalize(text), default_lexicon())


def test_every_entry_has_a_kind_range_and_note():
    text = resources.files("sentiment").joinpath("lexicon", "terms.tsv").read_text("utf-8")
    entries = parse_entries(text)
    assert len(entries) > 250
    for entry in entries:
        assert entry.kind in KINDS, entry
        assert -1 <= entry.polarity <= 1, entry
        assert entry.note.strip(), entry
        assert entry.term == normalize(entry.term), f"{entry.term} is not in normalised form"


def test_malformed_row_is_rejected():
    with pytest.raises(ValueError, match="line 1"):
        parse_entries("脱粉\tbacklash\t-0.9")


@pytest.mark.parametrize(
    "term", ["脱粉", "回踩", "背刺", "塌房", "抵制", "恰烂钱", "吃相难看", "水军"]
)
def test_backlash_terms_are_negative(term):
    result = reading(f"又{term}了")
    assert result.score < 0
    assert term in result.cues


def test_guard_shadows_shorter_word():
    assert reading("阳光灿烂").score == 0


def test_ascii_slang_needs_word_boundaries():
    assert reading("yyds").score > 0
    assert reading("byydsx").score == 0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("不难看", "不+难看 (negated)"),
        ("没那么差", "没那么+差 (negated)"),
        ("并不丑", "并不+丑 (negated)"),
    ],
)
def test_negated_criticism_is_not_negative(text, cue):
    result = reading(text)
    assert result.score > 0
    assert cue in result.cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("没有传说中那么差", "没有+差 (negated)"),
        ("我不觉得这个很差", "不+差 (negated)"),
    ],
)
def test_negation_reaches_four_characters(text, cue):
    result = reading(text)
    assert result.score > 0
    assert cue in result.cues


@pytest.mark.parametrize("text", ["不知道说什么好了，真的很差", "没见过这么烂的"])
def test_negation_does_not_reach_too_far(text):
    assert reading(text).score < 0


def test_negated_span_starts_at_the_negator():
    assert reading("没有传说中那么差").negated_spans == [(0, 8)]


def test_information_question_is_flagged():
    assert reading("请问这个型号什么时候发货?").question
    assert reading("这次合作的数据怎么样？").question
    assert not reading("你能把我怎么样").question
    assert not reading("你们公关是猪吗").question


def test_negated_praise_is_negative():
    assert reading("不好看").score < 0


def test_negation_stops_at_punctuation():
    assert reading("不，难看").score < 0


def test_intensifier_strengthens():
    assert reading("太恶心").score < reading("恶心").score


@pytest.mark.parametrize("text", ["真是太好了呢[微笑]", "X真是良心企业呢呵呵", "好一个良心品牌"])
def test_sarcasm_turns_praise_around(text):
    result = reading(text)
    assert result.sarcastic
    assert result.score < 0
    assert result.mockery >= 0.7


def test_smile_code_is_a_sarcasm_cue():
    assert "[微笑] (sarcastic)" in reading("哦[微笑]").cues


def test_doge_alone_is_playful():
    result = reading("[doge]")
    assert result.score >= 0
    assert not result.sarcastic


def test_fandom_contempt_pattern():
    result = reading("米粉都是韭菜")
    assert result.score < 0
    assert result.disgust >= 0.5
    assert result.mockery >= 0.5


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("好难过", "好"),
        ("好紧张啊", "好"),
        ("美就宣布破产", "美"),
        ("郭美美事件", "美"),
        ("牛腩饭", "牛"),
    ],
)
def test_bound_praise_word_before_an_ideograph_is_not_praise(text, word):
    result = reading(text)
    assert result.score <= 0
    assert word not in result.cues


@pytest.mark.parametrize(("text", "word"), [("很好", "好"), ("太美了", "美"), ("太牛了", "牛")])
def test_bound_praise_word_standing_alone_is_praise(text, word):
    result = reading(text)
    assert result.score > 0
    assert word in result.cues


def test_bound_praise_word_still_intensifies_and_is_negated():
    assert reading("好恶心").score < reading("恶心").score
    assert reading("不好").score < 0


@pytest.mark.parametrize(
    "text", ["美国", "美妆博主", "品牌赞助", "我的爱豆", "烫得厉害", "还没用过"]
)
def test_homographs_are_guarded(text):
    assert reading(text).score == 0


def test_general_emotion_words_read_with_their_sign():
    assert reading("好烦").score < 0
    assert reading("不后悔").score > 0
    assert reading("辛苦了").score > 0


@pytest.mark.parametrize(
    "text",
    ["误差在2分贝以内", "和上代差别不大", "天真烂漫", "这期的坑位", "他骂的是黄牛", "棒球帽"],
)
def test_single_character_words_inside_compounds_do_not_count(text):
    result = reading(text)
    assert not {"差", "烂", "坑", "牛", "棒"} & set(result.cues), result.cues


@pytest.mark.parametrize(
    ("text", "word"),
    [("无线充电很好用", "好用"), ("别人家的好吃", "好吃"), ("不然就踩雷了", "踩雷")],
)
def test_negator_characters_inside_compounds_do_not_negate(text, word):
    result = reading(text)
    assert word in result.cues
    assert not any("negated" in cue for cue in result.cues)


@pytest.mark.parametrize("text", ["支持100w快充", "支持nfc", "支持5g"])
def test_supports_a_feature_is_not_praise(text):
    assert reading(text).score == 0


def test_supporting_someone_is_still_praise():
    assert reading("一直支持老王").score > 0


@pytest.mark.parametrize(
    "text",
    [
        "实测续航11小时，亮度200尼特",
        "发布会定于周四晚上",
        "官宣：星河与老王达成合作",
        "5000mah电池",
    ],
)
def test_deal_news_and_measurements_without_sentiment_words_are_informational(text):
    assert reading(text).informational


@pytest.mark.parametrize(
    "text", ["这次的合作是年框还是单条？", "真的官宣了？", "有人去现场看了吗?"]
)
def test_questions_without_sentiment_words_are_informational(text):
    # The corpora have no neutral class, and the model reads a bare question as a complaint.
    assert reading(text).informational


@pytest.mark.parametrize("text", ["续航11小时，太差了", "官宣和这种人合作？脱粉了", "今天天气不错"])
def test_informational_needs_no_sentiment_evidence_and_a_marker(text):
    assert not reading(text).informational


@pytest.mark.parametrize(
    "text", ["这次联名真拉胯", "纯纯大冤种", "拿这个糊弄用户", "回复太敷衍", "眼瞎了吧", "脑子进水"]
)
def test_round_four_criticism_words_are_negative(text):
    assert reading(text).score < 0


@pytest.mark.parametrize(
    "text", ["测评一直很认真", "看得出来很用心", "认真做内容", "闭眼入", "又圈粉了", "很敬业"]
)
def test_round_four_praise_words_are_positive(text):
    assert reading(text).score > 0


def test_bare_conscientious_stays_out_of_the_lexicon():
    # Weibo's training rows use a bare 认真 mostly in appeals ("请认真对待") in negative posts.
    assert reading("请认真对待").score == 0


@pytest.mark.parametrize("text", ["我在玩阴阳师", "阴阳历显示"])
def test_sneer_verb_is_guarded_in_names(text):
    assert reading(text).score == 0


@pytest.mark.parametrize(
    ("text", "cue"), [("不难接受", "不+难接受 (negated)"), ("没那么糟", "没那么+糟 (negated)")]
)
def test_new_criticism_words_can_be_negated(text, cue):
    result = reading(text)
    assert result.score > 0
    assert cue in result.cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("好棒棒哦，又一次背刺老用户", "好棒棒"),
        ("笑死，这也能洗", "这都能洗 (mock disbelief)"),
        ("厉害了我的哥，这都能吹", "这都能洗 (mock disbelief)"),
        ("哇，好大的格局呢", "好大的格局 (mock praise)"),
        ("这就是你们说的用心做产品？", "这就是你们说的… (rhetorical)"),
    ],
)
def test_mock_praise_is_sarcastic(text, cue):
    result = reading(text)
    assert result.sarcastic
    assert result.score < 0
    assert cue in result.cues
    assert result.mockery >= 0.5


@pytest.mark.parametrize(
    ("text", "cue"),
    [("这也叫旗舰？", "这也叫…? (rhetorical)"), ("这种人也配叫测评博主？", "这也叫…? (rhetorical)"),
     ("你管这叫续航", "你管这叫… (rhetorical)"),
     ("这种人也能当代言人？", "这种人也能…? (rhetorical)")],
)  # fmt: skip
def test_rhetorical_questions_are_negative(text, cue):
    result = reading(text)
    assert result.score < 0
    assert cue in result.cues


@pytest.mark.parametrize("text", ["这种叫什么？", "这个可以吹干头发", "这就是你的手机吗"])
def test_ordinary_questions_are_not_rhetorical(text):
    assert reading(text).cues == []


@pytest.mark.parametrize(
    "text",
    [
        "他又在直播间骂粉丝穷",
        "老王在评论区怼买了的用户",
        "天天阴阳我们这些用户",
        "直播时嘲讽粉丝审美",
    ],
)
def test_kol_scorning_fans_is_contempt(text):
    result = reading(text)
    assert "骂粉丝 (scorning fans)" in result.cues
    assert result.score <= -0.5
    assert result.anger >= 0.5


def test_scolding_someone_else_is_not_scorning_fans():
    assert "骂粉丝 (scorning fans)" not in reading("他骂的是黄牛，又不是粉丝").cues


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("之前还挺喜欢这个牌子的，现在算了", "喜欢"),
        ("本来想支持一下的，结果看到代言人是他", "支持"),
    ],
)
def test_lapsed_support_does_not_count_as_praise(text, word):
    result = reading(text)
    assert f"{word} (lapsed)" in result.cues
    assert word not in result.cues
    assert result.score < 0
    assert result.negated_spans  # the model does not read the lapsed praise either


@pytest.mark.parametrize("text", ["我本来不喜欢这个牌子，但这次改观了", "以前就喜欢"])
def test_negated_or_unturned_past_praise_is_not_lapsed(text):
    assert not any("lapsed" in cue for cue in reading(text).cues)


def test_later_praise_after_the_turn_still_counts():
    assert reading("以前喜欢，现在更喜欢了").score > 0


@pytest.mark.parametrize("text", ["星河官方账号发布了新品预告", "代言费据说八位数", "双方续约两年"])
def test_more_deal_news_is_informational(text):
    assert reading(text).informational


@pytest.mark.parametrize(
    ("text", "cue"),
    [("接广告有错吗", "恰饭怎么了 (defending the deal)"),
     ("别骂了，人家也要吃饭的", "人家也要吃饭 (defending the deal)"),
     ("不理解大家反应这么大", "小题大做 (calling the backlash an overreaction)"),
     ("正常商业合作而已", "小题大做 (calling the backlash an overreaction)")],
)  # fmt: skip
def test_defenders_phrases_count_for_and_are_hidden_from_the_model(text, cue):
    result = reading(text)
    assert cue in result.cues
    assert result.score > 0
    assert result.negated_spans


@pytest.mark.parametrize(
    ("text", "sign"),
    [("讲得很透彻", 1), ("价格公道", 1), ("受教了", 1), ("又是虚假宣传", -1), ("现在算了", -1),
     ("我也是服了", -1), ("联系客服了", 0), ("真佩服了", 0), ("我真的会谢", -1), ("栓Q", -1),
     ("剪辑师该加鸡腿了", 1), ("整活大师又来了", 1), ("出事就装死", -1), ("一路货色", -1),
     ("先删评再控评", -1), ("打脸来得太快", -1), ("行吧你们开心就好", -1), ("玩得开心就好", 1),
     ("直接粉转黑", -1), ("出事就冷处理", -1), ("又在耍大牌", -1), ("以次充好", -1),
     ("这下路转粉了", 1), ("性价比高", 1), ("官方好宠粉", 1), ("请放心", 0), ("爷青回", 1),
     ("多亏老王提醒", 1)],
)  # fmt: skip
def test_round_four_everyday_words_and_netspeak(text, sign):
    assert (reading(text).score > 0) - (reading(text).score < 0) == sign


def test_a_sticker_is_not_negated():
    result = reading("我就看看不说话[doge]")
    assert "[doge]" in result.cues
    assert result.score > 0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("脱粉了，谁爱买谁买", "谁爱买谁买 (dismissive)"),
        ("你们是懂营销的", "你是懂…的 (mock praise)"),
    ],
)
def test_dismissive_knowing_and_congratulating_sarcasm(text, cue):
    result = reading(text)
    assert cue in result.cues
    assert result.sarcastic
    assert result.score < 0


def test_greed_accusation_and_sincere_congratulations():
    assert "钱这么好赚 (greed)" in reading("粉丝的钱这么好赚").cues
    assert reading("恭喜老王拿下星河的代言").cues == []


@pytest.mark.parametrize(
    ("text", "unread"),
    [("这手机好不好用", "好用"), ("你喜不喜欢", "喜欢"), ("他到底有没有骂过粉丝", None)],
)
def test_a_not_a_questions_are_not_negations(text, unread):
    result = reading(text)
    assert not any("negated" in cue for cue in result.cues)
    if unread:
        assert unread not in result.cues


def test_a_not_a_question_still_reads_a_later_word():
    assert "差" in reading("是不是很差").cues


@pytest.mark.parametrize(
    ("text", "sign"),
    [("老王就是睁眼说瞎话", -1), ("这波公关满分", 1), ("态度也诚恳", 1), ("这道歉毫无诚意", -1),
     ("接受道歉", 1)],
)  # fmt: skip
def test_apology_talk(text, sign):
    assert (reading(text).score > 0) - (reading(text).score < 0) == sign


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("送餐太慢了", "慢"),
        ("超时半小时才送到", "超时"),
        ("汤洒了一袋子", "洒了"),
        ("送到的时候菜都凉了", "凉了"),
        ("给的菜少得可怜", "少得可怜"),
        ("少送了一份米饭", "少送"),
        ("米饭有点馊了", "馊"),
    ],
)
def test_delivery_complaints_are_negative(text, cue):
    result = reading(text)
    assert result.score < 0
    assert cue in result.cues


@pytest.mark.parametrize("text", ["慢慢来", "您慢走", "他是慢热型", "天凉了多穿点", "呵呵~好开心"])
def test_guards_keep_slow_cool_and_a_friendly_chuckle_unscored(text):
    result = reading(text)
    assert not any(cue in ("慢", "凉了", "呵呵") for cue in result.cues)
    assert not result.sarcastic


def test_dismissive_hehe_is_still_sarcastic():
    assert reading("呵呵，又是熟悉的套路").sarcastic
