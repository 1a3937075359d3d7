"""The bundled demo tenant of `kolrisk serve --demo`. Everything here is fictional.

The brand 澜屿 (a phone and earbuds maker), its executives, its competitors, the three KOLs, the
footballer, the fans and every post are invented for this demo; any resemblance to real people,
companies or posts is a coincidence. All texts were written for kolrisk.

The story, told by three watches on one brand:

* 硬核老刀 (hostile, negotiating): a tech KOL who has called 澜屿's fans (屿粉) 韭菜 and 负资产 for
  months, lost a defamation suit to the competitor 曜川 and had his Weibo muted. Two and a half
  days before `now` he brags "澜屿投了我" and deletes it; a screenshot leaks, fans flood the
  executives' and the official account's comment sections, another creator cancels his own annual
  deal with 澜屿 in protest. Expected: no_go.
* 苏葵实验室 (borderline, shortlisted): a careful reviewer who criticised two 澜屿 products hard
  but fairly, apologised years ago for an undisclosed ad, and whose possible deal gets mixed talk.
  Expected: caution.
* 小满爱拆机 (friendly, live): a teardown channel already running a well-liked collaboration.
  A footballer who shares the KOL's real name (韩小满) shows how namesakes enter a watch.
  Nine hours before `now`, thirty accounts with almost no followers paste three templates
  attacking the collaboration under the official account's post within ten minutes: a paid
  smear, flagged as coordinated and left out of the fans' reaction. Expected: go.

The shortlist also shows what a dossier finds (issue 20): 苏葵实验室 made a sponsored video for
the competitor 曜川 seven weeks ago (a competitor deal inside the six-month window, one more
reason for caution) and worked with 朔风 ten months ago (outside it).

`posts(now)` places the story relative to `now`, so the leak is always fresh; it uses a seeded
random generator and no clock of its own, so the same `now` always gives the same posts.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, NamedTuple

CST = timezone(timedelta(hours=8))
SEED = 20260105


class DemoAuthor(NamedTuple):
    uid: str
    name: str
    followers: int | None  # None: not known (a news outlet has readers, not followers)


# --- the brand and its people ------------------------------------------------------------------

OFFICIAL = DemoAuthor("7301550000", "澜屿手机", 3_800_000)
CEO = DemoAuthor("7301550001", "澜屿顾承岳", 2_100_000)
PR_HEAD = DemoAuthor("7301550002", "澜屿许知遥", 460_000)
OFFICIAL_BILI = DemoAuthor("880120000", "澜屿科技官方", 910_000)

BRAND: dict[str, Any] = {
    "name": "澜屿",
    "aliases": ["澜屿科技", "LANYU"],
    "fandom_names": ["屿粉"],
    "executives": [
        {
            "name": "顾承岳",
            "accounts": [{"platform": "weibo", "uid": CEO.uid, "handle": CEO.name}],
        },
        {
            "name": "许知遥",
            "accounts": [{"platform": "weibo", "uid": PR_HEAD.uid, "handle": PR_HEAD.name}],
        },
    ],
    "competitors": ["曜川", "朔风"],
    "owned_accounts": [
        {"platform": "weibo", "uid": OFFICIAL.uid, "handle": OFFICIAL.name},
        {"platform": "bilibili", "uid": OFFICIAL_BILI.uid, "handle": OFFICIAL_BILI.name},
    ],
    # Fit (issue 20): what the shortlist comparison reads the KOLs' own posts against.
    "category": "手机",
    "category_words": ["手机", "耳机", "续航", "影像", "拆机", "测评"],
    "tone": "gentle",
}

# --- the three KOLs ----------------------------------------------------------------------------

LAODAO_WB = DemoAuthor("5920330417", "硬核老刀", 1_850_000)
LAODAO_BILI = DemoAuthor("40213377", "硬核老刀", 1_120_000)
SUKUI_BILI = DemoAuthor("51877020", "苏葵实验室", 780_000)
SUKUI_XHS = DemoAuthor("5e9c31a000000000010b2c3", "苏葵实验室", 260_000)
XIAOMAN_BILI = DemoAuthor("62044518", "小满爱拆机", 1_340_000)
XIAOMAN_DY = DemoAuthor("MS4wLjABAAAAxiaoman2044", "小满爱拆机", 2_050_000)
XIAOMAN_WB = DemoAuthor("6633021455", "小满爱拆机", 520_000)

KOLS: dict[str, dict[str, Any]] = {
    "hostile": {
        "name": "硬核老刀",
        "aliases": ["老刀", "刀哥"],
        "accounts": [
            {"platform": "weibo", "uid": LAODAO_WB.uid, "handle": LAODAO_WB.name},
            {"platform": "bilibili", "uid": LAODAO_BILI.uid, "handle": LAODAO_BILI.name},
        ],
    },
    "borderline": {
        "name": "苏葵实验室",
        "aliases": ["苏葵", "葵姐"],
        "accounts": [
            {"platform": "bilibili", "uid": SUKUI_BILI.uid, "handle": SUKUI_BILI.name},
            {"platform": "xiaohongshu", "uid": SUKUI_XHS.uid, "handle": SUKUI_XHS.name},
        ],
    },
    "friendly": {
        "name": "小满爱拆机",
        "aliases": ["韩小满", "小满同学"],
        "accounts": [
            {"platform": "bilibili", "uid": XIAOMAN_BILI.uid, "handle": XIAOMAN_BILI.name},
            {"platform": "douyin", "uid": XIAOMAN_DY.uid, "handle": XIAOMAN_DY.name},
            {"platform": "weibo", "uid": XIAOMAN_WB.uid, "handle": XIAOMAN_WB.name},
        ],
    },
}

STAGES: dict[str, str] = {"hostile": "negotiating", "borderline": "shortlisted", "friendly": "live"}

# --- other voices --------------------------------------------------------------------------------

AHANG = DemoAuthor("5811902233", "极客阿杭", 1_310_000)
GOSSIP = DemoAuthor("6120448810", "数码圈吃瓜站", 890_000)
NEWS_TECH = DemoAuthor("news-kjqy", "科技前沿日报", None)
NEWS_LAW = DemoAuthor("news-fzsx", "法治时讯网", None)
NEWS_BIZ = DemoAuthor("news-cjgc", "财经观察网", None)
NEWS_SPORT = DemoAuthor("news-lyty", "绿茵体育网", None)
WEIBO_ADMIN_WATCH = DemoAuthor("5533007712", "社区公约观察", 140_000)

_PREFIX = {
    "weibo": "wb",
    "bilibili": "bv",
    "douyin": "dy",
    "xiaohongshu": "xhs",
    "zhihu": "zh",
    "tieba": "tb",
    "news": "nw",
}

_NAME_HEADS = (
    "屿岸", "夜航船", "橘子汽水", "阿北", "南风知我意", "数码", "不吃香菜的", "搬砖", "晚安",
    "星期八", "芒果布丁", "咸鱼翻身", "早睡早起", "山海", "白桃乌龙", "柚子", "老陈", "小林",
    "阿远", "木木", "深夜食堂", "风起", "一只", "北岛", "三更", "青山",
)  # fmt: skip
_NAME_TAILS = (
    "", "同学", "打工人", "2046", "_", "酱", "在路上", "呀", "今天也要加油", "的日常", "001",
    "Lynn", "来了", "不想上班", "爱数码", "kk", "233", "的猫",
)  # fmt: skip


class _Feed:
    """Collects post items; times are given as "this long before now"."""

    def __init__(self, now: datetime) -> None:
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.rng = random.Random(SEED)
        self.items: list[dict[str, Any]] = []
        self._seq = 0
        self._decks: dict[tuple[str, ...], list[str]] = {}

    def fan(self) -> DemoAuthor:
        rng = self.rng
        name = rng.choice(_NAME_HEADS) + rng.choice(_NAME_TAILS)
        followers = int(rng.lognormvariate(5.0, 1.3))
        return DemoAuthor(f"u{rng.randrange(10**8, 10**9)}", name, followers)

    def deal(self, pool: tuple[str, ...]) -> str:
        """The next line of a shuffled deck of `pool`, so lines repeat only once all are used."""
        deck = self._decks.setdefault(pool, [])
        if not deck:
            deck.extend(self.rng.sample(pool, len(pool)))
        return deck.pop()

    def days_ago(self, days: float) -> timedelta:
        """About `days` ago, at a plausible local hour (8:00-23:59 Shanghai)."""
        moment = (self.now - timedelta(days=days)).astimezone(CST)
        moment = moment.replace(hour=self.rng.randint(8, 23), minute=self.rng.randint(0, 59))
        if moment > self.now - timedelta(minutes=30):
            moment -= timedelta(days=1)
        return self.now - moment

    def after(self, earlier: timedelta, within_hours: float) -> timedelta:
        """A moment up to `within_hours` after one `earlier` before now (replies follow posts)."""
        later = earlier - timedelta(minutes=self.rng.uniform(5.0, within_hours * 60.0))
        return max(later, min(earlier, timedelta(minutes=15)))

    def hours_ago(self, low: float, high: float) -> timedelta:
        return timedelta(minutes=self.rng.uniform(low * 60.0, high * 60.0))

    def add(
        self,
        platform: str,
        text: str,
        author: DemoAuthor,
        ago: timedelta,
        *,
        kind: str = "post",
        parent: str | None = None,
        reach: float = 1.0,
        tombstone: str | None = None,
    ) -> str:
        self._seq += 1
        platform_id = f"ly-{_PREFIX[platform]}-{self._seq:04d}"
        created = (self.now - max(ago, timedelta(minutes=10))).astimezone(CST)
        item: dict[str, Any] = {
            "platform": platform,
            "platform_id": platform_id,
            "text": text,
            "created_at": created.isoformat(timespec="seconds"),
            "kind": kind,
            "author": {"uid": author.uid, "name": author.name, "followers": author.followers},
            "url": f"https://example.invalid/{platform}/{platform_id}",
            "metrics": self._metrics(author, kind, reach),
        }
        if parent is not None:
            item["parent_platform_id"] = parent
        if tombstone is not None:
            item["tombstone_reason"] = tombstone
        self.items.append(item)
        return platform_id

    def _metrics(self, author: DemoAuthor, kind: str, reach: float) -> dict[str, int]:
        rng = self.rng
        audience = max(author.followers or 0, 300) * reach
        likes = int(audience * rng.uniform(0.002, 0.02)) if kind != "comment" else 0
        if kind == "comment":
            likes = int(rng.lognormvariate(2.5, 1.4) * reach)
        views = int(audience * rng.uniform(0.2, 0.9)) if kind in ("video", "article") else 0
        return {
            "likes": likes,
            "reposts": int(likes * rng.uniform(0.02, 0.3)),
            "comments": int(likes * rng.uniform(0.05, 0.4)),
            "views": views,
        }


# --- the brand's own channels: the venues where fans gather ---------------------------------------

_VENUE_POSTS: tuple[tuple[DemoAuthor, float, str], ...] = (
    (OFFICIAL, 236, "澜屿X5系列正式发布，4999元起，今天上午10点开售。感谢每一位屿粉的等待！"),
    (CEO, 229, "做手机第七年，X5是我们最用心的一代。谢谢屿粉一路陪伴，我们继续努力。"),
    (OFFICIAL, 211, "澜屿Buds 3 全新上市：自适应降噪、36小时续航，首发立减100元。"),
    (PR_HEAD, 199, "澜屿品牌十周年活动筹备中，想听听大家最想要什么周边，评论区告诉我。"),
    (OFFICIAL, 181, "澜屿OS 5.2 开始推送，修复了部分机型待机耗电异常的问题，建议大家更新。"),
    (CEO, 169, "今天在实验室泡了一整天，X6的影像方案有了新进展，先保密。"),
    (OFFICIAL, 151, "澜屿Pad Air 开学季优惠，学生认证再减200元，图书馆党冲。"),
    (PR_HEAD, 139, "第一次做用户开放日，来了两百多位屿粉，聊到晚上十点，谢谢你们。"),
    (CEO, 131, "很多用户反馈X5 Pro的续航，我们认。下个系统版本会专门做功耗优化。"),
    (OFFICIAL, 121, "澜屿Watch S2 发布，续航14天，支持血氧和睡眠监测。"),
    (CEO, 101, "和工程师们聊到凌晨，做产品没有捷径，只有一遍一遍地改。"),
    (OFFICIAL, 89, "感谢大家对X5 Pro影像的反馈，下个版本会重点优化夜景人像。"),
    (PR_HEAD, 79, "今天和几位测评博主吃饭，聊了很多行业里的事，受益匪浅。"),
    (OFFICIAL, 61, "澜屿第100家线下体验店在成都开业，欢迎大家来玩。"),
    (CEO, 46, "澜屿今年给自己定的目标：少一点营销，多一点产品力。"),
    (OFFICIAL, 34, "澜屿年度用户共创计划开始报名，名额300个，屿粉优先。"),
    (PR_HEAD, 24, "共创计划第一批用户名单出来了，恭喜大家，下周见。"),
    (OFFICIAL, 12, "X5 Pro 雾松绿配色预告，下周五见。"),
)

# Recent venue posts (hours before now): where the backlash lands after the leak.
_RECENT_VENUES: tuple[tuple[str, DemoAuthor, float, str], ...] = (
    ("ceo_x6", CEO, 70, "X6影像预研进展顺利，下个月见。感谢每一位屿粉的耐心等待。"),
    ("pr_store", PR_HEAD, 41, "南京旗舰店今天开业，来了好多老朋友，感动。"),
    ("official_sale", OFFICIAL, 31, "澜屿X5 Pro 雾松绿今日10:00开售，首批赠原装保护壳。"),
    ("ceo_factory", CEO, 19, "周末去工厂看产线，大家辛苦了，X6的备料已经开始。"),
    (
        "official_statement",
        OFFICIAL,
        8,
        "关于近期网络传闻的说明：澜屿目前未与网传博主签署任何合作协议。大家的意见我们都看到了，会认真对待。",
    ),
    ("pr_reply", PR_HEAD, 5, "大家的留言我都在看，每一条都看。请给我们一点时间。"),
)

# Before any deal: fans asking the brand to stand up for them against 老刀's insults.
_OLD_GRIPES: dict[float, str] = {
    131: "顾总，老刀天天在B站骂屿粉是负资产，澜屿官方就一点态度都没有吗？寒心",
    46: "澜屿管管老刀吧，屿粉被他骂了快一年了，真的恶心",
}

_ORDINARY_COMMENTS = (
    "屿粉报到，已下单！", "期待X6，希望影像再进一步", "续航终于要优化了，支持", "顾总加油",
    "雾松绿太好看了，冲了", "什么时候出X5 Pro的官方保护壳", "老机型也能更新吗",
    "线下店体验很好，店员很专业", "澜屿的售后是真的好，换屏两天就寄回来了", "学生党表示很心动",
    "已经是第三台澜屿了，一直很稳", "希望周边有帆布包", "开放日太开心了，下次还来",
    "更新完待机确实好了不少，点赞", "手表续航实测12天，满意", "求发货快一点",
    "能不能出个小屏版", "Buds 3降噪比上代好多了", "澜屿加油，国产越来越好",
    "支持澜屿，屿粉永远在", "成都店去了，装修很好看", "希望X6别涨价",
    "周边想要钥匙扣和贴纸", "X5用了半年还是很流畅", "希望出个浅色的Buds 3",
    "共创计划报名了，求抽中", "体验店什么时候开到西安", "Pad Air的手写笔什么时候补货",
    "已经推荐给室友了", "请问X5能升级到最新系统吗", "手表能不能加个游泳模式",
    "夜景人像期待优化，现在确实有点糊", "澜屿的包装一直很用心", "今年双十一有活动吗",
    "第一次用澜屿，手感超出预期", "顾总注意身体，别熬太晚",
)  # fmt: skip


def _venues(feed: _Feed) -> dict[str, str]:
    """The brand's own posts with ordinary fan comments; returns recent venue ids by key."""
    for author, days, text in _VENUE_POSTS:
        posted = feed.days_ago(days)
        post_id = feed.add("weibo", text, author, posted, reach=0.4)
        for _ in range(feed.rng.randint(1, 2)):
            line = feed.deal(_ORDINARY_COMMENTS)
            ago = feed.after(posted, 20.0)
            feed.add("weibo", line, feed.fan(), ago, kind="comment", parent=post_id)
        if days in _OLD_GRIPES:
            ago = feed.after(posted, 12.0)
            feed.add("weibo", _OLD_GRIPES[days], feed.fan(), ago, kind="comment", parent=post_id)
    recent: dict[str, str] = {}
    for key, author, hours, text in _RECENT_VENUES:
        recent[key] = feed.add("weibo", text, author, timedelta(hours=hours), reach=0.6)
    bili = feed.add(
        "bilibili",
        "【澜屿X5 Pro】雾松绿开箱｜官方上手视频",
        OFFICIAL_BILI,
        timedelta(hours=30),
        kind="video",
    )
    recent["official_bili"] = bili
    return recent


