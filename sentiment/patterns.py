"""Phrase patterns the word lexicon cannot express, each with the usage it comes from.

They run on normalised text. A pattern either marks sarcasm (turning praise around it into
mock praise) or adds its own negative weight, like a lexicon entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pattern:
    regex: re.Pattern[str]
    cue: str
    polarity: float
    anger: float
    disgust: float
    mockery: float
    sarcastic: bool
    note: str


def _pattern(
    regex: str,
    cue: str,
    polarity: float,
    emotions: tuple[float, float, float],
    note: str,
    *,
    sarcastic: bool = False,
) -> Pattern:
    anger, disgust, mockery = emotions
    return Pattern(re.compile(regex), cue, polarity, anger, disgust, mockery, sarcastic, note)


_CLAUSE = r"[^,.!?;~，。！？；、\s]"

PATTERNS: tuple[Pattern, ...] = (
    _pattern(
        rf"太{_CLAUSE}{{1,5}}了(呢|哦|呀)",
        "太…了呢 (mock praise)",
        -0.3,
        (0.0, 0.1, 0.8),
        "阴阳怪气 register: exaggerated praise closed by a coy particle",
        sarcastic=True,
    ),
    _pattern(
        rf"(真是|可真|还真是){_CLAUSE}{{1,8}}(呢|哦)(?!{_CLAUSE})",
        "真是…呢 (mock praise)",
        -0.3,
        (0.0, 0.1, 0.8),
        "阴阳怪气 register: 'how very … indeed'",
        sarcastic=True,
    ),
    _pattern(
        rf"良心(企业|公司|品牌|厂商|商家){_CLAUSE}{{0,2}}(呢|啊|哦|呵)",
        "良心企业呢 (mock praise)",
        -0.4,
        (0.1, 0.3, 0.8),
        "classic ironic praise of a company that just did something greedy",
        sarcastic=True,
    ),
    _pattern(
        rf"粉(?<={_CLAUSE}粉)(都|全都|全|就|也都)是",
        "X粉都是… (fandom contempt)",
        -0.6,
        (0.2, 0.6, 0.6),
        "fan-war generalisation about a whole fandom",
    ),
    _pattern(
        rf"别来{_CLAUSE}{{0,8}}(叫|吠|洗|舔)",
        "别来…叫 (hostile)",
        -0.7,
        (0.5, 0.6, 0.4),
        "telling another fandom to stop 'barking' in one's comment section",
    ),
    _pattern(
        rf"谁爱({_CLAUSE}{{1,3}})谁\1",
        "谁爱买谁买 (dismissive)",
        -0.5,
        (0.2, 0.3, 0.5),
        "'whoever wants to buy it can': washing one's hands of a brand (爱 is 'want' here)",
        sarcastic=True,
    ),
    _pattern(
        rf"(恭喜|祝贺){_CLAUSE}{{0,4}}[,，]?{_CLAUSE}{{0,10}}"
        r"(送走|劝退|气走|赶走|败光|败坏|失去|流失|凉了|糊了|塌房|翻车|亏)",
        "恭喜…送走 (mock congratulations)",
        -0.5,
        (0.1, 0.2, 0.8),
        "'congratulations on losing your fans': mock congratulations on a self-inflicted loss",
        sarcastic=True,
    ),
    _pattern(
        r"钱(这么|那么|真|可真|就是|也太)?好赚",
        "钱这么好赚 (greed)",
        -0.5,
        (0.3, 0.5, 0.5),
        "'money is that easy to make': accusing a brand or KOL of milking fans (training rows with"
        " 好赚: 3 of 3 negative)",
    ),
    _pattern(
        rf"(你|你们|他|她|他们|品牌方?|官方)(可|真|可真|还真)?是懂{_CLAUSE}{{1,4}}的",
        "你是懂…的 (mock praise)",
        -0.4,
        (0.0, 0.2, 0.8),
        "netspeak 你是懂营销的: ironic 'you really know your …'",
        sarcastic=True,
    ),
    _pattern(
        rf"(这|这样|这种){_CLAUSE}{{0,2}}(都|也)(能|敢)(洗|吹|圆|夸|舔|忍)",
        "这都能洗 (mock disbelief)",
        -0.5,
        (0.1, 0.3, 0.8),
        "'even this can be whitewashed/hyped': mock disbelief at defenders or a KOL",
        sarcastic=True,
    ),
    _pattern(
        r"好大的(格局|脸|面子|口气|架子|官威|威风|排场|胆子|本事)",
        "好大的格局 (mock praise)",
        -0.5,
        (0.1, 0.3, 0.8),
        "'what a grand …': mock admiration of arrogance",
        sarcastic=True,
    ),
    _pattern(
        rf"(这|这样|这种{_CLAUSE}{{0,3}})(也|都)(叫|算|配叫|配|能叫|好意思叫){_CLAUSE}{{1,8}}[?？]",
        "这也叫…? (rhetorical)",
        -0.5,
        (0.2, 0.4, 0.6),
        "rhetorical question denying a name: 这也叫旗舰? 这也配叫测评?",
    ),
    _pattern(
        rf"(这种|这样的|这号)(人|货|玩意){_CLAUSE}{{0,2}}(也|都)(能|配|敢|可以){_CLAUSE}{{1,10}}[?？]",
        "这种人也能…? (rhetorical)",
        -0.5,
        (0.2, 0.5, 0.6),
        "rhetorical question denying someone a place: 这种人也能当代言人? 这种货也配代言?",
    ),
    _pattern(
        rf"你管这(叫|玩意叫){_CLAUSE}{{1,8}}",
        "你管这叫… (rhetorical)",
        -0.5,
        (0.2, 0.4, 0.6),
        "netspeak 'you call this …?'",
    ),
    _pattern(
        r"这就是((你们|你|品牌方?)(说的|所说的|口中的|嘴里的)|所谓的)",
        "这就是你们说的… (rhetorical)",
        -0.4,
        (0.2, 0.3, 0.6),
        "'so this is your …?': throws a brand's own claim back (shopping training rows with"
        " 这就是你们: 9 of 9 negative)",
        sarcastic=True,
    ),
    _pattern(
        rf"(骂|辱骂|吐槽|喷|怼|阴阳|嘲讽|嘲笑|羞辱|挖苦|看不起|瞧不起|内涵|拉黑|挂){_CLAUSE}{{0,6}}"
        r"(粉丝|用户|消费者|买家|顾客|老粉|我们|家人们|观众)",
        "骂粉丝 (scorning fans)",
        -0.5,
        (0.5, 0.5, 0.4),
        "a post reporting the KOL scolding, mocking or blocking fans or buyers: the contempt the"
        " risk engine weighs most",
    ),
    _pattern(
        r"(恰饭|接广告?|接商单|商单|打广告|带货|赚钱|合作)(怎么了|有错吗|犯法吗|有什么问题|有问题吗|不行吗)",
        "恰饭怎么了 (defending the deal)",
        0.6,
        (0.0, 0.0, 0.1),
        "defenders' rhetorical question: 'what's wrong with a paid post?'",
    ),
    _pattern(
        r"大惊小怪|小题大做|上纲上线|反应(这么|那么)大|正常的?商业(合作|行为)",
        "小题大做 (calling the backlash an overreaction)",
        0.4,
        (0.0, 0.1, 0.1),
        "defenders' idioms: 'making a fuss over nothing', 'a normal business deal'",
    ),
    _pattern(
        r"人家(也|总)(要|得)(吃饭|恰饭|赚钱|生活)",
        "人家也要吃饭 (defending the deal)",
        0.5,
        (0.0, 0.0, 0.0),
        "defenders: 'they have to make a living too'",
    ),
    _pattern(
        r"(好|真|太|可真|真是|就是|大好|盛世|厉害|牛逼|优秀|棒|强|妙|绝|高明|英明|伟大)"
        rf"{_CLAUSE}{{0,6}}(呢|哦|啊|了)?\[(doge|允悲|微笑)\]\s*$",
        "…呢[doge] (mock praise)",
        -0.2,
        (0.0, 0.1, 0.7),
        "Weibo irony: praise closed by a smirking sticker (大好盛世呢[doge], 这新品真牛逼[允悲]);"
        " playful [doge] after plain talk (笑死[doge], 坐等开箱[doge]) is not matched",
        sarcastic=True,
    ),
    _pattern(
        rf"(也就|只)配{_CLAUSE}{{0,4}}(用|买|吃|看)",
        "只配… (contempt)",
        -0.6,
        (0.1, 0.6, 0.6),
        "'only fit to use …': contempt for another group's taste",
    ),
)

# An information-seeking question ("请问什么时候发货?", "有没有人知道门店在哪"). The corpora have no
# neutral class, so the model leans one way on such posts; the scorer damps the model's margin on
# them (the lexicon still counts: "请问这种垃圾怎么退货" stays negative). Rhetorical questions
# ("公关是猪吗", "就这?") carry no such marker.
QUESTION = re.compile(
    r"请问|问一下|求问|想问|有没有人|有人知道|谁知道|什么时候|几点|在哪|哪里|哪个|哪些|哪款|哪家"
    r"|多少钱|什么区别|怎么样[?？]|如何[?？]|有什么(不同|变化|功能)|怎么(买|申请|预约|选|设置|开通)"
)
# The part of QUESTION that only asks: a post that says it is asking ("请问", "请教"), or asks
# how to choose, buy or set up, or when stock arrives. Bare "什么时候…", "在哪…", "多少钱" are as
# often a complaint on Weibo ("什么时候才是个头", "口罩到底在哪买得到"): made neutral outright
# with the rest of QUESTION they cost the left-out COVID Weibo set 0.9 points (issue 18).
ASKING = re.compile(
    r"请问|问一下|求问|想问|请教|有没有人|有人知道|谁知道|什么区别|哪款|哪家|如何[?？]"
    r"|有什么(不同|变化|功能)|怎么(买|申请|预约|选|设置|开通)"
    r"|什么时候(有货|到货|发货|补货|上市|开售|上架)"
)

# Deal news and measurements: "官宣:星河与老王达成合作", "实测续航11小时", "发布会定于10月12日",
# "5000mah电池, 支持100w快充". The corpora have no neutral class and the model's intercept leans
# negative (most Weibo rows are fear, disgust, sadness or anger), so a short product or deal post
# with no sentiment word reads negative. When such a post carries no lexicon evidence at all the
# scorer shrinks the model's margin through a dead zone (MIXING.info_damping, info_dead_zone): its
# sign is kept, a weak lean reads neutral, a strong one still counts. A post with any scored word,
# negation or pattern is read as usual ("官宣和这种人合作? 我脱粉了" stays negative).
# The markers carry no lean of their own: training rows matching INFORMATIONAL split evenly
# (shopping 686 positive / 718 negative, hotel 93 / 94, Weibo 19 / 23).
# Units of a product's measurements. Money, percentages and plain durations are left out: "花了
# 5000元", "涨价30%" and "等了3小时" are as often complaints as facts; a duration counts only
# after a measuring word ("续航11小时", "充满用了42分钟").
_UNIT = (
    r"毫安|瓦|英寸|寸|毫米|厘米|公斤|千克|克|度|尼特|分贝|帧|像素"
    r"|mah|wh|w|nit|nits|db|hz|ghz|gb|tb|mb|mm|cm|kg|g|fps|mp"
)
INFORMATIONAL = re.compile(
    rf"\d+(?:\.\d+)?\s*(?:{_UNIT})(?![a-z])"
    r"|(?:续航|充电|充满|待机|播放|循环)[^,.!?;~，。！？；]{0,6}\d+(?:\.\d+)?\s*(?:小时|分钟|h)"
    r"|官宣:|发布会|定于|定档|开售|上线|预售|首发|开卖|签约|续约|签署|合同|合作期|预告"
    r"|据悉|据说|据传|网传|消息称|回应称|回应:|回复:|售价|起售"
    r"|活动规则|抽奖|时间线|参数|跑分|汇总|整理|直播预告|今晚\d|明[天早晚]\d"
    # Promotions: "双十二会员日, 买二送一", "全场五折", "满300减50"
    r"|买[一二三四五1-5]送[一二三四五1-5]|满\d+减\d*|全场[一二三四五六七八九\d.]+折"
    r"|会员日|大促|双十[一二]|限时(?:折扣|特价|优惠)|领券|优惠券"
)

# Lapsed support: praise placed in the past and then turned ("以前挺喜欢这个牌子的, 现在算了",
# "本来想支持一下的, 结果看到代言人是他"). The praise before the turn no longer counts, and the
# turn itself reads as a lapsed fan's disappointment. A negated praise word ("本来不喜欢, 但这次
# 改观了") is not lapsed support.
LAPSED_SUPPORT = re.compile(
    r"(以前|之前|曾经|原来|本来|当初|过去)[^.!?;~。！？；]{0,12}?(?<![不没])"
    r"(喜欢|支持|爱|粉|信任|相信|看好|期待)[^.!?;~。！？；]{0,24}?"
    r"(现在|但是|但|可是|可惜|结果|如今|这次|直到|谁知)"
)
LAPSED_POLARITY = -0.5

# Tears of being moved: [泪] next to a touching word (好感人[泪], [泪][泪]泪目, 致敬) is not
# sadness; there the sticker counts as mild praise.
MOVED = re.compile(r"感人|感动|泪目|暖心|好暖|致敬|破防|哭了.{0,4}[好太]|[好太]甜")
MOVED_TEARS = 0.3
LAPSED_CUE = "以前喜欢…现在 (lapsed support)"