# --- 硬核老刀: months of contempt for the fans, a lawsuit, a mute, then the leak -------------

_LAODAO_CONTEMPT: tuple[tuple[float, str], ...] = (
    (232, "屿粉就是韭菜，澜屿割一茬长一茬，割完还帮着递镰刀，丢人。"),
    (214, "澜屿不会死，死的是屿粉。一群负资产，品牌有这种粉丝真是倒了血霉。"),
    (198, "屿粉又来我评论区狗叫了，你们那点审美也就配用澜屿，垃圾配垃圾，恶心。"),
    (183, "恭喜屿粉又交了一次智商税[微笑] 澜屿X5烫得能煎蛋，你们继续吹，吹得真难听。"),
    (162, "说句实话，澜屿最大的负资产不是产品，是屿粉。谁跟他们讲道理谁就输了，恶心。"),
    (143, "屿粉的逻辑：澜屿出问题是用户不会用，别家出问题就是垃圾。双标到这种程度，可笑[微笑]"),
    (118, "澜屿发布会PPT做得比手机用心，屿粉一看就上头，一群没脑子的韭菜，丢人，差劲。"),
    (104, "屿粉私信骂了我三百条，脑残粉就这点本事，垃圾品牌配垃圾粉丝，恶心。"),
    (86, "澜屿系统更新完卡成幻灯片，屿粉还说是你手机的问题，脑子坏了吧，无语，垃圾。"),
    (71, "测了这么多年手机，没见过比屿粉更难沟通的群体。品牌烂，粉丝更烂。"),
    (56, "顾承岳天天发微博画大饼，屿粉天天排队吃饼，被割了还喊真香，可笑，恶心。"),
    (39, "澜屿X5 Pro拆开看用料寒酸，卖这个价就是抢钱，屿粉还说性价比，蠢得可怜，垃圾。"),
    (22, "屿粉都是一个模子刻出来的：不看参数只看信仰。信仰充值请认准澜屿[微笑] 恶心。"),
    (9, "再说一遍，屿粉是澜屿的负资产。这话我说了三年，今天还这么说，不服憋着，丢人现眼。"),
)

_LAODAO_REVIEWS: tuple[tuple[float, str], ...] = (
    (238, "曜川Q9上手一周：续航比上代强，重度使用一天半没问题，影像中规中矩。"),
    (226, "百元到千元价位的五款TWS耳机横评，结论放在视频最后，别直接拉进度条。"),
    (207, "朔风R8的快充实测：20分钟充到80%，发热控制得不错，这次朔风是真下功夫了。"),
    (191, "很多人问我主力机用什么，目前是曜川Q9 Pro，原因视频里讲了。"),
    (176, "今天测的是三款游戏手机的帧率稳定性，原神半小时数据放在评论区置顶。"),
    (157, "朔风R8 Ultra 影像长测：长焦是亮点，主摄夜景有涂抹。"),
    (136, "2000元档手机怎么选？我的建议就三条：看处理器、看屏幕、看售后。"),
    (113, "曜川Q9 系统更新后续航复测，比首发版本提升了大约8%。"),
    (97, "氮化镓充电器十款横评，最便宜的那款反而最稳，挺意外的。"),
    (78, "平板买大不买小？说说我这两年用三台平板的体会。"),
    (63, "朔风新出的手表我戴了两周，心率准，睡眠监测一般。"),
    (48, "年中手机推荐清单更新，预算从一千到六千都有。"),
    (31, "曜川Q9 Pro 和朔风R8 Ultra 拍照盲测，结果投票区见。"),
    (15, "今天不聊手机，聊聊我这些年用过的机械键盘。"),
    (4, "下期视频测的是几款新出的折叠屏，铰链寿命测试已经开始跑了。"),
)

_LAODAO_RECORD: tuple[tuple[float, str], ...] = (
    (141, "根据法院判决，我就此前关于曜川手机电池的不实言论向曜川科技公开道歉。"),
    (92, "微博账号被禁言30天，这段时间视频照常在B站更新，有事B站私信。"),
)

_RECORD_BY_OTHERS: tuple[tuple[str, DemoAuthor, float, str, str], ...] = (
    (
        "news",
        NEWS_LAW,
        225,
        "曜川科技以名誉权纠纷起诉数码博主硬核老刀，称其在多期视频中捏造曜川Q8电池起火事故。",
        "article",
    ),
    (
        "news",
        NEWS_LAW,
        151,
        "名誉权纠纷一审宣判：硬核老刀败诉，需在微博置顶道歉30日并赔偿曜川科技12万元。",
        "article",
    ),
    (
        "weibo",
        WEIBO_ADMIN_WATCH,
        150,
        "老刀这次败诉不冤，曜川电池起火那几张图全是P的，造谣还理直气壮。",
        "post",
    ),
    (
        "zhihu",
        DemoAuthor("zh-qiuyu", "秋雨说数码", 42_000),
        147,
        "如何看待硬核老刀名誉权案一审败诉？说白了，测评博主的底线是事实，老刀这次输在了事实上。",
        "article",
    ),
    (
        "news",
        NEWS_TECH,
        95,
        "微博社区管理通报：数码博主硬核老刀因多次发布人身攻击内容，账号被禁言30天。",
        "article",
    ),
    (
        "weibo",
        WEIBO_ADMIN_WATCH,
        94,
        "刀哥又被禁言了，今年第二次了吧，骂人骂到平台都看不下去。",
        "post",
    ),
    (
        "tieba",
        DemoAuthor("tb-yezi", "叶子不落地", 310),
        93,
        "老刀被封禁30天是真的吗？吧里有没有知道内情的",
        "post",
    ),
    (
        "weibo",
        DemoAuthor("5530091177", "数码观察员阿青", 88_000),
        58,
        "硬核老刀B站新视频疑似被限流，评论区说是辱骂用户被举报太多。",
        "post",
    ),
)

# Fans reacting to the insults as they came out (negative, but no deal in sight yet).
_FAN_HURT = (
    "老刀又在骂屿粉了，澜屿官方能不能发个律师函，真的很恶心",
    "被老刀骂了三年负资产，澜屿一个字都不说，屿粉寒心",
    "刀哥每期视频都要踩一脚屿粉，流量密码是吧，恶心",
    "老刀这种博主怎么还没凉，天天骂澜屿用户，下头",
    "我就用个澜屿手机，招谁惹谁了，老刀至于这么骂人吗，无语",
    "屿粉别去老刀评论区吵了，他就靠这个恰流量，拉黑就完事",
    "硬核老刀骂屿粉那段我看了，纯纯人身攻击，举报了",
    "老刀的视频已经不看了，一骂澜屿就骂用户，没意思",
    "老刀这期又拿屿粉开涮，流量就是这么骗来的，下头",
    "看老刀视频看到一半就关了，张口闭口骂屿粉，真没素质",
    "老刀说屿粉是负资产？我们花自己的钱买澜屿碍着他什么了，气死",
    "澜屿用户招他惹他了？老刀每次都拿屿粉当靶子，恶心",
    "硬核老刀这种博主也能有百万粉丝，骂屿粉骂出来的流量，可悲",
    "老刀嘴上说测评客观，一提澜屿就开始骂用户，双标",
    "澜屿官方能不能出来管管，老刀骂屿粉骂了大半年了，寒心",
    "刀哥今天又在直播里骂屿粉韭菜，差劲",
    "老刀又发视频阴阳屿粉了，澜屿的用户到底欠他什么，烦死了",
)


def _laodao_history(feed: _Feed) -> str:
    """His timeline and the record around him; returns his latest Bilibili video's id."""
    for index, (days, text) in enumerate(_LAODAO_CONTEMPT):
        posted = feed.days_ago(days)
        feed.add("weibo", text, LAODAO_WB, posted, reach=1.2)
        for _ in range(1 + (index % 3 == 0)):
            line = feed.deal(_FAN_HURT)
            platform = feed.rng.choice(("weibo", "tieba", "bilibili"))
            feed.add(platform, line, feed.fan(), feed.after(posted, 36.0))
    latest = ""
    for days, text in _LAODAO_REVIEWS:
        latest = feed.add("bilibili", text, LAODAO_BILI, feed.days_ago(days), kind="video")
    for days, text in _LAODAO_RECORD:
        feed.add("weibo", text, LAODAO_WB, feed.days_ago(days), reach=0.8)
    for platform, author, days, text, kind in _RECORD_BY_OTHERS:
        feed.add(platform, text, author, feed.days_ago(days), kind=kind)
    return latest


# The leak and the wave after it: hours before now, most of it inside the last 48 hours.
_WAVE_POSTS = (
    "澜屿投了老刀？？？骂了屿粉三年的人你们也敢合作，品牌部脑子进水了吧，恶心",
    "截图都出来了，老刀亲口说澜屿投了他。屿粉被他骂负资产的时候澜屿在哪？心寒",
    "澜屿找硬核老刀恰饭，等于花钱请人骂自己的用户，离谱到家了，失望",
    "三年屿粉，X3、X4、X5一路买过来，今天看到澜屿要跟老刀谈商单，真的失望透了，脱粉",
    "刀哥：屿粉是负资产。澜屿：好的，请收下我们的年框。这是什么垃圾品牌[怒]",
    "澜屿要是官宣老刀，我手里的X5 Pro直接挂闲鱼，说到做到，抵制",
    "澜屿品牌部有人上网吗？老刀骂屿粉韭菜的视频还挂着，你们就去谈合作？丢人",
    "老刀被曜川起诉还败诉了，又被禁言，这种劣迹博主澜屿也敢投，吃相难看",
    "屿粉被骂的时候没人管，现在品牌直接跟骂人的坐一桌谈合作，背刺，彻底寒心",
    "已取关澜屿手机。跟老刀合作官宣的那天，就是我卸载澜屿商城的那天",
    "澜屿给老刀打钱，老刀拿钱继续骂屿粉，闭环了属于是，垃圾操作",
    "澜屿出来说句话，到底有没有跟硬核老刀谈合作？不说清楚就当是真的，拒绝购买",
    "听说老刀的商单报价八十万，澜屿花八十万买一个骂自己用户的人，离谱，愤怒",
    "澜屿这波是真把屿粉当韭菜了，连老刀都能合作，还有什么底线，恶心",
    "谁拍板要投老刀的？这种人该被开除，澜屿太让人失望了",
    "昨天还在给澜屿X5写好评，今天看到老刀合作的截图，好评删了，改差评",
    "澜屿请老刀代言，是打算让他在发布会上当面骂屿粉吗，恶心[怒]",
    "澜屿要是官宣老刀，下一代我就买曜川了，不是气话，失望至极",
    "屿粉超话已经炸了，几百条都在骂澜屿品牌部，跟老刀合作？绝对不行，抵制",
    "老刀那条澜屿投了我我看到了，是真的，他后来自己删了，澜屿你们想想怎么收场吧，差劲",
    "从澜屿第一代就买的老用户，老刀合作这件事我接受不了，恶心得吃不下饭",
    "澜屿吧已经全是骂的了，老刀这个合作签了就是和全体屿粉作对，抵制",
    "老刀骂屿粉负资产的时候澜屿一声不吭，现在还要给他送商单，呸",
    "建议澜屿把品牌部改名叫老刀后援会，恶心[微笑]",
    "澜屿要跟老刀搞年框？我这就去把预约的Pad Air退了，退钱",
    "姐妹们避雷澜屿，品牌都要跟骂用户的老刀合作了，这种品牌不值得支持，失望",
    "去年老刀说屿粉脑残，今年澜屿给他商单，我算看明白了，品牌根本不在乎我们，寒心",
    "澜屿公关是外包给老刀粉丝团了吗？这种合作都敢谈，愤怒",
    "许知遥不是天天说用户第一吗？跟老刀合作就是你们的用户第一？可笑，失望",
    "原本双十一准备换澜屿X5 Pro，老刀合作的事一出直接拔草，垃圾品牌，换别家",
    "屿粉不是韭菜，澜屿要是执意跟老刀合作，我们用钱包投票，抵制到底",
    "老刀视频底下一堆屿粉在骂，澜屿这合作还没官宣就凉了，丢人",
    "太离谱了，澜屿投了老刀？那个骂我们是负资产的老刀？气死我了",
    "老刀的合作要是真签了，澜屿的口碑就彻底烂了，别怪屿粉不念旧情",
)

_WAVE_LONG = (
    (
        "zhihu",
        "article",
        "如何看待澜屿被曝与硬核老刀洽谈合作？说点实际的：老刀过去几个月至少发了十几条辱骂屿粉的内容，"
        "还有名誉权败诉和禁言记录。品牌和这种博主合作，等于告诉核心用户你们的感受不重要。"
        "这是一个完全可以提前发现的风险，澜屿却一头撞上去，非常失败，差评。",
    ),
    (
        "tieba",
        "post",
        "【讨论】澜屿投老刀这事，吧里的屿粉们怎么看？我先说，不能接受，恶心。"
        "他骂我们的时候澜屿一句话没说，现在还要给他年框，凭什么？",
    ),
    (
        "xiaohongshu",
        "post",
        "避雷｜澜屿要和硬核老刀合作了？？那个天天骂屿粉韭菜的老刀？"
        "已经把购物车里的澜屿Buds 3删了，失望",
    ),
    (
        "news",
        "article",
        "数码博主硬核老刀被曝与澜屿洽谈商业合作。此前其多次公开辱骂澜屿用户，并有名誉权诉讼败诉记录，"
        "消息引发大量澜屿用户不满和抵制，澜屿官方称未签署任何合作协议。",
    ),
)

# Comments under the brand's own and executives' posts: the fandom's voice where the brand listens.
_VENUE_OPENERS = (
    "",
    "顾总，",
    "官方出来解释！",
    "说真的，",
    "求求了，",
    "我就问一句，",
    "@澜屿手机 ",
)
_VENUE_CORES = (
    "澜屿真要和老刀合作？他骂了屿粉三年",
    "跟老刀签年框之前先看看他是怎么骂屿粉的",
    "老刀的商单澜屿真敢接？屿粉的脸往哪放",
    "澜屿投了老刀这事给个准话",
    "屿粉不需要一个骂我们负资产的人来代言澜屿",
    "澜屿官宣老刀之日，就是我脱粉之时",
    "刀哥的广子澜屿也敢投",
    "屿粉花钱买澜屿，澜屿花钱请老刀骂屿粉，这合作",
    "澜屿请停止和硬核老刀的合作谈判",
    "屿粉等了三年，等来澜屿和老刀谈商单",
    "和老刀合作？澜屿是忘了他怎么骂屿粉的吗",
    "澜屿要是给老刀年框，屿粉就集体退坑",
    "老刀拿着澜屿的钱骂屿粉，这合作图什么",
)
_VENUE_CLOSERS = (
    "，恶心。", "，太失望了。", "[怒]", "，寒心。", "，差评！", "，别逼屿粉脱粉。",
    "，抵制！", "，真的很生气。", "，丢人。", "，垃圾决定。",
)  # fmt: skip
_VENUE_HANDWRITTEN = (
    ("ceo_x6", "顾总，X6再好，澜屿要是跟老刀合作我也不会买了，失望"),
    ("ceo_x6", "@澜屿顾承岳 先别画X6的饼了，老刀年框的事给屿粉一个交代"),
    ("pr_store", "许总开心开店的时候，屿粉在被老刀骂负资产，澜屿真要给他商单吗？寒心"),
    ("pr_store", "@澜屿许知遥 老刀合作到底是谁推的？请正面回答，别装看不见"),
    ("official_sale", "雾松绿不买了，澜屿先把老刀合作的事说清楚，恶心"),
    ("official_sale", "开售当天评论区全是骂老刀合作的，澜屿还不明白吗？屿粉很生气"),
    ("official_statement", "未签署不等于没谈，澜屿和老刀到底谈到哪一步了？别糊弄屿粉，失望"),
    ("official_statement", "说明写得跟没写一样，澜屿明确说一句：不与老刀合作。做不到就抵制"),
    ("official_statement", "网传博主？不敢写老刀的名字吗？澜屿这态度让屿粉心寒"),
    ("pr_reply", "许知遥给时间可以，先公开表态不和老刀合作，不然就是拖，差劲"),
    ("pr_reply", "@澜屿许知遥 屿粉要的是澜屿不与硬核老刀合作，不是一句在看，失望"),
    ("ceo_factory", "顾承岳你看看评论区，屿粉都在骂，老刀这个合作必须停，垃圾决定"),
    ("ceo_factory", "工厂辛苦，品牌部坑人，澜屿投了老刀的事谁来负责？愤怒"),
)

_DEFENDERS = (
    "说实话老刀测评是真敢说，澜屿找他合作说明对产品有信心，我支持，期待",
    "老刀嘴是臭，但专业能力没得说，澜屿跟他合作说不定是好事，大家冷静点，理性看待",
    "我是屿粉也是老刀的老观众，合作要是真的我觉得挺好，能让澜屿听到不一样的声音，支持",
)

_WITHDRAWAL = (
    "说明一下：我和澜屿原定下个月开始的年框，今天已经跟对接同事沟通，取消年框，不再合作。"
    "原因很简单，我没办法和一个骂了屿粉三年的老刀出现在同一个品牌的合作名单里。"
    "对不住澜屿的朋友们，也对不住一直支持我的屿粉。"
)

_WITHDRAWAL_REPOSTS = (
    "阿杭都取消年框了，澜屿还不醒？老刀这个合作必须停，恶心",
    "极客阿杭有骨气，澜屿为了老刀连自己的老合作伙伴都留不住，丢人",
    "为阿杭点赞。澜屿，屿粉在看你们怎么选，老刀还是我们，失望",
    "连合作博主都看不下去老刀了，澜屿品牌部醒醒吧，差劲",
)


def _leak(feed: _Feed, venues: dict[str, str], laodao_video: str) -> None:
    """The brag, the screenshot, the wave, the peer who walks out, the few who defend him."""
    feed.add(
        "weibo",
        "澜屿投了我。屿粉先别急，以后骂你们我会收着点的，大概吧[微笑] 一群韭菜。",
        LAODAO_WB,
        timedelta(hours=62),
        reach=0.3,
        tombstone="deleted by author",
    )
    screenshot = feed.add(
        "weibo",
        "网传截图：硬核老刀发博称澜屿投了我，随后删除，疑似已在谈年框合作。澜屿官方暂未回应。",
        GOSSIP,
        timedelta(hours=60),
        reach=2.5,
    )
    for index, text in enumerate(_WAVE_POSTS):
        hours = feed.rng.uniform(1.0, 58.0) if index % 5 else feed.rng.uniform(1.0, 20.0)
        platform = feed.rng.choice(("weibo", "weibo", "weibo", "tieba", "xiaohongshu", "douyin"))
        if index % 4 == 0:
            feed.add(
                "weibo", text, feed.fan(), timedelta(hours=hours), kind="repost", parent=screenshot
            )
        elif index % 7 == 3:
            feed.add(
                "bilibili",
                text,
                feed.fan(),
                timedelta(hours=hours),
                kind="comment",
                parent=laodao_video,
            )
        else:
            feed.add(platform, text, feed.fan(), timedelta(hours=hours))
    for platform, kind, text in _WAVE_LONG:
        author = NEWS_BIZ if platform == "news" else feed.fan()
        feed.add(platform, text, author, feed.hours_ago(4.0, 40.0), kind=kind, reach=3.0)
    _venue_flood(feed, venues)
    for text in _DEFENDERS:
        feed.add("weibo", text, feed.fan(), feed.hours_ago(3.0, 45.0))
    walkout = feed.add("weibo", _WITHDRAWAL, AHANG, timedelta(hours=27), reach=2.0)
    for text in _WITHDRAWAL_REPOSTS:
        feed.add(
            "weibo", text, feed.fan(), feed.hours_ago(2.0, 26.0), kind="repost", parent=walkout
        )


def _venue_flood(feed: _Feed, venues: dict[str, str]) -> None:
    # Nobody can be angry about the deal before the screenshot (60 hours ago) is out.
    hours_of = {key: min(hours, 58.0) for key, _, hours, _ in _RECENT_VENUES}
    for key, text in _VENUE_HANDWRITTEN:
        ago = feed.hours_ago(0.5, hours_of[key] - 0.2)
        feed.add("weibo", text, feed.fan(), ago, kind="comment", parent=venues[key], reach=3.0)
    combos = [
        (opener, core, closer)
        for opener in _VENUE_OPENERS
        for core in _VENUE_CORES
        for closer in _VENUE_CLOSERS
    ]
    keys = [key for key, _, hours, _ in _RECENT_VENUES if hours < 58]
    for opener, core, closer in feed.rng.sample(combos, 36):
        key = feed.rng.choice(keys)
        ago = feed.hours_ago(0.5, hours_of[key] - 0.2)
        text = opener + core + closer
        feed.add("weibo", text, feed.fan(), ago, kind="comment", parent=venues[key], reach=2.0)
    for text in (
        "老刀的合作要是真的，澜屿这视频我就不点赞了，失望",
        "澜屿官方，屿粉在问你们老刀年框的事，别装死，恶心",
    ):
        ago = feed.hours_ago(0.5, 29.0)
        feed.add("bilibili", text, feed.fan(), ago, kind="comment", parent=venues["official_bili"])


# --- 苏葵实验室: fair but hard reviews, an old apology, mixed talk about a deal -------------

_SUKUI_ON_BRAND: tuple[tuple[str, DemoAuthor, float, str], ...] = (
    # One old jab at the fans after a review was piled on: the "contempt for the fandom means at
    # least caution" rule is what makes this watch a caution rather than a go.
    (
        "xiaohongshu",
        SUKUI_XHS,
        214,
        "说了句续航不行就被屿粉冲了一晚上私信，真是好宽容的一群人呢[微笑]，屿粉的战斗力我服了。",
    ),
    (
        "bilibili",
        SUKUI_BILI,
        203,
        "澜屿Pad Air上手一周：屏幕素质不错，看书很舒服，适合学生党，推荐。",
    ),
    (
        "bilibili",
        SUKUI_BILI,
        121,
        "澜屿X5 Pro续航实测：重度使用撑不到一天，比宣传差了一大截。"
        "这个价位给出这种续航，很失望，差评。",
    ),
    (
        "bilibili",
        SUKUI_BILI,
        76,
        "澜屿X5和曜川Q9影像对比：白天各有千秋，夜景澜屿表现更稳，人像曜川更自然，都值得推荐。",
    ),
    (
        "xiaohongshu",
        SUKUI_XHS,
        47,
        "澜屿Buds 3降噪只能打不及格：地铁里低频压不住，通话风噪也大，"
        "这一项确实很差，冲着降噪买的慎重。",
    ),
    (
        "bilibili",
        SUKUI_BILI,
        14,
        "澜屿X5 Pro续航复测：更新后比首发多撑了一个多小时，进步明显，值得表扬，点赞。",
    ),
)

_SUKUI_REVIEWS = (
    "曜川Q9 Pro一个月长测：影像稳定，系统流畅，发热控制得不错。",
    "2025年下半年充电宝横评：十二款产品，实测容量和标称差多少？",
    "朔风R8屏幕素质测试：亮度、色准、频闪，数据都放在简介里了。",
    "五款百元有线耳机盲听，结果有点出乎意料。",
    "平板学习机值不值得买？我们拆了三台看看里面有什么。",
    "朔风R8 Ultra长焦实拍，演唱会党可以看看这期。",
    "曜川新款手表实测：心率在运动时偏差较大，日常使用问题不大。",
    "手机贴膜到底有没有必要？我们做了一个月的跌落和划痕测试。",
    "千元机续航排行更新，第一名是一台没什么人注意的机器。",
    "机械键盘轴体科普：红轴茶轴青轴到底怎么选。",
    "这期测了八款蓝牙音箱，重点看低音和续航。",
    "曜川Q9和朔风R8的信号对比，地下车库和电梯都测了。",
    "实验室新买了一台色度计，以后屏幕测试的数据会更准确。",
    "用了半年的折叠屏，折痕变化实拍，放在视频后半段。",
    "移动电源能不能带上飞机？把规定和实测放在一起讲清楚。",
    "粉丝问得最多的问题合集：主力机、耳机、充电器都在这里。",
    "朔风新出的平板键盘套，手感意外地好。",
    "四款游戏手机散热实测，背夹开和不开差多少。",
    "路由器横评：穿墙能力差别比想象的大。",
    "这期不吹不黑，聊聊为什么我不推荐买首发。",
)

_SUKUI_RECORD: tuple[tuple[str, DemoAuthor, float, str, str], ...] = (
    (
        "bilibili",
        SUKUI_BILI,
        842,
        "致歉：上期键盘视频是品牌推广，但我没有在标题和简介里标注广告，这是我的错，向大家道歉。以后所有商单都会在开头明确标注。",
        "video",
    ),
    (
        "news",
        NEWS_TECH,
        841,
        "测评博主苏葵实验室因推广视频未标注广告被网友指出，已发视频致歉并删除原视频。",
        "article",
    ),
    (
        "zhihu",
        DemoAuthor("zh-xiaobai", "小白测评控", 18_000),
        111,
        "苏葵算是测评区比较客观的了，唯一的黑点是几年前没标广告那次，她当时就认了错，之后一直标得很清楚。",
        "article",
    ),
)

_SUKUI_FANS = (
    "苏葵的测评一直很中肯，数据详细，推荐大家看看",
    "葵姐这期充电宝横评太实用了，收藏",
    "苏葵实验室的测试方法很严谨，是我最信任的测评频道之一",
    "葵姐语速能不能慢一点，每次都要暂停好几次哈哈",
    "苏葵说不推荐首发那期说到我心坎里了",
    "看了苏葵的耳机盲听，省下了两百块，感谢",
    "苏葵实验室的视频节奏有点慢，不过信息量确实大",
    "葵姐的色度计测试好专业，期待后面的屏幕横评",
    "苏葵这期路由器横评不错，穿墙测试很直观",
    "在苏葵这里学到了很多选机知识，谢谢葵姐",
    "苏葵的视频适合买之前看，不适合睡前看，信息太多了",
    "有人觉得苏葵最近更新变慢了吗",
)

# Talk of a possible deal: mixed, with the critiques remembered.
_SUKUI_DEAL: tuple[tuple[float, str], ...] = (
    (33, "听说澜屿在和苏葵实验室谈合作，求问是真的吗"),
    (29, "苏葵前两个月刚说澜屿续航差，现在就接澜屿商单？有点打脸吧，失望"),
    (26, "苏葵和澜屿合作我觉得挺好，她敢说缺点，屿粉应该欢迎这样的测评，支持"),
    (21, "如果苏葵真和澜屿合作，以后她的澜屿测评我就不太敢信了，有点失望"),
    (17, "期待苏葵实验室和澜屿合作，希望能把X6的续航测清楚，支持"),
    (13, "葵姐要接澜屿广子的话，先把Buds 3降噪差的问题说清楚，不然吃相难看，失望"),
    (10, "苏葵要是接了澜屿的推广，会标注广告吧？毕竟以前因为这个道过歉"),
    (7, "作为屿粉，我支持澜屿找苏葵合作，至少她批评得有理有据，靠谱"),
    (5, "澜屿找苏葵恰饭？她说X5 Pro续航那期我是认同的，但合作以后还敢这么说吗"),
    (4, "苏葵和澜屿的合作好像是真的，有人在澜屿的活动上看到她了"),
)


def _sukui(feed: _Feed) -> None:
    for platform, author, days, text in _SUKUI_ON_BRAND:
        kind = "video" if platform == "bilibili" else "post"
        feed.add(platform, text, author, feed.days_ago(days), kind=kind)
    for index, text in enumerate(_SUKUI_REVIEWS):
        days = 235 - index * 11.5 + feed.rng.uniform(-3, 3)
        if index % 3 == 2:
            feed.add("xiaohongshu", text, SUKUI_XHS, feed.days_ago(days))
        else:
            feed.add("bilibili", text, SUKUI_BILI, feed.days_ago(days), kind="video")
    for platform, author, days, text, kind in _SUKUI_RECORD:
        feed.add(platform, text, author, feed.days_ago(days), kind=kind, reach=0.5)
    for text in _SUKUI_FANS:
        platform = feed.rng.choice(("bilibili", "xiaohongshu", "weibo", "zhihu"))
        feed.add(platform, text, feed.fan(), feed.days_ago(feed.rng.uniform(3, 230)))
    for days, text in _SUKUI_DEAL:
        platform = feed.rng.choice(("weibo", "xiaohongshu", "tieba", "bilibili"))
        feed.add(platform, text, feed.fan(), feed.days_ago(days))


# --- 小满爱拆机: a teardown channel, a collaboration everyone likes ------------------------

_XIAOMAN_ON_BRAND: tuple[tuple[DemoAuthor, float, str, str], ...] = (
    (
        XIAOMAN_BILI,
        226,
        "video",
        "拆解澜屿X5：主板堆叠很工整，散热铜管用料扎实，维修友好度给8分，做得真不错。",
    ),
    (
        XIAOMAN_DY,
        190,
        "video",
        "澜屿Buds 3拆解：电池用的标准件，自己就能换，设计很贴心，好评推荐。",
    ),
    (XIAOMAN_BILI, 117, "video", "澜屿Watch S2拆解：防水胶圈做得很认真，细节满分，推荐。"),
    (
        XIAOMAN_WB,
        52,
        "post",
        "官宣：小满爱拆机和澜屿正式合作啦！很开心，感谢大家一直以来的喜欢和支持，新品拆解敬请期待！",
    ),
    (
        XIAOMAN_BILI,
        38,
        "video",
        "【澜屿合作】拆解澜屿X5 Pro：中框和主板固定很用心，用料扎实，做工优秀，值得推荐。",
    ),
    (XIAOMAN_WB, 20, "post", "澜屿×小满爱拆机联名透明壳上线，谢谢屿粉们的喜欢，做得很开心！"),
    (XIAOMAN_DY, 6, "video", "澜屿Pad Air拆机：电池排线设计很贴心，维修师傅会喜欢，好评。"),
)

_XIAOMAN_TEARDOWNS = (
    "拆解曜川Q9：内部做工整齐，屏幕排线保护很到位。",
    "朔风R8拆机：散热用的均热板面积很大，看得出来很重视游戏。",
    "十年前的老手机和现在的旗舰拆开对比，变化真大。",
    "拆了一台二手平板，看看翻新机是怎么做出来的。",
    "百元充电宝拆解：电芯居然是好东西，有点意外。",
    "朔风R8 Ultra的潜望镜头拆出来给大家看看，很精致。",
    "曜川Q9 Pro换电池教程，手残党也能学会。",
    "拆一台游戏掌机，散热风扇做得挺有意思。",
    "智能手表为什么难修？拆给你看。",
    "粉丝寄来的坏手机，修好了，顺便讲讲主板维修。",
    "拆解一副入门降噪耳机，麦克风位置很讲究。",
    "机械键盘拆解清洁，顺便换个轴，治愈系视频。",
    "曜川新款手表拆解，传感器排布很紧凑。",
    "拆机工具推荐，新手入门这几样就够了。",
    "拆解一台十年前的相机，老工艺真的很美。",
    "今天的视频是粉丝点播：拆一台电子词典。",
    "折叠屏铰链拆开看，小零件居然有一百多个。",
    "充电器为什么越做越小？拆三代对比一下。",
)

_XIAOMAN_FANS = (
    "小满爱拆机的拆机视频真的治愈，讲得清楚又不啰嗦",
    "小满同学拆机手太稳了，每次看都很舒服",
    "韩小满的镜头语言越来越好了，拆机也能拍得这么好看",
    "看小满爱拆机学会了自己换电池，省了一百多，感谢",
    "小满同学的视频是下饭神器，喜欢",
    "小满爱拆机的工具推荐那期很实用，已经照着买了",
    "小满同学讲维修友好度的标准很客观，支持",
    "一到周五就等小满爱拆机更新，期待",
    "小满爱拆机拆相机那期太美了，老工艺yyds",
    "给小满同学点赞，拆机界的宝藏up",
    "小满爱拆机的字幕做得很认真，细节控狂喜",
    "小满同学能不能拆一次无人机，期待",
)

_XIAOMAN_DEAL = (
    "小满爱拆机和澜屿的联名透明壳真好看，很喜欢，已下单支持",
    "澜屿这次找小满同学合作眼光不错，拆机博主比硬广靠谱多了",
    "作为屿粉，很喜欢澜屿和小满爱拆机的合作，内容真实不尬吹，好评",
    "小满同学做的澜屿X5 Pro那期视频真好看，这样的合作我很喜欢，支持",
    "澜屿和小满同学的合作视频我看了三遍，专业又有趣，点赞",
    "小满爱拆机说澜屿Buds 3电池好换，这种推广我爱看",
    "小满同学恰澜屿的饭也恰得明明白白，优点缺点都说了，支持",
)


def _xiaoman(feed: _Feed) -> None:
    for author, days, kind, text in _XIAOMAN_ON_BRAND:
        platform = {XIAOMAN_BILI: "bilibili", XIAOMAN_DY: "douyin", XIAOMAN_WB: "weibo"}[author]
        feed.add(platform, text, author, feed.days_ago(days), kind=kind)
    for index, text in enumerate(_XIAOMAN_TEARDOWNS):
        days = 232 - index * 12.5 + feed.rng.uniform(-3, 3)
        if index % 3 == 1:
            feed.add("douyin", text, XIAOMAN_DY, feed.days_ago(days), kind="video")
        else:
            feed.add("bilibili", text, XIAOMAN_BILI, feed.days_ago(days), kind="video")
    for text in _XIAOMAN_FANS:
        platform = feed.rng.choice(("bilibili", "douyin", "weibo", "xiaohongshu"))
        feed.add(platform, text, feed.fan(), feed.days_ago(feed.rng.uniform(3, 230)))
    for text in _XIAOMAN_DEAL:
        platform = feed.rng.choice(("weibo", "xiaohongshu", "bilibili", "douyin"))
        feed.add(platform, text, feed.fan(), feed.days_ago(feed.rng.uniform(1, 50)))


# A footballer who shares the friendly KOL's real name: a namesake the matcher cannot tell apart.
_FOOTBALLER = (
    ("news", "江城FC前锋韩小满第78分钟头球破门，帮助球队客场1比0取胜。"),
    ("weibo", "韩小满这个头球太漂亮了，江城FC终于赢球了！"),
    ("news", "U23国家队集训名单公布，江城FC的韩小满首次入选。"),
    ("douyin", "韩小满赛后采访：感谢队友，下一场继续努力。"),
    ("weibo", "江城FC今天首发有韩小满吗？在线等"),
    ("news", "中甲第20轮：江城FC 2比2战平海港联，韩小满送出一次助攻。"),
    ("tieba", "【赛后】韩小满这赛季已经6个进球了，续约必须安排上"),
    ("weibo", "看球看到韩小满进球，跳起来把可乐打翻了哈哈"),
    ("news", "江城FC官方：前锋韩小满脚踝扭伤，预计休战两周。"),
    ("douyin", "韩小满伤愈复出就进球，状态回来了"),
    ("zhihu", "如何评价江城FC前锋韩小满本赛季的表现？速度快，门前嗅觉好，对抗还需要加强。"),
)


def _footballer(feed: _Feed) -> None:
    for index, (platform, text) in enumerate(_FOOTBALLER):
        author = NEWS_SPORT if platform == "news" else feed.fan()
        kind = "article" if platform in ("news", "zhihu") else "post"
        feed.add(platform, text, author, feed.days_ago(210 - index * 18.0), kind=kind)


# --- background: the brand and its competitors without any of the three KOLs ---------------------

_PRODUCTS = ("澜屿X5", "澜屿X5 Pro", "澜屿Buds 3", "澜屿Pad Air", "澜屿Watch S2")
_ASPECTS = ("续航", "拍照", "屏幕", "手感", "系统", "信号", "音质", "充电速度", "做工")
_VERDICTS = (
    "用了一个月，{a}挺满意的", "{a}比上一代进步很大，好评", "{a}中规中矩，没什么惊喜",
    "{a}有点拉胯，希望更新能修", "朋友推荐买的，{a}确实不错", "{a}是我选它的主要原因",
    "{a}一般般吧，这个价位能接受", "说实话{a}让我有点失望", "{a}真的很好，推荐",
)  # fmt: skip
_BRAND_CHATTER = (
    "澜屿的售后体验真的好，上门取件第二天就修好寄回来了",
    "澜屿X5 Pro发热有点明显，打游戏半小时背部烫手，希望优化",
    "澜屿线下店的工作人员很耐心，教我爸用了半小时新手机",
    "澜屿今年的发布会比去年好看多了，少了很多空话",
    "有没有屿粉知道澜屿X5什么时候降价",
    "澜屿科技三季度出货量同比增长18%，中端机型贡献最大",
    "LANYU海外版的系统终于支持双卡了",
    "澜屿OS更新后待机耗电明显好了，点赞",
    "澜屿Buds 3的佩戴舒适度是我用过最好的",
    "澜屿商城的以旧换新估价有点低，不太划算",
    "屿粉聚会第一次参加，大家都好热情",
    "澜屿Pad Air给孩子上网课用，护眼模式不错",
    "澜屿客服回复速度可以，问题也解决了",
    "澜屿X5的相机夜景比我之前用的手机强不少",
    "澜屿手表表带有点硬，换了个第三方的舒服多了",
)
_COMPETITOR_CHATTER = (
    "曜川Q9拍照是真的好，尤其是人像",
    "朔风R8的快充太香了，早上洗漱时间就能充满",
    "曜川Q9和澜屿X5纠结中，预算五千左右，求推荐",
    "朔风R8 Ultra长焦拍月亮，效果惊到我了",
    "曜川的系统广告还是有点多，希望改改",
    "朔风今年的发布会节奏好快，一口气发了六款产品",
    "曜川科技发布年度财报，手机业务营收同比增长12%",
    "朔风R8的信号比上代好了，地铁里不掉线了",
    "曜川新出的手表颜值在线，就是续航一般",
    "朔风平板的键盘套手感意外地好",
)


def _background(feed: _Feed) -> None:
    platforms = ("weibo", "xiaohongshu", "tieba", "zhihu", "douyin", "bilibili")
    combos = [(p, a, v) for p in _PRODUCTS for a in _ASPECTS for v in _VERDICTS]
    for product, aspect, verdict in feed.rng.sample(combos, 30):
        text = f"{product}{verdict.format(a=aspect)}"
        feed.add(
            feed.rng.choice(platforms), text, feed.fan(), feed.days_ago(feed.rng.uniform(1, 235))
        )
    for text in _BRAND_CHATTER:
        platform = "news" if "出货量" in text else feed.rng.choice(platforms)
        author = NEWS_BIZ if platform == "news" else feed.fan()
        kind = "article" if platform == "news" else "post"
        feed.add(platform, text, author, feed.days_ago(feed.rng.uniform(1, 235)), kind=kind)
    for text in _COMPETITOR_CHATTER:
        platform = "news" if "财报" in text else feed.rng.choice(platforms)
        author = NEWS_BIZ if platform == "news" else feed.fan()
        kind = "article" if platform == "news" else "post"
        feed.add(platform, text, author, feed.days_ago(feed.rng.uniform(1, 235)), kind=kind)


def posts(now: datetime) -> list[dict[str, Any]]:
    """POST /v1/posts items telling the demo story, all dated before `now` (deterministic)."""
    feed = _Feed(now)
    venues = _venues(feed)
    laodao_video = _laodao_history(feed)
    _leak(feed, venues, laodao_video)
    _sukui(feed)
    _xiaoman(feed)
    _footballer(feed)
    _background(feed)
    # Added after the story above, so its posts (and their random draws) stay as they were.
    _sukui_rival_deals(feed)
    _paid_smear(feed, venues)
    return feed.items


# --- issue 20: a competitor deal in 苏葵's dossier, a paid smear against 小满 ------------------

_SUKUI_RIVAL_DEALS: tuple[tuple[str, DemoAuthor, float, str], ...] = (
    (
        "bilibili",
        SUKUI_BILI,
        48,
        "【曜川X9 深度体验】#商单# 本期视频由曜川赞助，结论都是我自己测出来的：影像进步明显，"
        "续航中规中矩，价格偏高。感谢@曜川手机 的支持。",
    ),
    (
        "xiaohongshu",
        SUKUI_XHS,
        305,
        "#广告# 和朔风合作的一期，朔风R8的屏幕素质是真的好，护眼模式我用了一个月，细节放图里了。",
    ),
)

# Three templates a paid poster varies a little (a tail, an emoji) to slip past duplicate filters.
_SMEAR_TEMPLATES = (
    "小满爱拆机收了澜屿多少钱？拆机视频全是恰饭，这种博主也配跟澜屿合作？屿粉醒醒吧",
    "澜屿和小满爱拆机的合作就是割韭菜，拆机全是收钱说好话，大家千万别信这次推广",
    "抵制澜屿和小满爱拆机合作！恰烂饭的博主，澜屿也是瞎了眼，退钱",
)
_SMEAR_TAILS = ("", "[怒]", "！！", " 转发扩散", "[吐]", "。", "[哼]", " 说出真相")


def _sukui_rival_deals(feed: _Feed) -> None:
    for platform, author, days, text in _SUKUI_RIVAL_DEALS:
        kind = "video" if platform == "bilibili" else "post"
        feed.add(platform, text, author, feed.days_ago(days), kind=kind)


def _paid_smear(feed: _Feed, venues: dict[str, str]) -> None:
    """Thirty fresh accounts (0-8 followers), three templates, ten minutes, under the official
    account's latest sale post: what kolrisk names coordinated and leaves out of the backlash."""
    start = timedelta(hours=9)
    for n in range(30):
        text = _SMEAR_TEMPLATES[n % 3] + _SMEAR_TAILS[n % len(_SMEAR_TAILS)]
        bot = DemoAuthor(
            f"u58{feed.rng.randrange(10**7, 10**8)}", f"用户{58000000 + 7919 * n}", n % 9
        )
        ago = start - timedelta(seconds=20 * n)
        feed.add("weibo", text, bot, ago, kind="comment", parent=venues["official_sale"])
